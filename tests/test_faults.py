"""Fault injection: plant one defect in a copy of the small test site (tests/fixtures/mini/) and check that
it is caught with a message that names the file (and line) and says what to do.

Defects in the sources are caught by the checker (checks/site.py) before anything is built, so those cases
run the checker alone and take a tenth of a second each. Defects that only the built HTML shows (a broken
link, a missing anchor or image) need a build and the link check: those cases are marked `rebuild`.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Callable

import pytest

import checks.site
from checks.site import check, start
from macros.settings import Settings
from tests.fixture import MINI, mini_project
from tests.sitebuild import build_and_check

PAGE = "docs/rights/consent.md"
TERM = "glossary/fape.yml"
LETTER = "letters/ask-for-records.yml"
Plant = Callable[[Path], None]


def line_of(rel: str, pattern: str) -> int:
    """The line (from 1) of the small site's file rel where pattern first matches: where the checker must
    report a defect planted there, read from the fixture so an edit to it cannot leave a case behind."""
    lines = (MINI / rel).read_text(encoding="utf-8").splitlines()
    found = [n for n, text in enumerate(lines, 1) if re.search(pattern, text)]
    assert found, f"{pattern!r} not found in tests/fixtures/mini/{rel}"
    return found[0]


# Where each planted defect sits in the fixture (before the plant, which keeps the line where it is).
TERM_ABBR, TERM_SHORT = line_of(TERM, r"^abbr:"), line_of(TERM, r"^short:")
PAGE_TITLE, PAGE_DESCRIPTION, PAGE_REVIEWED = line_of(PAGE, r"^title:"), line_of(PAGE, r"^description:"), line_of(PAGE, r"^reviewed:")
LETTER_BODY_1 = line_of(LETTER, r"^  - I am the parent of \[child-name\]\.")  # body #1, where [child-name] is
LETTER_FIELD_1 = line_of(LETTER, r"^  - id: recipient$")  # the first field
LETTER_COPIES = line_of(LETTER, r"^  - id: copies$")  # the field an unused one is planted before
LETTER_CHECKBOX = line_of(LETTER, r"^    kind: checkbox$")
LETTER_GREETING, LETTER_CLOSING = line_of(LETTER, r"^greeting:"), line_of(LETTER, r"^closing:")


def append(rel: str, text: str) -> Plant:
    def plant(root: Path) -> None:
        with open(root / rel, "a", encoding="utf-8") as fh:
            fh.write("\n\n" + text + "\n")
    return plant


def replace(rel: str, old: str, new: str) -> Plant:
    def plant(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert re.search(old, text, re.M), f"{old!r} not found in {rel}"
        path.write_text(re.sub(old, new, text, count=1, flags=re.M), encoding="utf-8")
    return plant


def write(rel: str, text: str | bytes) -> Plant:
    def plant(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            (root / rel).write_bytes(text)
        else:
            (root / rel).write_text(text, encoding="utf-8")
    return plant


def both(*plants: Plant) -> Plant:
    def plant(root: Path) -> None:
        for p in plants:
            p(root)
    return plant


FRONT = "---\ntitle: {title}\ndescription: A page.\nreviewed: 2026-01-05\nsources:\n  - label: 34 CFR 300.320\n---\n\n# {title}\n\nText.\n"
NEW_TERM = "term: {term}\nshort: A word.\ndefinition: A word.\npractice: true\ntags: [laws]\nreviewed: 2026-01-05\n"
LAUGHS = "term: lol\nshort: &a [x, x, x, x, x, x, x, x, x]\ndefinition: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"

# (case id, plant, substrings the checker's report must contain)
CHECKER_CASES = [
    ("unknown-term-id", append(PAGE, 'An {{ term("ipe") }} is a plan.'),
     [f"{PAGE}:", "unknown glossary term 'ipe'", "did you mean 'iep'"]),
    ("term-id-written-as-its-abbreviation", append(PAGE, 'Your right to {{ term("FAPE") }}.'),
     [f"{PAGE}:", "unknown glossary term 'FAPE'", "did you mean 'fape'"]),
    ("term-id-written-as-its-name", append(PAGE, 'Your right to {{ term("parental consent") }}.'),
     [f"{PAGE}:", "did you mean 'consent'"]),
    ("unknown-macro", append(PAGE, 'An {{ trem("iep") }} is a plan.'),
     [f"{PAGE}:", "unknown macro or variable 'trem'", "did you mean 'term'"]),
    ("unknown-variable", append(PAGE, "Version {{ site_version }}."),
     [f"{PAGE}:", "unknown macro or variable 'site_version'"]),
    ("template-statement", append(PAGE, "{% for x in range(3) %}x{% endfor %}"),
     [f"{PAGE}:", "template statements ({% %}) are not allowed"]),
    ("template-expression-as-argument", append(PAGE, "{{ term(config.site_name) }}"),
     [f"{PAGE}:", "term(...) takes only text in quotes"]),
    ("template-filter-after-a-call", append(PAGE, '{{ term("iep") | upper }}'),
     [f"{PAGE}:", "must end right after its brackets"]),
    ("python-object-reached-from-a-page", append(PAGE, "{{ cite.__globals__ }}"),
     [f"{PAGE}:", "'cite' must be called with its text in brackets"]),
    ("template-in-glossary-field", replace(TERM, r"^short:.*$", "short: The answer is {{ 7*7 }}."),
     [f"{TERM}:{TERM_SHORT}:", "field 'short' contains '{{'", "data is never a template"]),
    ("template-in-front-matter", replace(PAGE, r"^title:.*$", "title: \"{{ config.site_name }}\""),
     [f"{PAGE}:{PAGE_TITLE}:", "front matter field 'title' contains '{{'"]),
    ("html-in-short-definition", replace(TERM, r"^short:.*$", "short: 'x <svg onload=alert(1)>'"),
     [f"{TERM}:{TERM_SHORT}:", "field 'short' contains HTML ('<svg>')"]),
    ("script-link-in-definition", replace(TERM, r"^definition: \|\n", "definition: |\n  See [this](javascript:alert(1)).\n"),
     [f"{TERM}:", "field 'definition' links to 'javascript:alert(1)'"]),
    ("attribute-trick-in-definition", replace(TERM, r"^definition: \|\n", "definition: |\n  # A heading\n"),
     [f"{TERM}:", "field 'definition' uses a heading"]),
    ("markup-in-a-name", replace(TERM, r"^abbr:.*$", "abbr: '<script>x</script>'"),
     [f"{TERM}:{TERM_ABBR}:", "field 'abbr' contains '<'"]),
    ("quote-breaking-out-of-a-citation-url", replace(TERM, r"^citations:\n", "citations:\n  - label: A report\n    url: 'https://example.org/)<svg/onload=alert(1)>'\n"),
     [f"{TERM}:", "field 'citations' #1"]),
    ("bad-url-in-citation", replace(TERM, r"^citations:\n", "citations:\n  - label: A report\n    url: 'https://[::1'\n"),
     [f"{TERM}:", "is not a well-formed address"]),
    ("anchor-and-alias-bomb", write("glossary/lol.yml", LAUGHS),
     ["glossary/lol.yml:2:", "uses an anchor (&a)", "anchors, aliases and tags are not allowed"]),
    ("python-tag", write("glossary/tag.yml", "term: !!python/object/apply:os.system [echo hi]\n"),
     ["glossary/tag.yml:1:", "uses a tag"]),
    ("binary-file", write("glossary/blob.yml", b"\x89PNG\r\n\x1a\n\x00\x00"),
     ["glossary/blob.yml:", "is a binary file"]),
    ("latin-1-file", write("glossary/latin.yml", "term: caf\xe9\n".encode("latin-1")),
     ["glossary/latin.yml:1:", "is not UTF-8 text", "save the file as UTF-8"]),
    ("byte-order-mark", write("glossary/bom.yml", b"\xef\xbb\xbf" + NEW_TERM.format(term="bom").encode()),
     ["glossary/bom.yml:1:", "byte-order mark"]),
    ("list-as-a-key", write("glossary/key.yml", "? [a, b]\n: value\n"),
     ["glossary/key.yml:1:", "a list or mapping is used as a field name"]),
    ("oversized-file", write("glossary/big.yml", NEW_TERM.format(term="big") + "# " + "x" * 40_000 + "\n"),
     ["glossary/big.yml:", "more than the 32,000 allowed"]),
    ("id-with-a-trailing-newline", write("glossary/zz\n.yml", NEW_TERM.format(term="zz")),
     ["is not a valid term id"]),
    ("glossary-file-not-yml", write("glossary/notes.txt", "a note\n"),
     ["glossary/notes.txt: files in glossary/ end in '.yml'; rename it, or move it out of glossary/"]),
    ("fact-file-not-yml", write("facts/notes.yaml", "a note\n"),
     ["facts/notes.yaml: files in facts/ end in '.yml'; rename it, or move it out of facts/"]),
    ("letter-file-named-not-by-an-id", write("letters/Ask_Now.yml", "a: b\n"),
     ["letters/Ask_Now.yml: the file name 'Ask_Now' is not a valid letter id"]),
    ("page-body-binary", write("docs/rights/blob.md", b"---\x00\x01"),
     ["docs/rights/blob.md:", "is a binary file"]),
    ("malformed-glossary-yaml", replace(TERM, r"^short:", "short: [unclosed\nshort:"),
     [f"{TERM}:", "not valid YAML"]),
    ("alias-claimed-twice", write("glossary/plan-word.yml", "term: plan word\naliases: [Individualized Education Plan]\nshort: A word.\ndefinition: A word.\npractice: true\ntags: [laws]\nreviewed: 2026-01-05\n"),
     ["glossary/plan-word.yml", "glossary/iep.yml", "'Individualized Education Plan' is already claimed by glossary/"]),
    ("field-written-twice", replace(TERM, r"^tags:", "term: again\ntags:"),
     [f"{TERM}:", "the field 'term' is written twice"]),
    ("unknown-related-term", replace(TERM, r"^related:.*$", "related: [iep, no-such-term]"),
     [TERM, "field 'related': unknown term id 'no-such-term'"]),
    ("page-not-in-nav", write("docs/rights/orphan.md", FRONT.format(title="An orphan page")),
     ["docs/rights/orphan.md: is not in the navigation", "under 'Rights'", "'- An orphan page: rights/orphan.md'", "after line"]),
    ("nav-names-a-missing-page", replace("mkdocs.yml", r"^  - Glossary: glossary/index.md", "  - Glossary: glossary/index.md\n  - Gone: gone.md"),
     ["mkdocs.yml:", "the nav lists 'gone.md', which is not a page in docs/"]),
    ("term-reviewed-not-a-real-date", replace(TERM, r"^reviewed:.*$", "reviewed: 2026-13-01"),
     [f"{TERM}:", "field 'reviewed' '2026-13-01' is not a real date", "YYYY-MM-DD"]),
    ("term-reviewed-missing", replace(TERM, r"^reviewed:.*\n", ""),
     [f"{TERM}: missing required field 'reviewed'", "reviewed: 2026-11-30", "CONTRIBUTING.md#add-or-change-a-term"]),
    ("unknown-tag", replace(TERM, r"^tags:.*$", "tags: [laws, no-such-tag]"),
     [f"{TERM}:", "unknown tag 'no-such-tag'"]),
    ("short-definition-too-long", write("glossary/long-short.yml", NEW_TERM.format(term="long short").replace("A word.", "word " * 31, 1)),
     ["glossary/long-short.yml:2:", "has 31 words", "at most 30"]),
    ("citation-not-https", replace(TERM, r"^citations:\n", "citations:\n  - label: A report\n    url: http://example.org/report\n"),
     [f"{TERM}:", "must be a well-formed https:// address"]),
    ("legal-term-without-citation", replace(TERM, r"^citations:\n(  - .*\n|    .*\n)+", ""),
     [TERM, "a legal term needs 'citations'"]),
    ("empty-definition", replace(TERM, r"^definition: [|>]-?\n(  .*\n|\n)+", 'definition: ""\n'),
     [f"{TERM}:", "field 'definition' must be non-empty text"]),
    ("citation-label-url-mismatch", replace(TERM, r"^citations:\n", "citations:\n  - label: 34 CFR 300.17\n    url: https://www.ecfr.gov/current/title-34/section-300.101\n"),
     [f"{TERM}:", "names CFR 300.17 but the link", "goes to CFR 300.101"]),
    ("bad-citation-label", append(PAGE, 'The rule ({{ cite("34 CFR300.17") }}).'),
     [f"{PAGE}:", "'34 CFR300.17' is not a citation the site understands"]),
    ("front-matter-missing-field", replace(PAGE, r"^reviewed:.*\n", ""),
     [f"{PAGE}: front matter is missing required field 'reviewed'", "reviewed: 2026-11-30", "CONTRIBUTING.md#edit-a-page"]),
    ("reviewed-not-a-real-date", replace(PAGE, r"^reviewed:.*$", "reviewed: 2026-02-30"),
     [f"{PAGE}:{PAGE_REVIEWED}:", "field 'reviewed'", "not a real date", "YYYY-MM-DD"]),
    ("reviewed-in-the-future", replace(PAGE, r"^reviewed:.*$", "reviewed: 2999-01-01"),
     [f"{PAGE}:{PAGE_REVIEWED}:", "field 'reviewed'", "is in the future"]),
    ("description-too-long", replace(PAGE, r"^description:.*$", "description: " + "a" * 161),
     [f"{PAGE}:{PAGE_DESCRIPTION}:", "field 'description' has 161 characters", "at most 160"]),
    ("unknown-front-matter-field", replace(PAGE, r"^title:", "author: Someone\ntitle:"),
     [f"{PAGE}:{PAGE_TITLE}:", "field 'author' is not allowed"]),
    ("placeholder-left-in", append(PAGE, "PLACEHOLDER: write the summary here."),
     [f"{PAGE}:", "placeholder left in", "replace it with your own text"]),
    ("term-defined-twice", write("glossary/fape-copy.yml", NEW_TERM.format(term="free appropriate public education")),
     ["glossary/fape-copy.yml", "'free appropriate public education' is already claimed by glossary/"]),
    ("generated-page-written-by-hand", write("docs/glossary/iep.md", FRONT.format(title="IEP")),
     ["docs/glossary/iep.md: remove this file; glossary pages are made from glossary/iep.yml"]),
    ("heading-level-skipped", append(PAGE, "#### A deep heading"),
     [f"{PAGE}:", "heading level jumps from h2 to h4", "use ### here"]),
    ("image-without-alt-text", append(PAGE, '<img src="../assets/images/logo.svg">'),
     [f"{PAGE}:", "raw <img> has no alt text"]),
    ("click-here-link-text", append(PAGE, "To learn more, [click here](evaluation-time.md)."),
     [f"{PAGE}:", "link text 'click here' does not say where it goes"]),
    ("bare-url", append(PAGE, "See https://www.ecfr.gov/current/title-34 for the rules."),
     [f"{PAGE}:", "bare URL in the text"]),
    ("leftover-todo", append(PAGE, "TODO check this deadline"),
     [f"{PAGE}:", "leftover 'TODO'"]),
    ("duplicate-page-title", both(write("docs/rights/again.md", FRONT.format(title="What is consent?")),
                                  replace("mkdocs.yml", r"^(\s+- What is consent\?: rights/consent.md)$", r"\1\n      - Again: rights/again.md")),
     ["title 'what is consent?' is also used by"]),
    ("no-in-short-box", replace(PAGE, r'^!!! abstract "In short"', '!!! note "Summary"'),
     [f"{PAGE}:", 'no "In short" box', "CONTRIBUTING.md#the-page-rules"]),
    ("too-few-term-links", replace(PAGE, r'\{\{ term\("evaluation"\) \}\}', "evaluation"),
     [f"{PAGE}:", "links 2 glossary terms with term(); link at least 3"]),
    ("timeline-without-state-note", append(PAGE, "## How long?\n\nThe school has 45 days to answer."),
     [f"{PAGE}:", "states a timeline but its section has no state_note"]),
    ("macro-in-a-heading", append(PAGE, '## What is an {{ term("iep") }}?'),
     [f"{PAGE}:", "is in a heading"]),
    ("inline-script-in-a-page", append(PAGE, "<script>alert(1)</script>"),
     [f"{PAGE}:", "raw <script> is not allowed in a page"]),
    ("event-attribute-in-a-page", append(PAGE, '<p onclick="alert(1)">Tap</p>'),
     [f"{PAGE}:", "has an event attribute 'onclick'"]),
    ("script-address-in-raw-html", append(PAGE, '<a href="javascript:alert(1)">x</a>'),
     [f"{PAGE}:", "has href='javascript:alert(1)', which runs code"]),
    ("refresh-in-a-page", append(PAGE, '<meta http-equiv="refresh" content="0;url=https://example.org/">'),
     [f"{PAGE}:", "raw <meta> is not allowed in a page"]),
    ("old-section-number", append(PAGE, "The team is set out at 34 CFR 300.344."),
     [f"{PAGE}:", "a pre-2006 number"]),
    ("letter-unknown-blank", replace(LETTER, r"parent of \[child-name\]", "parent of [child-nmae]"),
     [f"{LETTER}:{LETTER_BODY_1}:", "field 'body' #1 uses [child-nmae], which is no field", "did you mean 'child-name'?",
      "add it to 'fields'", "CONTRIBUTING.md#add-a-letter-template"]),
    ("letter-blank-in-words", replace(LETTER, r"parent of \[child-name\]", "parent of [child's name]"),
     [f"{LETTER}:{LETTER_BODY_1}:", "has '[child's name]', which is not a blank", "write a blank as [field-id]"]),
    ("letter-unmatched-bracket", replace(LETTER, r"Please send me copies.", "Please send me copies]."),
     [f"{LETTER}:", "field 'body' #6: text has a '[' or ']' without its partner"]),
    ("letter-missing-required-field", replace(LETTER, r"^subject:.*\n", ""),
     [f"{LETTER}: missing required field 'subject'", "subject: Request to review and copy education records",
      "CONTRIBUTING.md#add-a-letter-template"]),
    ("letter-field-without-label", replace(LETTER, r"^    label: Who gets the letter\n", ""),
     [f"{LETTER}:{LETTER_FIELD_1}:", "missing required field 'label'"]),
    ("letter-field-not-used", replace(LETTER, r"^  - id: copies\n", "  - id: unused\n    label: Never used\n  - id: copies\n"),
     [f"{LETTER}:{LETTER_COPIES}:", "'unused' is not used; write it in the letter as [unused]"]),
    ("letter-checkbox-as-a-blank", replace(LETTER, r"Please send me copies\.", "Please send me [copies]."),
     [f"{LETTER}:", "uses 'copies', a checkbox, which shows no words", "'when: copies'"]),
    ("letter-lines-from-a-short-field", replace(LETTER, r"lines: worries", "lines: recipient"),
     [f"{LETTER}:", "uses 'recipient', not a 'long text' field"]),
    ("letter-optional-without-a-switch", replace(LETTER, r"^    when: copies\n", ""),
     [f"{LETTER}:", "is optional but has no blank to switch it on", "when: <a checkbox field>"]),
    ("letter-unknown-kind", replace(LETTER, r"kind: checkbox", "kind: tickbox"),
     [f"{LETTER}:{LETTER_CHECKBOX}:", "field 'fields' #4: kind is 'tickbox'; use one of ['text', 'date', 'long text', 'checkbox']"]),
    ("letter-html-in-text", replace(LETTER, r"^closing: Sincerely,", "closing: <b>Sincerely</b>"),
     [f"{LETTER}:", "field 'closing' contains '<'"]),
    ("letter-template-in-text", replace(LETTER, r"^closing: Sincerely,", "closing: '{{ 7*7 }}'"),
     [f"{LETTER}:", "field 'closing' contains '{{'; data is never a template"]),
    ("unknown-letter-id", replace(PAGE, r'letter\("ask-for-records"\)', 'letter("ask-for-record")'),
     [f"{PAGE}:", "unknown letter 'ask-for-record'; did you mean 'ask-for-records'?",
      f"{LETTER}: no page shows this letter"]),
    ("letter-bad-file-name", write("letters/Bad Name.yml", "subject: x\n"),
     ["letters/Bad Name.yml: the file name 'Bad Name' is not a valid letter id"]),
    ("letter-leftover-todo", replace(LETTER, r"^closing: Sincerely,", "closing: Sincerely, TODO"),
     [f"{LETTER}:{LETTER_CLOSING}:", "leftover 'TODO'"]),
    ("letter-broken-yaml", replace(LETTER, r"^greeting:.*$", "greeting: Dear [recipient]: and more"),
     [f"{LETTER}:{LETTER_GREETING}:", "not valid YAML"]),
]
SPELLING_CASES = [
    ("misspelled-word", append(PAGE, "The team will recieve your letter."),
     [f"{PAGE}:", "possible misspelling 'recieve'", ".codespell-words"]),
    ("misspelled-word-in-a-letter", replace(LETTER, r"I ask to see", "I ask to recieve"),
     [f"{LETTER}:{LETTER_BODY_1}:", "possible misspelling 'recieve'"]),
]


def _report(root: Path, spelling: bool) -> str:
    problems = check(Settings.from_file(root), dt.date(2026, 11, 30), spelling=spelling).problems
    return "\n".join(map(str, problems))


@pytest.fixture()
def mini(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """The small site; with the engine only for the tests that build it (the checker runs in this process)."""
    return mini_project(tmp_path / "mini", engine=request.node.get_closest_marker("rebuild") is not None)


def test_the_small_site_is_clean(mini: Path) -> None:
    assert _report(mini, spelling=True) == ""


@pytest.mark.parametrize("plant,expected", [pytest.param(p, e, id=i) for i, p, e in CHECKER_CASES])
def test_planted_defect_is_reported_by_the_checker(mini: Path, plant: Plant, expected: list[str]) -> None:
    plant(mini)
    report = _report(mini, spelling=False)
    for text in expected:
        assert text in report, f"expected {text!r} in the checker's report:\n{report}"
    assert "Traceback" not in report


@pytest.mark.parametrize("plant,expected", [pytest.param(p, e, id=i) for i, p, e in SPELLING_CASES])
def test_spelling_mistake_is_reported(mini: Path, plant: Plant, expected: list[str]) -> None:
    plant(mini)
    report = _report(mini, spelling=True)
    for text in expected:
        assert text in report, f"expected {text!r} in the checker's report:\n{report}"


def test_a_misspelled_term_id_gets_the_builds_hint_not_the_spelling_lint(mini: Path) -> None:
    append(PAGE, 'An {{ term("recieve") }} word.')(mini)
    report = _report(mini, spelling=True)
    assert "unknown glossary term 'recieve'" in report
    assert "possible misspelling" not in report, report


def test_a_broken_letter_is_reported_in_its_file_only(mini: Path) -> None:
    """A letter with a problem is not also an 'unknown letter' on the page that shows it."""
    replace(LETTER, r"parent of \[child-name\]", "parent of [child-nmae]")(mini)
    report = _report(mini, spelling=False)
    assert report.startswith(f"{LETTER}:{LETTER_BODY_1}:") and len(report.splitlines()) == 1, report


def test_every_problem_is_reported_at_once(mini: Path) -> None:
    for _, plant, _ in CHECKER_CASES[:6]:
        plant(mini)
    report = _report(mini, spelling=False)
    assert all(text in report for _, _, expected in CHECKER_CASES[:6] for text in expected), report
    lines = report.splitlines()
    assert lines == sorted(lines, key=lambda l: (l.split(":")[0], int(l.split(":")[1]) if l.split(":")[1].isdigit() else 0))


# Defects only the built site shows: a build and the link check of the small site.
BUILD_CASES = [
    ("missing-page", append(PAGE, "[a missing page](missing-page.md)"),
     ["rights/consent.md", "missing-page.md", "not found"]),
    ("missing-anchor", append(PAGE, "[a missing section](#no-such-heading)"),
     ["rights/consent.md", "#no-such-heading", "no such anchor"]),
    ("raw-html-missing-page", append(PAGE, '<a href="../no-such-page/">a raw link</a>'),
     [f"{PAGE}:", "'../no-such-page/'", "does not exist"]),
    ("raw-html-missing-anchor", append(PAGE, '<a href="../evaluation-time/#no-such-anchor">a raw link</a>'),
     [f"{PAGE}:", "#no-such-anchor", "no such anchor"]),
    ("markdown-image-missing", append(PAGE, "![A chart of deadlines](missing-chart.png)"),
     ["rights/consent.md", "missing-chart.png", "not found"]),
    ("raw-img-missing", append(PAGE, '<img src="missing-photo.png" alt="A photo">'),
     [f"{PAGE}:", "missing-photo.png", "does not exist"]),
    ("http-external-link", append(PAGE, "[an old address](http://example.org/page)"),
     [f"{PAGE}:", "http://example.org/page", "use https://"]),
    ("raw-link-to-md-file", append(PAGE, '<a href="../about.md">about</a>'),
     [f"{PAGE}:", "points at a .md file"]),
    # The content rules run in a second process while the pages render; the build still stops on them.
    ("content-rule-during-build", replace(PAGE, r'^!!! abstract "In short"', '!!! note "Summary"'),
     [f"{PAGE}:", 'no "In short" box', "problem", "to fix before it can build"]),
]


@pytest.mark.rebuild
@pytest.mark.parametrize("plant,expected", [pytest.param(p, e, id=i) for i, p, e in BUILD_CASES])
def test_planted_defect_fails_the_build_or_link_check(mini: Path, tmp_path: Path, plant: Plant, expected: list[str]) -> None:
    plant(mini)
    result = build_and_check(mini, tmp_path / "site")
    assert not result.ok, f"the defect was not caught:\n{result.output}"
    for text in expected:
        assert text in result.output, f"expected {text!r} in the failure output:\n{result.output}"
    assert "Traceback" not in result.output, f"a traceback instead of a clear message:\n{result.output}"


@pytest.mark.rebuild
def test_a_broken_link_is_traced_to_its_line_in_the_page_and_its_embed_view(mini: Path, tmp_path: Path) -> None:
    """The build records where each link is written (.provenance.json); the link check names that line,
    for the page and for its embed view, whose links were rewritten for another folder."""
    append(PAGE, 'A raw <a href="../no-such-page/">link</a>.')(mini)
    line = next(n for n, text in enumerate((mini / PAGE).read_text(encoding="utf-8").splitlines(), 1) if "no-such-page" in text)
    result = build_and_check(mini, tmp_path / "site")
    assert f"{PAGE}:{line}: link '../no-such-page/' goes to a page or file that does not exist" in result.output, result.output
    assert f"{PAGE}:{line}: link '../../../rights/no-such-page/'" in result.output, result.output


@pytest.mark.rebuild
def test_mkdocs_itself_refuses_to_build_into_a_project_folder(mini: Path) -> None:
    """`mkdocs build -d glossary`, without make, stops before MkDocs empties the folder."""
    import subprocess
    import sys

    from tests.sitebuild import env

    before = sorted(p.name for p in (mini / "glossary").iterdir())
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", "glossary"], cwd=mini, env=env(),
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "is the project's glossary/ folder or inside it" in result.stdout + result.stderr
    assert sorted(p.name for p in (mini / "glossary").iterdir()) == before


def test_the_builds_checker_finds_what_the_checker_finds(mini: Path) -> None:
    """The build checks the data first; when it is sound, the content rules run in a second process
    while pages render, and find the same problems as `make lint`."""
    settings, day = Settings.from_file(mini), dt.date(2026, 11, 30)
    replace(PAGE, r'^!!! abstract "In short"', '!!! note "Summary"')(mini)
    append(PAGE, "This is a plain sentense.")(mini)
    checked, pending = start(settings, day)
    assert checked.problems == [] and pending is not None
    assert sorted(pending.problems()) == check(settings, day).problems != []


def test_a_data_problem_stops_the_build_with_every_other_problem_at_once(mini: Path) -> None:
    settings, day = Settings.from_file(mini), dt.date(2026, 11, 30)
    replace(PAGE, r'^!!! abstract "In short"', '!!! note "Summary"')(mini)
    append(PAGE, 'An {{ term("ipe") }} is a plan.')(mini)
    checked, pending = start(settings, day)
    assert pending is None
    assert checked.problems == check(settings, day).problems
    report = "\n".join(map(str, checked.problems))
    assert "unknown glossary term 'ipe'" in report and 'no "In short" box' in report, report


def test_a_failure_of_the_checker_itself_is_a_problem_not_a_hang(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> list:
        raise KeyError("a bug in a rule")

    checked, _ = start(Settings.from_file(mini), dt.date(2026, 11, 30))
    monkeypatch.setattr(checks.site, "rules", broken)
    problems = checks.site.Pending(checked.site, checked.renderings).problems()
    assert len(problems) == 1 and problems[0].file == "checks/site.py", problems
    assert "the checker itself failed" in problems[0].message and "a bug in a rule" in problems[0].message
