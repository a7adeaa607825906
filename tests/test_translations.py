"""The Spanish edition: a translated page or entry missing, stale or with other numbers is caught with a
message that names the file and says what to do; the site's own words exist in both languages; one
`mkdocs build` builds both languages, each page links to itself in the other, and the link check
covers both (the small test site has a Spanish edition: tests/fixtures/mini/docs-es/)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from checks.site import check
from macros.model.translations import version
from macros.outputs.editions import links, relative
from macros.render.pages import _letter, _sort_key
from macros.settings import Settings
from macros.words import WORDS, fold
from tests.fixture import mini_project
from tests.helpers import lint
from tests.sitebuild import build_and_check, env
from tests.test_faults import append, replace, write

ES = "mkdocs.es.yml"
PAGE_ES = "docs-es/rights/evaluation-time.md"
PAGE_EN = "docs/rights/evaluation-time.md"


def _report(root: Path, spelling: bool = False) -> str:
    """The Spanish edition's checker report. Without the spelling lint unless asked (as in tests/test_faults.py):
    no translation defect is a spelling one, and the clean site is checked with it."""
    settings = Settings.from_config_file(root, root / ES)
    return "\n".join(map(str, check(settings, dt.date(2026, 11, 30), spelling=spelling).problems))


@pytest.fixture()
def mini(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """The small site in both languages; with the engine only for the tests that build it (the checker
    runs in this process)."""
    return mini_project(tmp_path / "mini", spanish=True, engine=request.node.get_closest_marker("rebuild") is not None)


# Pure functions ----------------------------------------------------------------------------------

def test_the_site_words_exist_in_every_language() -> None:
    assert set(WORDS["en"]) == set(WORDS["es"])
    assert all(WORDS["es"][k].strip() for k in WORDS["es"])


@pytest.mark.parametrize("target,page,expected", [
    ("es/iep/x/", "iep/x/", "../../es/iep/x/"),
    ("iep/x/", "es/iep/x/", "../../../iep/x/"),
    ("es/", "", "es/"),
    ("", "es/", "../"),
    ("iep/x/", "iep/x/", "./"),
])
def test_a_page_links_to_itself_in_the_other_language_by_a_relative_address(target: str, page: str, expected: str) -> None:
    assert relative(target, page) == expected


def test_spanish_alphabetical_order_ignores_accents_and_puts_n_tilde_after_n() -> None:
    names = ["ñandú", "nota", "ámbito", "abogado", "Óscar", "oído", "niño"]
    assert sorted(names, key=_sort_key) == ["abogado", "ámbito", "niño", "nota", "ñandú", "oído", "Óscar"]
    assert [_letter(n) for n in ("Ámbito", "Ñandú", "3 años")] == ["A", "Ñ", "0–9"]
    assert fold("evaluación") == "evaluacion" and fold("año") == "año"


# The checker, on the Spanish edition of the small site ---------------------------------------------

def test_the_small_sites_spanish_edition_is_clean(mini: Path) -> None:
    assert _report(mini, spelling=True) == ""


def test_editions_name_every_language_and_its_address(mini: Path) -> None:
    settings = Settings.from_config_file(mini, mini / ES)
    assert [(e.language, e.folder(settings.editions[0])) for e in settings.editions] == [("en", ""), ("es", "es/")]
    pair = links(settings, "rights/consent/")
    assert [(x.language, x.href, x.current) for x in pair] == [("en", "../../../rights/consent/", False), ("es", "./", True)]
    assert pair[0].url == "https://iep-guide.github.io/rights/consent/" and pair[0].title == "This page in English"


CASES = [
    ("missing-page", lambda root: (root / PAGE_ES).unlink(),
     [f"{PAGE_ES}:", f"is missing: {PAGE_EN} has no translation; translate it at this path with translated_from: "]),
    ("page-not-in-english", write("docs-es/rights/extra.md", "---\ntitle: Extra\n---\n# Extra\n"),
     ["docs-es/rights/extra.md:", "has no English page docs/rights/extra.md"]),
    ("stale-translation", append(PAGE_EN, "One more sentence in English."),
     [f"{PAGE_ES}:2:", "is stale: docs/rights/evaluation-time.md changed since it was translated", "make stale"]),
    ("no-translated-from", replace(PAGE_ES, r"^translated_from: .*\n", ""),
     [f"{PAGE_ES}:2:", "front matter is missing 'translated_from'; add 'translated_from: "]),
    ("other-citation", replace(PAGE_ES, r'\{\{ cite\("34 CFR 300.301\(c\)\(1\)"\) \}\}', '{{ cite("34 CFR 300.301(b)") }}'),
     [f"{PAGE_ES}:", "the numbers differ from docs/rights/evaluation-time.md (missing cite:34 CFR 300.301(c)(1); not in English: cite:34 CFR 300.301(b))"]),
    ("extra-number", replace(PAGE_ES, "Luego el equipo", "A los 30 minutos, el equipo"),
     [f"{PAGE_ES}:", "not in English: 30"]),
    ("term-without-spanish", replace("glossary/fape.yml", r"^es:\n(  .*\n|\n)*", ""),
     ["glossary/fape.yml:", "has no 'es:' block"]),
    ("fact-without-spanish", replace("facts/evaluation-days.yml", r"^es:\n(  .*\n)*", ""),
     ["facts/evaluation-days.yml:", "has no 'es:' block"]),
    ("spanish-fact-without-its-number", replace("facts/evaluation-days.yml", "text: 60 días", "text: dos meses"),
     ["facts/evaluation-days.yml:1:", "field 'es: text' 'dos meses' does not say the number 60 days"]),
    ("state-note-made-a-citation", replace(PAGE_ES, r'\{\{ state_note\("34 CFR 300.301\(c\)\(1\)"\) \}\}', '{{ cite("34 CFR 300.301(c)(1)") }}'),
     [f"{PAGE_ES}:", "missing note:34 CFR 300.301(c)(1)"]),
    ("entry-with-other-numbers", replace("glossary/evaluation.yml", "Una sola prueba no decide.", "Una sola prueba no decide en 30 días."),
     ["glossary/evaluation.yml:", "field 'es': the numbers differ from the English entry (not in English: 30)"]),
    ("deadline-row-with-other-numbers", replace("facts/_deadlines.yml", r"deadline: Nunca más de \[\[fact:records-days\]\]", "deadline: Nunca más de 45 días"),
     ["facts/_deadlines.yml:", "row 'Seeing records': the es deadline's numbers differ from the English (missing fact:records-days; not in English: 45)"]),
    ("letter-with-other-numbers", replace("letters/ask-for-records.yml", "Pido ver el", "Pido en 10 días ver el"),
     ["letters/ask-for-records.yml:", "has other numbers than the English letter (not in English: 10)"]),
    ("no-en-resumen-box", replace(PAGE_ES, '!!! abstract "En resumen"', '!!! abstract "In short"'),
     [f"{PAGE_ES}:", "En resumen"]),
    ("hard-spanish", append(PAGE_ES, " ".join(["La administración correspondiente determinará oportunamente "
                                              "las especificaciones metodológicas extraordinariamente "
                                              "complicadas e interdisciplinarias."] * 6)),
     [f"{PAGE_ES}:", "Fernández Huerta"]),
    ("letter-without-spanish", replace("letters/ask-for-records.yml", r"^es:\n(  .*\n|\n)*", ""),
     ["letters/ask-for-records.yml:1:", "has no 'es:' block; add es: with subject, about, greeting, body and closing"]),
    ("letter-field-without-spanish", replace("letters/_fields.yml", r"    es:\n      label: Su nombre completo\n", ""),
     ["letters/_fields.yml:", "field 'fields' #1 has no 'es:' block; add es: with label"]),
    ("spanish-letter-drops-a-blank", replace("letters/ask-for-records.yml", r"Hay una reunión el \[meeting-date\]\.", "Hay una reunión pronto."),
     ["letters/ask-for-records.yml:", "does not use the same blanks as the English letter (it leaves out [meeting-date])"]),
    ("spanish-deadline-row-missing", replace("facts/_deadlines.yml", r"      es:\n        step: Ver el expediente\n        deadline: .*\n", ""),
     ["facts/_deadlines.yml:", "row 'Seeing records'"]),
]


@pytest.mark.parametrize("plant,expected", [pytest.param(p, e, id=i) for i, p, e in CASES])
def test_a_translation_defect_is_reported_with_its_file(mini: Path, plant, expected: list[str]) -> None:
    plant(mini)
    report = _report(mini)
    for text in expected:
        assert text in report, f"expected {text!r} in the Spanish checker's report:\n{report}"
    assert "Traceback" not in report


def test_a_preview_builds_a_stale_translation_as_it_is(mini: Path) -> None:
    """Under `make serve` (settings.preview) an English edit shows at once: its now stale Spanish page, even
    with a number the English page no longer has, is not a problem there; the check still reports it."""
    replace(PAGE_EN, r"\.\n", ". One more sentence, with 99 in it.\n")(mini)
    settings = Settings.from_config_file(mini, mini / ES)
    preview = check(dataclasses.replace(settings, preview=True), dt.date(2026, 11, 30), spelling=True).problems
    assert not preview, preview
    assert "is stale" in _report(mini)


def test_a_missing_translation_names_the_version_to_write(mini: Path) -> None:
    (mini / PAGE_ES).unlink()
    assert f"translated_from: {version(mini / PAGE_EN)}" in _report(mini)


def test_an_edition_without_its_config_file_is_a_clear_error(tmp_path: Path) -> None:
    mini = mini_project(tmp_path / "mini", spanish=True)  # with checks/: the command runs in it
    (mini / ES).unlink()
    out = subprocess.run([sys.executable, "-m", "checks", str(mini)], cwd=mini, env=env(), capture_output=True, text=True)
    assert out.returncode == 1
    assert "mkdocs.yml: extra.editions: each edition needs 'config', the name of an existing config file" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_the_checker_reads_every_language_by_default(mini: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """`make lint` (python -m checks, as CI runs it for the pull request's annotations) reports a problem in
    a Spanish page, named with its file, with no option given (its main(), in this process; the test above
    runs the command)."""
    append(PAGE_EN, "One more sentence in English.")(mini)
    code, stdout = lint(mini, monkeypatch, capsys, GITHUB_ACTIONS="true")
    assert code == 1, stdout
    assert f"{PAGE_ES}:2: is stale" in stdout
    assert f"::error file={PAGE_ES},line=2::is stale" in stdout


# One build of both languages ------------------------------------------------------------------------

LANGUAGE_LINK = "//a[contains(concat(' ', normalize-space(@class), ' '), ' iep-language__link ')]"

def _links(doc, xpath: str) -> list[tuple[str, str]]:
    return [(a.get("hreflang"), a.get("href")) for a in doc.xpath(xpath)]


@pytest.mark.rebuild
def test_one_build_makes_both_languages_linked_page_to_page(mini: Path, tmp_path: Path) -> None:
    site = tmp_path / "not" / "made" / "yet" / "site"  # the build makes the folders, as MkDocs alone does
    result = build_and_check(mini, site)
    assert result.ok, result.output
    assert "link check:" in result.output and "0 problems" in result.output, result.output
    for rel in ("rights/consent/index.html", "glossary/fape/index.html", "index.html"):
        en = lxml_html.fromstring((site / rel).read_bytes())
        es = lxml_html.fromstring((site / "es" / rel).read_bytes())
        assert en.get("lang") == "en" and es.get("lang") == "es", rel
        depth = rel.count("/")
        # the switch goes to the same page in the other language
        assert _links(en, LANGUAGE_LINK) == [("es", "../" * depth + "es/" + rel.removesuffix("index.html"))], rel
        assert _links(es, LANGUAGE_LINK) == [("en", "../" * (depth + 1) + rel.removesuffix("index.html"))], rel
        url = "https://iep-guide.github.io/" + rel.removesuffix("index.html")
        spanish = "https://iep-guide.github.io/es/" + rel.removesuffix("index.html")
        for doc in (en, es):
            alternates = {x.get("hreflang"): x.get("href") for x in doc.xpath('//link[@rel="alternate"][@hreflang]')}
            assert alternates == {"en": url, "x-default": url, "es": spanish}, rel
    sitemap = (site / "es" / "sitemap.xml").read_text(encoding="utf-8")
    assert '<xhtml:link rel="alternate" hreflang="en" href="https://iep-guide.github.io/rights/consent/"/>' in sitemap
    consent = (site / "es/rights/consent/index.html").read_text(encoding="utf-8")
    assert "La carta en inglés" in consent and "Estimado/a" in consent and "Dear" in consent
    assert (site / "es/letters/ask-for-records.docx").is_file() and (site / "es/letters/ask-for-records.en.docx").is_file()
    assert re.search(r'"iep\.more": *"M\\u00e1s sobre esta palabra"', consent)


@pytest.mark.rebuild
def test_a_broken_spanish_edition_stops_the_whole_build(mini: Path, tmp_path: Path) -> None:
    (mini / PAGE_ES).unlink()
    result = build_and_check(mini, tmp_path / "site")
    assert not result.ok
    assert "the Español edition (mkdocs.es.yml) did not build" in result.output, result.output
    assert f"{PAGE_ES}: is missing: {PAGE_EN} has no translation" in result.output, result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.glob(".edition-*")), "the Spanish build's folder was left behind"


def test_make_stale_lists_missing_and_stale_translations_with_the_code_to_write(mini: Path) -> None:
    from macros.model.translations import stale

    assert stale(mini / "docs-es", mini / "docs") == []
    append(PAGE_EN, "One more sentence in English.")(mini)
    (mini / "docs-es/about.md").unlink()
    rows = stale(mini / "docs-es", mini / "docs")
    assert ("about.md", None, version(mini / "docs/about.md"), False) in rows
    made_from = re.search(r"translated_from: (\w+)", (mini / PAGE_ES).read_text(encoding="utf-8"))[1]
    assert ("rights/evaluation-time.md", made_from, version(mini / PAGE_EN), True) in rows


# In the browser -------------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_one_tap_switches_language_on_the_same_page(browser, base_url: str, width: int) -> None:
    """On a phone (390 px, touch) and a desktop, the language link is in sight on the first screen and one
    tap opens the same page in the other language, in that language (lang, its own search box), and back."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": width, "height": 844}, is_mobile=width < 600, has_touch=width < 600)
    page = context.new_page()
    for start, other, lang, name in (("iep/what-is-an-iep/", "es/iep/what-is-an-iep/", "es", "Español"),
                                     ("es/glossary/fape/", "glossary/fape/", "en", "English")):
        page.goto(base_url + start)
        link = page.locator(".iep-language__link")
        expect(link).to_have_count(1)
        expect(link).to_be_in_viewport()
        expect(link).to_have_text(name)
        with page.expect_navigation():
            link.tap() if width < 600 else link.click()
        assert page.url == base_url + other, page.url
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.locator("[data-md-component=search-query]").get_attribute("placeholder") == {"es": "Búsqueda", "en": "Search"}[lang]
    context.close()


@pytest.mark.browser
def test_spanish_page_is_read_in_spanish(browser, base_url: str) -> None:
    """A Spanish page's own interface speaks Spanish: the header's search label, the page tools, the
    trust note, the Embed button and a term's popover link; and its sources say they are in English."""
    from playwright.sync_api import expect

    es = WORDS["es"]
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + "es/rights/prior-written-notice/")
    expect(page.locator("aside.page-trust")).to_contain_text(es["not_legal_advice"])
    expect(page.get_by_role("button", name=es["print"], exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=es["embed_open"].format(this=es["embed_this_page"]))).to_be_attached()
    cite = page.locator("article a[href^='https://www.ecfr.gov'], article a[href^='https://www.law.cornell.edu']").first
    assert cite.get_attribute("hreflang") == "en"
    link = page.locator("article a[href*='glossary/']").first
    link.scroll_into_view_if_needed()
    link.tap()
    expect(page.locator(".iep-pop").get_by_role("link", name=es["iep.more"])).to_be_visible()
    context.close()
