"""Fault injection: plant one defect in a copy of the project and check the build or link check
fails with a message that names the source file and says what is wrong."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import pytest

from tests.sitebuild import build_and_check

PAGE = "docs/glossary/index.md"


def append(rel: str, text: str) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        with open(root / rel, "a", encoding="utf-8") as fh:
            fh.write("\n\n" + text + "\n")
    return plant


def replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert re.search(old, text, re.M), f"{old!r} not found in {rel}"
        path.write_text(re.sub(old, new, text, count=1, flags=re.M), encoding="utf-8")
    return plant


def write(rel: str, text: str) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return plant


FRONT = "---\ntitle: {title}\ndescription: A page.\nreviewed: 2026-01-05\nsources:\n  - label: 34 CFR 300.320\n---\n\n# {title}\n\nText.\n"

# (case id, plant, substrings the failure output must contain)
CASES = [
    ("missing-page", append(PAGE, "[a missing page](missing-page.md)"),
     ["glossary/index.md", "missing-page.md", "not found"]),
    ("missing-anchor", append(PAGE, "[a missing section](#no-such-heading)"),
     ["glossary/index.md", "#no-such-heading", "no such anchor"]),
    ("raw-html-missing-page", append(PAGE, '<a href="../no-such-page/">a raw link</a>'),
     [f"{PAGE}:", "'../no-such-page/'", "does not exist"]),
    ("raw-html-missing-anchor", append(PAGE, '<a href="../iep/what-is-an-iep/#no-such-anchor">a raw link</a>'),
     [f"{PAGE}:", "#no-such-anchor", "no such anchor"]),
    ("markdown-image-missing", append(PAGE, "![A chart of deadlines](missing-chart.png)"),
     ["glossary/index.md", "missing-chart.png", "not found"]),
    ("raw-img-missing", append(PAGE, '<img src="missing-photo.png" alt="A photo">'),
     [f"{PAGE}:", "missing-photo.png", "does not exist"]),
    ("unknown-term-id", append(PAGE, 'An {{ term("ipe") }} is a plan.'),
     [f"{PAGE}:", "unknown glossary term 'ipe'", "did you mean 'iep'"]),
    ("unknown-macro", append(PAGE, 'An {{ trem("iep") }} is a plan.'),
     [f"{PAGE}:", "unknown macro or variable 'trem'", "did you mean 'term'"]),
    ("unknown-variable", append(PAGE, "Version {{ site_version }}."),
     [f"{PAGE}:", "unknown macro or variable 'site_version'"]),
    ("malformed-glossary-yaml", replace("glossary/fape.yml", r"^short:", "short: [unclosed\nshort:"),
     ["glossary/fape.yml:", "not valid YAML"]),
    ("alias-claimed-twice", write("glossary/plan-word.yml", "term: plan word\naliases: [Individualized Education Plan]\nshort: A word.\ndefinition: A word.\npractice: true\ntags: [laws]\n"),
     ["glossary/plan-word.yml", "glossary/iep.yml", "'Individualized Education Plan' is already claimed by glossary/"]),
    ("field-written-twice", replace("glossary/fape.yml", r"^tags:", "term: again\ntags:"),
     ["glossary/fape.yml:", "the field 'term' is written twice"]),
    ("unknown-related-term", replace("glossary/fape.yml", r"^related:.*$", "related: [iep, no-such-term]"),
     ["glossary/fape.yml", "field 'related': unknown term id 'no-such-term'"]),
    ("page-not-in-nav", write("docs/orphan.md", FRONT.format(title="An orphan page")),
     ["orphan.md", "not included in the \"nav\" configuration"]),
    ("page-reachable-from-nowhere", lambda root: (
        write("docs/drafts/hidden.md", FRONT.format(title="A hidden page"))(root),
        replace("mkdocs.yml", r"^not_in_nav: \|$", "not_in_nav: |\n  /drafts/*.md")(root)),
     ["docs/drafts/hidden.md", "cannot be reached from the home page"]),
    ("http-external-link", append(PAGE, "[an old address](http://example.org/page)"),
     [f"{PAGE}:", "http://example.org/page", "use https://"]),
    ("raw-link-to-md-file", append(PAGE, '<a href="../about.md">about</a>'),
     [f"{PAGE}:", "points at a .md file"]),
    ("term-reviewed-not-a-real-date", replace("glossary/fape.yml", r"^reviewed:.*$", "reviewed: 2026-13-01"),
     ["glossary/fape.yml:", "field 'reviewed' '2026-13-01' is not a real date", "YYYY-MM-DD"]),
    ("term-reviewed-missing", replace("glossary/fape.yml", r"^reviewed:.*\n", ""),
     ["glossary/fape.yml: missing required field 'reviewed'"]),
    ("unknown-tag", replace("glossary/fape.yml", r"^tags:.*$", "tags: [laws, no-such-tag]"),
     ["glossary/fape.yml:", "unknown tag 'no-such-tag'"]),
    ("short-definition-too-long", write("glossary/long-short.yml", "term: long short\nshort: " + "word " * 31 + "\ndefinition: A word.\npractice: true\ntags: [laws]\n"),
     ["glossary/long-short.yml:2:", "has 31 words", "at most 30"]),
    ("citation-not-https", replace("glossary/fape.yml", r"^citations:\n", "citations:\n  - label: A report\n    url: http://example.org/report\n"),
     ["glossary/fape.yml:", "must be a well-formed https:// address"]),
    ("legal-term-without-citation", replace("glossary/fape.yml", r"^citations:\n(  - .*\n|    .*\n)+", ""),
     ["glossary/fape.yml", "a legal term needs 'citations'"]),
    ("empty-definition", replace("glossary/fape.yml", r"^definition: [|>]-?\n(  .*\n|\n)+", 'definition: ""\n'),
     ["glossary/fape.yml:", "field 'definition' must be non-empty text"]),
    ("citation-label-url-mismatch", replace("glossary/fape.yml", r"^citations:\n", "citations:\n  - label: 34 CFR 300.17\n    url: https://www.ecfr.gov/current/title-34/section-300.101\n"),
     ["glossary/fape.yml:", "names CFR 300.17 but the link", "goes to CFR 300.101"]),
    ("bad-citation-label", append(PAGE, 'The rule ({{ cite("34 CFR300.17") }}).'),
     [f"{PAGE}:", "'34 CFR300.17' is not a citation the site understands"]),
    ("front-matter-missing-field", replace(PAGE, r"^reviewed:.*\n", ""),
     [f"{PAGE}:", "front matter is missing 'reviewed'"]),
    ("reviewed-not-a-real-date", replace(PAGE, r"^reviewed:.*$", "reviewed: 2026-02-30"),
     [f"{PAGE}:", "field 'reviewed'", "not a real date", "YYYY-MM-DD"]),
    ("reviewed-in-the-future", replace(PAGE, r"^reviewed:.*$", "reviewed: 2999-01-01"),
     [f"{PAGE}:", "field 'reviewed'", "is in the future"]),
    ("description-too-long", replace(PAGE, r"^description:.*$", "description: " + "a" * 161),
     [f"{PAGE}:", "field 'description' has 161 characters", "at most 160"]),
    ("unknown-front-matter-field", replace(PAGE, r"^title:", "author: Someone\ntitle:"),
     [f"{PAGE}:", "field 'author' is not allowed"]),
    ("placeholder-left-in", append(PAGE, "PLACEHOLDER: write the summary here."),
     [f"{PAGE}:", "placeholder left in", "replace it with your own text"]),
    ("term-defined-twice", write("glossary/fape-copy.yml", "term: free appropriate public education\nshort: A copy.\ndefinition: A copy.\npractice: true\ntags: [laws]\nreviewed: 2026-01-05\n"),
     ["glossary/fape-copy.yml", "'free appropriate public education' is already claimed by glossary/"]),
    ("heading-level-skipped", append(PAGE, "#### A deep heading"),
     [f"{PAGE}:", "heading level jumps from h1 to h4", "use ## here"]),
    ("image-without-alt-text", append(PAGE, '<img src="../assets/images/logo.svg">'),
     [f"{PAGE}:", "raw <img> has no alt text"]),
    ("click-here-link-text", append(PAGE, "To learn more, [click here](../iep/what-is-an-iep.md)."),
     [f"{PAGE}:", "link text 'click here' does not say where it goes"]),
    ("bare-url", append(PAGE, "See https://www.ecfr.gov/current/title-34 for the rules."),
     [f"{PAGE}:", "bare URL in the text"]),
    ("leftover-todo", append(PAGE, "TODO check this deadline"),
     [f"{PAGE}:", "leftover 'TODO'"]),
    ("duplicate-page-title", write("docs/glossary/again.md", FRONT.format(title="Glossary")),
     ["title 'glossary' is also used by"]),
    ("misspelled-word", append(PAGE, "The team will recieve your letter."),
     [f"{PAGE}:", "possible misspelling 'recieve'", ".codespell-words"]),
]


@pytest.mark.parametrize("plant,expected", [pytest.param(p, e, id=i) for i, p, e in CASES])
def test_planted_defect_fails_with_message(project: Path, tmp_path: Path, plant, expected) -> None:
    plant(project)
    result = build_and_check(project, tmp_path / "site")
    assert not result.ok, f"the defect was not caught:\n{result.output}"
    for text in expected:
        assert text in result.output, f"expected {text!r} in the failure output:\n{result.output}"
    assert "Traceback" not in result.output, f"a traceback instead of a clear message:\n{result.output}"


def test_case_count() -> None:
    """The engine issue asks for at least 13 planted defects."""
    assert len(CASES) >= 13
