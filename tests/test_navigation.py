"""The Python-rendered navigation (macros/render/navigation.py) writes the same markup as Material's template.

Each test builds a copy of the project a second time without overrides/partials/nav.html, so Material's
own partials/nav-item.html renders the navigation, and compares the primary navigation of every page,
element by element (tags, attributes, text), ignoring only whitespace between tags.
"""
from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from tests.sitebuild import build
from checks.sitepages import built_file, pages

OVERRIDE = Path("overrides") / "partials" / "nav.html"


def _canonical(el) -> tuple:
    """An element as nested tuples: tag, attributes (class words sorted), text, children."""
    attrs = tuple(sorted((k, " ".join(sorted(v.split())) if k == "class" else v) for k, v in el.attrib.items()))
    text = " ".join((el.text or "").split())
    children = tuple(_canonical(c) for c in el if isinstance(c.tag, str))
    tails = " ".join(" ".join((c.tail or "").split()) for c in el if isinstance(c.tag, str)).strip()
    return el.tag, attrs, text, tails, children


def _navs(site: Path) -> dict[str, tuple]:
    """The primary navigation of every built page that has one (the 404 page too), by path."""
    found = {}
    for rel in pages(site):
        doc = lxml_html.fromstring(built_file(site, rel).read_bytes())
        nav = doc.xpath('//nav[contains(@class, "md-nav--primary")]')
        if nav:
            found[rel] = _canonical(nav[0])
    return found


def _assert_same(ours: Path, material: Path) -> int:
    a, b = _navs(ours), _navs(material)
    assert a.keys() == b.keys(), f"pages with a navigation differ: {sorted(a.keys() ^ b.keys())[:5]}"
    differ = [rel for rel in a if a[rel] != b[rel]]
    assert not differ, f"{len(differ)} pages' navigation differs from Material's template, first: {differ[0]}"
    return len(a)


def _material_build(project: Path, tmp_path: Path, name: str) -> Path:
    (project / OVERRIDE).unlink()
    dest = tmp_path / name
    result = build(project, dest)
    assert result.ok, result.output
    return dest


def test_navigation_matches_materials_template(site: Path, project: Path, tmp_path: Path) -> None:
    covered = _assert_same(site, _material_build(project, tmp_path, "material"))
    assert covered > 150


def test_deeper_navigation_matches_materials_template(project: Path, tmp_path: Path) -> None:
    """A nav three levels deep, where a collapsed section's first entry is itself a section."""
    config_path = project / "mkdocs.yml"
    text = config_path.read_text(encoding="utf-8")
    old = "      - Letter templates:\n          - Which letter do I send to the school?: next-steps/letters/index.md\n"
    assert old in text
    text = text.replace(old, "      - Letter templates:\n          - Start here:\n              - Which letter do I send to the school?: next-steps/letters/index.md\n")
    config_path.write_text(text, encoding="utf-8")
    ours = tmp_path / "ours"
    result = build(project, ours)
    assert result.ok, result.output
    covered = _assert_same(ours, _material_build(project, tmp_path, "material"))
    assert covered > 150


def test_unsupported_navigation_feature_stops_the_build(project: Path, tmp_path: Path) -> None:
    config_path = project / "mkdocs.yml"
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(text.replace("    - navigation.prune\n", "    - navigation.prune\n    - navigation.tabs\n"), encoding="utf-8")
    result = build(project, tmp_path / "out")
    assert not result.ok
    assert "macros/render/navigation.py" in result.output and "navigation.tabs" in result.output, result.output


def test_every_menu_label_is_its_page_title() -> None:
    """A parent who taps a menu entry lands on a page whose title is the words they tapped (issue 14)."""
    from macros.settings import Settings
    from tests.sitebuild import ROOT, project_data

    titles = {p.src: p.title for p in project_data().pages.values()}
    entries = Settings.from_file(ROOT).nav
    differ = [f"mkdocs.yml:{e.line}: '{e.label}' is in the menu, the page says '{titles[e.src]}'"
              for e in entries if e.src in titles and e.label != titles[e.src]]
    assert len(entries) > 50
    assert not differ, "\n".join(differ)


def test_the_phone_menu_starts_with_home_and_the_sections_families_need() -> None:
    """The first entry is the home page itself (so the phone menu opens on the top level, not inside a
    section), and the build benchmarks are out of the families' path, under About."""
    from macros.settings import Settings
    from tests.sitebuild import ROOT

    entries = Settings.from_file(ROOT).nav
    assert entries[0].src == "index.md" and entries[0].sections == ()
    bench = next(e for e in entries if e.src == "benchmarks.md")
    assert bench.sections == ("About this site",), bench
