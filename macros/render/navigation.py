"""The site's primary navigation, rendered in Python instead of Material's recursive Jinja macro.

Material's `partials/nav-item.html` calls a Jinja macro for every visible item of every page. On a site
of thousands of pages that is the largest single cost of the build, even with `navigation.prune`. This
module writes the same markup for the features this site turns on (`navigation.sections` and
`navigation.prune`; no tabs, indexes or expand) and is called from `overrides/partials/nav.html`.
tests/test_navigation.py builds the site with Material's own template too and compares every page's
navigation, element by element, so the two cannot drift apart.
"""
from __future__ import annotations

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.utils import normalize_url

# Material features whose markup this module writes; any other navigation feature needs Material's template.
SUPPORTED = {"navigation.sections", "navigation.prune"}
OTHER_NAV_FEATURES = {"navigation.tabs", "navigation.indexes", "navigation.expand", "toc.integrate"}
_ICON = '<span class="md-nav__icon md-icon"></span>'


class _Url(str):
    """A nav item's address, made relative to each page when the navigation is written out."""


class _Nav:
    """Writes the list items of the primary navigation for one page."""

    def __init__(self, context: Context, closed: dict[tuple, list[str]]) -> None:
        self.context = context
        self.page = context["page"]
        self.base = context["base_url"]
        self.out: list[str] = []  # markup, with each address as a _Url
        self.closed = closed

    def html(self) -> str:
        """The markup written so far, with the addresses made relative to the page."""
        return "".join(escape(normalize_url(s, page=self.page, base=self.base)) if isinstance(s, _Url) else s
                       for s in self.out)

    @staticmethod
    def content(item) -> str:
        """Material's render_content for a title without icon, subtitle or status (front matter
        validation, macros/pages.py, allows none of those fields)."""
        return f'<span class="md-ellipsis">{escape(item.title)}</span>'

    def item(self, item, path: str, level: int) -> None:
        if item.active:
            self.write_item(item, path, level)
            return
        key = (id(item), path, level)
        if key not in self.closed:
            start = len(self.out)
            self.write_item(item, path, level)
            self.closed[key] = self.out[start:]
        else:
            self.out.extend(self.closed[key])

    def write_item(self, item, path: str, level: int) -> None:
        cls = "md-nav__item md-nav__item--active" if item.active else "md-nav__item"
        out = self.out
        if item.children:
            is_section = level == 1
            pruned = not is_section and not item.active
            if is_section:
                cls += " md-nav__item--section"
            if pruned:
                cls += " md-nav__item--pruned"
            out.append(f'<li class="{cls} md-nav__item--nested">')
            if pruned:
                self.pruned(item, item)
            else:
                checked = " checked" if item.active else ""
                tabindex = "" if is_section else "0"
                out.append(
                    f'<input class="md-nav__toggle md-toggle " type="checkbox" id="{path}"{checked}>'
                    f'<label class="md-nav__link" for="{path}" id="{path}_label" tabindex="{tabindex}">'
                    f"{self.content(item)}{_ICON}</label>"
                    f'<nav class="md-nav" data-md-level="{level}" aria-labelledby="{path}_label" '
                    f'aria-expanded="{"true" if item.active else "false"}">'
                    f'<label class="md-nav__title" for="{path}">{_ICON}{escape(item.title)}</label>'
                    '<ul class="md-nav__list" data-md-scrollfix>')
                for n, child in enumerate(item.children, 1):
                    self.item(child, f"{path}_{n}", level + 1)
                out.append("</ul></nav>")
            out.append("</li>")
        elif item == self.page:
            toc = self.page.toc
            first = next(iter(toc), None)
            has_toc = bool(first.children if first is not None and first.level == 1 else toc)
            out.append(f'<li class="{cls}"><input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">')
            if has_toc:
                out.append(f'<label class="md-nav__link md-nav__link--active" for="__toc">{self.content(item)}{_ICON}</label>')
            out += ['<a href="', _Url(item.url), f'" class="md-nav__link md-nav__link--active">{self.content(item)}</a>']
            if has_toc:
                template = self.context.environment.get_template("partials/toc.html")
                out.append(template.render(self.context.get_all()))
            out.append("</li>")
        else:
            out += [f'<li class="{cls}"><a href="', _Url(item.url), f'" class="md-nav__link">{self.content(item)}</a></li>']

    def pruned(self, item, ref) -> None:
        """A collapsed section: one link to its first page, labelled with the section's title."""
        first = item.children[0]
        if first.children:
            self.pruned(first, ref)
        else:
            self.out += ['<a href="', _Url(first.url), f'" class="md-nav__link">{self.content(ref)}{_ICON}</a>']


class Navigation:
    """The navigation of one build. A closed section looks the same on every page except for its
    relative addresses, so its markup is written once and kept here."""

    def __init__(self) -> None:
        self._closed: dict[tuple, list[str]] = {}

    @pass_context
    def nav_items(self, context: Context) -> Markup:
        """The <li> items of the primary navigation of the page being rendered."""
        nav = _Nav(context, self._closed)
        for n, item in enumerate(context["nav"].items, 1):
            nav.item(item, f"__nav_{n}", 1)
        return Markup(nav.html())

    def install(self, env, features: frozenset[str]) -> None:
        """Make nav_items() available to the theme's templates, once the theme's features are known to fit."""
        check_features(features)
        env.globals["iep_nav_items"] = self.nav_items


def check_features(features: frozenset[str]) -> None:
    """Stop the build when the theme's features need markup this module does not write."""
    other, missing = features & OTHER_NAV_FEATURES, SUPPORTED - features
    if other or missing:
        change = f"has {', '.join(sorted(other))}" if other else f"lacks {', '.join(sorted(missing))}"
        raise PluginError(
            f"mkdocs.yml: theme.features {change}, but macros/render/navigation.py writes the navigation only for "
            f"{' and '.join(sorted(SUPPORTED))}. Keep those features, or delete overrides/partials/nav.html "
            "to use Material's own (slower) navigation template.")
