"""Stable addresses: every address the site has published keeps working.

Schools link to pages, frame embed views, fetch oEmbed files and keep term ids from glossary.json. The
addresses published so far are listed in addresses.txt at the project's root (one site-relative address
a line, sorted; `make addresses` adds the new ones and never drops one). The checker (checks/site.py) fails
when a listed address is no longer made by the build and no redirect covers it:

- a page that moved or went: a line `old/page.md: new/page.md` in redirects.yml. The build then writes, at
  the old page's address and at its embed view's, a small page that sends the reader (or the frame, with
  its ?theme= and #?secret=) on to the new one, carrying the Content Security Policy like every page, and
  a copy of the new page's oEmbed file at the old oEmbed address;
- a glossary term: never deleted. Retire it with `replaced_by: <new-id>` in its file; its page, card and
  glossary.json record stay and point to the new term.

Run: python -m macros.outputs.addresses [project folder]   (`make addresses`)
"""
from __future__ import annotations

import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from macros.model import yamlfile
from macros.model.problems import Problem
from macros.model.site import Site, url_of
from macros.outputs import csp, embed
from macros.render import safe

LIST_FILE = "addresses.txt"
REDIRECTS_FILE = "redirects.yml"
# Files every embedding site or data user may hold on to, besides the pages and their views.
FIXED = ("assets/javascripts/embed-loader.js", "glossary.json", "glossary.schema.json", "glossary.schema.1.json")
HEADER = """\
# Every address IEP Guide has published, below site_url ("/" is the home page): pages, embed views, term
# cards, oEmbed files, glossary data and the embed loader. Each must keep working: `make lint` fails when one is no longer made
# and no redirect covers it (a moved page: a line in redirects.yml; a term: `replaced_by` in its file).
# `make addresses` adds new addresses; it never removes one.
"""


def published(site: Site) -> set[str]:
    """Every address the build makes from the current sources."""
    out = set(FIXED)
    pages = dict(site.pages)
    for t in site.glossary.terms.values():
        out |= {f"glossary/{t.id}/", f"{embed.CARD_DIR}{t.id}/", f"{embed.CARD_DIR}{t.id}/{embed.OEMBED_FILE}"}
        out |= {f"{embed.EMBED_DIR}glossary/{t.id}/", f"{embed.EMBED_DIR}glossary/{t.id}/{embed.OEMBED_FILE}"}
    for src, page in pages.items():
        url = url_of(src)
        out.add(url)
        if page.embed:
            out |= {embed.EMBED_DIR + url, embed.EMBED_DIR + url + embed.OEMBED_FILE}
    return out


def read_list(root: Path) -> list[tuple[str, int]] | None:
    """The committed list as (address below site_url, line), or None when the project has none. Each line is
    an address starting with "/"; other lines (comments, blank) are skipped."""
    path = root / LIST_FILE
    if not path.is_file():
        return None
    return [(line.strip()[1:], n) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if line.strip().startswith("/")]


def write_list(root: Path, site: Site) -> tuple[int, int]:
    """Add the addresses the build makes now to the list; return (how many were added, how many in all)."""
    old = {a for a, _ in read_list(root) or []}
    new = old | published(site)
    (root / LIST_FILE).write_text(HEADER + "".join(f"/{a}\n" for a in sorted(new)), encoding="utf-8")
    return len(new - old), len(new)


@dataclass(frozen=True)
class Redirect:
    """One moved page: its old and new docs paths, and the line of redirects.yml that says so."""

    old: str
    new: str
    line: int

    @property
    def old_url(self) -> str:
        return url_of(self.old)

    @property
    def new_url(self) -> str:
        return url_of(self.new)


def redirects(site: Site) -> tuple[list[Redirect], list[Problem]]:
    """The redirects of redirects.yml, each checked: an old page that no longer exists, a new page that does."""
    root = site.settings.root
    path = root / REDIRECTS_FILE
    if not path.is_file():
        return [], []
    text, problems = yamlfile.read_text(path, REDIRECTS_FILE, "config")
    if text is None:
        return [], problems
    data, problems = yamlfile.load(text, REDIRECTS_FILE)
    if problems:
        return [], problems
    if data is None:
        return [], []
    lines = text.splitlines()

    def line_of(key: str) -> int:
        return next((n for n, line in enumerate(lines, 1) if line.split(":", 1)[0].strip().strip("'\"") == key), 0)

    if not isinstance(data, dict):
        return [], [Problem(REDIRECTS_FILE, 1, "must map each old page to its new page, one a line, like "
                                               "'iep/old-name.md: iep/new-name.md'")]
    out, problems = [], []
    for old, new in data.items():
        line = line_of(str(old))
        if not isinstance(old, str) or not isinstance(new, str) or not old.endswith(".md") or not new.endswith(".md"):
            problems.append(Problem(REDIRECTS_FILE, line, f"'{old}: {new}' is not a redirect; write the old and the new "
                                                          "page as paths of Markdown files in docs/, like 'iep/old-name.md: iep/new-name.md'"))
            continue
        if old.startswith("glossary/") and old != "glossary/index.md":
            problems.append(Problem(REDIRECTS_FILE, line, f"'{old}' is a glossary term's page; a term is never moved: keep "
                                                          f"glossary/{posixpath.basename(old)[:-3]}.yml and set 'replaced_by' in it"))
            continue
        if old in site.pages:
            problems.append(Problem(REDIRECTS_FILE, line, f"docs/{old} still exists, so '{old}' cannot redirect; remove "
                                                          "the line or the page"))
            continue
        target = site.pages.get(new)
        if target is None:
            problems.append(Problem(REDIRECTS_FILE, line, f"the new page docs/{new} does not exist; name the page that "
                                                          f"replaces docs/{old}"))
            continue
        out.append(Redirect(old, new, line))
    return out, problems


def _covered(address: str, moved: dict[str, Redirect]) -> bool:
    """Whether a redirect keeps an address working (the page, its embed view or its oEmbed file)."""
    rel = address[len(embed.EMBED_DIR):] if address.startswith(embed.EMBED_DIR) else address
    rel = rel[:-len(embed.OEMBED_FILE)] if rel.endswith(embed.OEMBED_FILE) else rel
    return rel in moved


def check(site: Site) -> list[Problem]:
    """Every published address that the build would no longer make, with the fix; and bad redirects."""
    listed = read_list(site.settings.root)
    moves, problems = redirects(site)
    if listed is None:
        return problems
    now = published(site)
    moved = {r.old_url: r for r in moves}
    gone_terms: set[str] = set()
    for address, line in listed:
        if address in now or _covered(address, moved):
            continue
        term = re.fullmatch(r"(?:embed/)?(?:glossary|card)/([a-z0-9-]+)/(?:oembed\.json)?", address.replace("embed/card/", "card/"))
        if term and address.startswith(("glossary/", "embed/glossary/", "embed/card/")):
            tid = term[1]
            if tid in gone_terms:
                continue
            gone_terms.add(tid)
            problems.append(Problem(LIST_FILE, line, f"the term id '{tid}' was published ({address}) and glossary/{tid}.yml "
                                                     "is gone; a term id is permanent: restore the file and add "
                                                     "'replaced_by: <the id of the term that replaces it>'"))
        elif address in FIXED:
            problems.append(Problem(LIST_FILE, line, f"the build no longer makes {address}, which other websites use; restore it"))
        else:
            base = address[len(embed.EMBED_DIR):] if address.startswith(embed.EMBED_DIR) else address
            base = base[:-len(embed.OEMBED_FILE)] if base.endswith(embed.OEMBED_FILE) else base
            src = _source_of(base, site)
            if src and src in site.pages and not site.pages[src].embed:
                problems.append(Problem(f"docs/{src}", 0, f"'embed: false' withdraws the published embed view {address} "
                                                          f"(addresses.txt line {line}); schools may frame it. Remove "
                                                          "'embed: false', or, to withdraw it anyway, delete its lines from "
                                                          "addresses.txt in the same pull request and say why"))
            else:
                old = (base.rstrip("/") or "index") + ".md"
                problems.append(Problem(LIST_FILE, line, f"the published address {address} is no longer made (docs/{old} "
                                                         f"moved or went); add a line '{old}: <new page>.md' to "
                                                         f"{REDIRECTS_FILE}, naming the page that replaces it"))
    return sorted(set(problems))


def _source_of(url: str, site: Site) -> str | None:
    base = url.rstrip("/") or "index"
    return next((s for s in (f"{base}.md", f"{base}/index.md") if s in site.pages), None)


# The stubs the build writes -------------------------------------------------------------------------
STUB = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>Moved: {title} - {site_name}</title>
<link rel="canonical" href="{canonical}">
{icon}<script>location.replace({target_js} + location.search + location.hash)</script>
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<main>
<p>This page has moved to <a href="{target}">{title}</a>.</p>
</main>
</body>
</html>
"""


def stub(target: str, canonical: str, title: str, site_name: str, lang: str = "en", icon: str | None = None) -> str:
    """A page that sends the reader on to target (an address relative to the stub), keeping the query and
    fragment (a frame's ?theme= and #?secret=) where scripts run, and by a meta refresh where they do not;
    with the site's Content Security Policy (its one inline script allowed by hash)."""
    html = STUB.format(lang=safe.text(lang), title=safe.text(title), site_name=safe.text(site_name),
                       canonical=safe.text(canonical), target=safe.text(target), target_js=safe.json_for_html(target),
                       icon=f'<link rel="icon" href="{safe.text(icon)}">\n' if icon else "")
    return csp.add(html)


def write_stubs(site: Site, site_dir: Path, lang: str = "en", favicon: str | None = None) -> int:
    """Write the redirect stubs (page, embed view, oEmbed file) of every moved page; return how many.
    favicon: the site-relative address of the theme's icon, so a browser asks for no /favicon.ico."""
    moves, problems = redirects(site)
    if problems:
        raise ValueError("; ".join(str(p) for p in problems))
    base = site.settings.site_url
    count = 0
    for r in moves:
        page = site.pages[r.new]
        pairs = [(r.old_url, r.new_url)]
        if page.embed:
            pairs.append((embed.EMBED_DIR + r.old_url, embed.EMBED_DIR + r.new_url))
        for old, new in pairs:
            rel = posixpath.relpath("/" + new, "/" + old)
            rel = "./" if rel == "." else rel + "/"
            folder = site_dir / old
            if (folder / "index.html").exists():
                raise ValueError(f"{REDIRECTS_FILE}:{r.line}: {old} is made by the build already; remove the redirect")
            folder.mkdir(parents=True, exist_ok=True)
            icon = posixpath.relpath("/" + favicon, "/" + old) if favicon else None
            (folder / "index.html").write_text(stub(rel, base + new, page.title, site.settings.site_name, lang, icon),
                                               encoding="utf-8")
            count += 1
        if page.embed:
            source = site_dir / embed.EMBED_DIR / r.new_url / embed.OEMBED_FILE
            if source.is_file():
                (site_dir / embed.EMBED_DIR / r.old_url / embed.OEMBED_FILE).write_text(source.read_text(encoding="utf-8"),
                                                                                        encoding="utf-8")
    return count


def main(argv: list[str]) -> int:
    """`make addresses`: add the addresses the build makes now to addresses.txt."""
    from macros.model.site import load_project

    root = Path(argv[0]).resolve() if argv else Path(__file__).resolve().parents[2]
    site = load_project(root)
    added, total = write_list(root, site)
    print(f"{LIST_FILE}: {added} new address{'es' if added != 1 else ''}, {total} in all")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

