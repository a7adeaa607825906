"""Lighter stylesheets and scripts for a first visit, written over their built copies at the end of a build.

The sources in docs/assets/ keep their comments for the people who edit them; readers need none of that.
So once MkDocs has copied them, this step:

- takes the comments and the indentation out of the site's own stylesheets and scripts (mkdocs.yml
  extra_css and extra_javascript, and the two that pages load by themselves: letters.js and the search
  worker; embed-loader.js, which other websites load, keeps its header). Scripts lose only whole comment
  lines and comment blocks that start a line, and each line's leading spaces: nothing inside a line of
  code is touched, so a string that holds "//" or "/*" stays as it is;
- keeps, of Material's palette stylesheet, only the rules for the colour palettes mkdocs.yml uses (the
  file holds some twenty named palettes; this site uses its own "custom" colours and the dark scheme);
- gives Material's table styles (`table:not([class])`) to the site's tables too, which carry the class
  `iep-table` so that Material's script leaves them where the build wrapped them (macros/outputs/tables.py);
- leaves out of Material's main stylesheet the rules of features this site does not turn on (content
  tabs, code annotations, navigation tabs, a repository link, versions, tags, a blog, a cookie
  consent, page feedback, Critic and Keys markup, ...): a rule goes only when every one of its selectors
  names a class of such a feature, and only when no built page uses that class (turn a feature on,
  and its rules stay);
- marks Material's script for compiling at once (V8's compile hint `//# allFunctionsCalledOnLoad`, in
  Chromium since 136): nearly all of it runs as the page loads, and Chromium then compiles it while it
  downloads, on another thread, instead of one function at a time on the page's own thread. Its source
  map moves down a line with it. With Lighthouse's phone settings the script's task on the term and
  content pages fell from 103-125 ms to 61-99 ms (README, "What limits the targets not met"); other
  browsers ignore the comment.

A content page's first visit has a budget of 100 KB compressed (README, "Budgets"); this is a few KB of it.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from macros.outputs import tables

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_JS_BLOCK_COMMENT = re.compile(r"^[ \t]*/\*(?:(?!\*/).)*\*/[ \t]*\n", re.S | re.M)
_JS_LINE_COMMENT = re.compile(r"^[ \t]*//.*\n", re.M)
_PALETTE_RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")
_NAMED = re.compile(r"\[data-md-color-(?:primary|accent)=([\w-]+)\]")
# Material features the site does not use, by the start of their class names.
UNUSED_FEATURES = ("tabbed-", "md-tabs", "md-annotation", "md-source", "md-version", "md-select", "md-tag",
                   "md-post", "md-author", "md-profile", "md-consent", "md-feedback", "md-status", "md-banner",
                   "md-code__", "md-path", "critic", "keys")
_CLASS_ATTR = re.compile(r'class="([^"]*)"')


def css(text: str) -> str:
    """A stylesheet without comments, indentation or blank lines."""
    text = _CSS_COMMENT.sub("", text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n"


def js(text: str) -> str:
    """A script without whole-line comments, comment blocks that start a line, indentation or blank lines."""
    text = _JS_BLOCK_COMMENT.sub("", text)
    text = _JS_LINE_COMMENT.sub("", text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n"


COMPILE_AT_ONCE = "//# allFunctionsCalledOnLoad\n"


def compiled_at_once(script: str, source_map: str | None) -> tuple[str, str | None]:
    """A script with V8's hint to compile all its functions as it loads, and its source map (JSON text, if
    any) with every mapping one line lower: a `;` more at the start of "mappings" is an empty first line."""
    if script.startswith(COMPILE_AT_ONCE):
        return script, source_map
    if source_map is not None:
        data = json.loads(source_map)
        data["mappings"] = ";" + data["mappings"]
        source_map = json.dumps(data, separators=(",", ":"))
    return COMPILE_AT_ONCE + script, source_map


def palette(text: str, used: set[str]) -> str:
    """Material's palette stylesheet with only the rules whose named colours are all in `used`."""
    def keep(m: re.Match) -> str:
        return m[0] if set(_NAMED.findall(m[1])) <= used else ""
    return _PALETTE_RULE.sub(keep, text)


def without_features(text: str, unused: tuple[str, ...]) -> str:
    """A stylesheet without the rules whose every selector names a class of one of the unused features."""
    if not unused:
        return text
    feature = re.compile(r"\.(?:" + "|".join(map(re.escape, unused)) + r")[\w-]*")

    def keep(m: re.Match) -> str:
        selectors = m[1].split(",")
        return "" if all(feature.search(sel) for sel in selectors) else m[0]
    return _PALETTE_RULE.sub(keep, text)


def with_site_tables(text: str) -> str:
    """Material's main stylesheet with its rules for tables without a class given to `table.iep-table` as
    well (same specificity: :is() counts as its most specific argument)."""
    return text.replace("table:not([class])", f"table:is(:not([class]),.{tables.CLASS})")


def classes_in(site_dir: Path) -> set[str]:
    """Every class name the built pages use."""
    found: set[str] = set()
    for path in site_dir.rglob("*.html"):
        for attr in _CLASS_ATTR.findall(path.read_text(encoding="utf-8", errors="replace")):
            found.update(attr.split())
    return found


def shrink(site_dir: Path, stylesheets: list[str], scripts: list[str], colours: set[str]) -> None:
    """Rewrite the built copies of the site's own stylesheets and scripts, and Material's stylesheets and
    script."""
    for rel, shrink_text in [*((r, css) for r in stylesheets), *((r, js) for r in scripts)]:
        path = site_dir / rel
        if "://" not in rel and path.is_file():
            path.write_text(shrink_text(path.read_text(encoding="utf-8")), encoding="utf-8")
    for path in (site_dir / "assets" / "stylesheets").glob("palette.*.min.css"):
        path.write_text(palette(path.read_text(encoding="utf-8"), colours), encoding="utf-8")
    used = classes_in(site_dir)
    unused = tuple(f for f in UNUSED_FEATURES if not any(c.startswith(f) for c in used))
    for path in (site_dir / "assets" / "stylesheets").glob("main.*.min.css"):
        path.write_text(with_site_tables(without_features(path.read_text(encoding="utf-8"), unused)), encoding="utf-8")
    for path in (site_dir / "assets" / "javascripts").glob("bundle.*.min.js"):
        map_path = path.with_name(path.name + ".map")
        script, source_map = compiled_at_once(path.read_text(encoding="utf-8"),
                                              map_path.read_text(encoding="utf-8") if map_path.is_file() else None)
        path.write_text(script, encoding="utf-8")
        if source_map is not None:
            map_path.write_text(source_map, encoding="utf-8")
