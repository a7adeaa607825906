"""Letters ready to send (issue 14): a form that fills the letter in the browser only, then Copy, Email,
Print and the Word file; the letter without JavaScript; the Word file itself; the link check.

The data checks of letters/*.yml are fault cases in tests/test_faults.py; the macro's HTML is golden
(tests/golden/letter.md).
"""
from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import shutil
import zipfile
from pathlib import Path
from urllib.parse import quote, unquote, urljoin

import docx
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from lxml import html as lxml_html
from pypdf import PdfReader

from checks.browser import wait_until
from macros.model import letters as letters_model
from macros.outputs.letters import document
from macros.render import letters as letter_html
from macros.words import words
from tests.helpers import HOSTILE, rulebook
from tests.sitebuild import project_data
from tests.test_accessibility import SCHEMES, _context, axe_violations
from tests.test_linkcheck import make_site, run
from tests.test_print import CHROME_TEXT, navigation_only_text, print_pdf

RECORDS = "next-steps/letters/request-records/"
LETTER_PAGES = [f"next-steps/letters/{lid}/" for lid in sorted(project_data().letters.letters)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
EMAIL_MAX = 1800  # as in docs/assets/javascripts/letters.js
URI_SAFE = "-_.!~*'()"  # what encodeURIComponent leaves as it is

# What the journey types, and the records letter it must put on the clipboard, character for character.
CHILD, SCHOOL, DAY = "Sam Rivera", "Oak Hill Elementary", "2026-12-01"
EXPECTED = """\
[Your full name]
[Your street address]
[City, state, ZIP code]
[Your phone number]
[Your email address]

December 1, 2026

[Name of the principal or records contact]
[School or district name]
[School or district address]

Re: Request to review and copy education records
Student: Sam Rivera
Date of birth: [child's date of birth]
School: Oak Hill Elementary
Grade: [grade]

Dear [name]:

I am the parent of Sam Rivera. I am asking to review all of my child's education records that the school \
and district keep. This includes records kept by the special education office, the school office, teachers, \
counselors, nurses and therapists.

Please include:
- all evaluations, test scores and reports, including any test protocols or score sheets you are able to share
- all IEPs, 504 plans, progress reports and report cards
- notes, emails and other messages about my child kept in the file
- attendance and discipline records
- any other records about my child's special education

I would also like copies of these records. Please tell me the cost of copies before you make them. If you \
can send them by email, that is fine.

Please contact me at [phone number or email] to set a time, or to tell me when the copies are ready.

Thank you.

Sincerely,

[Your full name]"""


def _tap(page, locator) -> None:
    locator.scroll_into_view_if_needed()
    locator.tap()


def fill_records_letter(page) -> None:
    page.get_by_label("Your child's full name").fill(CHILD)
    page.get_by_label("Your child's school").fill(SCHOOL)
    page.get_by_label("Date of the letter").fill(DAY)


@pytest.mark.browser
def test_phone_journey_from_home_to_a_filled_letter_on_the_clipboard(browser, base_url: str) -> None:
    """On a 390 px phone: two taps from the home page to the records letter, type the child's name, the
    school and the date, tap Copy letter: the clipboard holds exactly the letter as shown, and nothing
    was sent, stored or requested while typing."""
    context = browser.new_context(**PHONE, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url)
    taps = 0
    for link in (page.locator("article").get_by_role("link", name="Letters to the school"),
                 page.locator("article").get_by_role("link", name="Ask for records", exact=True)):
        with page.expect_navigation():
            _tap(page, link)
        taps += 1
    assert page.url == base_url + RECORDS
    page.wait_for_load_state("load")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(f"{r.method} {unquote(r.url)} {r.post_data or ''}"))
    fill_records_letter(page)
    _tap(page, page.get_by_role("button", name="Copy letter"))
    taps += 1
    status = page.locator("[data-letter-status]")
    wait_until(page, "() => document.querySelector('[data-letter-status]').textContent.startsWith('Letter copied')")
    assert status.get_attribute("role") == "status"
    clipboard = page.evaluate("navigator.clipboard.readText()")
    shown = page.locator("[data-letter-sheet]").inner_text()
    stored = page.evaluate("""() => ({local: Object.keys(localStorage), session: Object.keys(sessionStorage),
        cookie: document.cookie, values: JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])})""")
    context.close()
    assert taps <= 3, f"{taps} taps from the home page to a copied letter"
    assert clipboard == EXPECTED
    assert " ".join(clipboard.replace("- ", "").split()) == " ".join(shown.split()), "the copy differs from the letter shown"
    sent = [r for r in requests if not r.startswith(f"GET {base_url}") or any(t in r for t in (CHILD, SCHOOL, "December"))]
    assert not sent, f"typing and copying sent something: {sent}"
    assert not any(typed in stored["values"] for typed in (CHILD, SCHOOL, "December")), f"what was typed was stored: {stored}"
    assert set(stored["local"]) <= {"/.__palette"} and not stored["session"] and not stored["cookie"], \
        f"something besides the theme's colour scheme was stored: {stored}"


@pytest.mark.browser
def test_the_form_fills_dates_lists_and_optional_lines(browser, base_url: str) -> None:
    context = browser.new_context(**PHONE, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + "next-steps/letters/request-504-evaluation/")
    sheet = page.locator("[data-letter-sheet]")
    today = page.evaluate("(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()] })()")
    assert page.get_by_label("Date of the letter").input_value() == "%04d-%02d-%02d" % tuple(today)
    assert dt.date(*today).strftime("%B %-d, %Y") in sheet.inner_text(), "the letter is not dated today"
    assert "I also ask for a full evaluation" not in sheet.inner_text(), "an optional line shows before it is chosen"
    page.get_by_label("Your child's date of birth").fill("2016-02-09")
    page.get_by_label("What worries you").fill("misses class often\n\n  tires by noon ")
    page.get_by_label("Also ask for a full evaluation for special education (IDEA)").check()
    text = sheet.inner_text()
    assert "Date of birth: February 9, 2016" in text
    assert page.locator("[data-lines] li").all_inner_texts() == ["misses class often", "tires by noon"]
    assert "\nI also ask for a full evaluation for special education under the Individuals with Disabilities Education Act.\n" in text
    assert "[Optional:" not in text, "a chosen optional line keeps its brackets"
    page.get_by_label("What worries you").fill("")
    assert page.locator("[data-lines] li").count() == 3, "emptying the field does not bring the blanks back"
    context.close()


@pytest.mark.browser
def test_email_opens_the_mail_app_with_subject_and_body_or_copies_a_long_letter(browser, base_url: str) -> None:
    context = browser.new_context(**PHONE, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + RECORDS)
    fill_records_letter(page)
    email = page.get_by_role("link", name="Email letter")
    href = email.get_attribute("href")
    subject = "mailto:?subject=" + quote("Request to review and copy education records", safe=URI_SAFE)
    full = f"{subject}&body={quote(EXPECTED, safe=URI_SAFE)}"
    print(f"records letter: mailto address of {len(full)} characters (limit {EMAIL_MAX})")
    if len(full) <= EMAIL_MAX:
        assert href == full
    else:
        assert href == subject, "a letter too long for a mailto: address must leave the body out"
        email.click(no_wait_after=True)
        wait_until(page, "() => document.querySelector('[data-letter-status]').textContent.includes('copied')")
        assert page.evaluate("navigator.clipboard.readText()") == EXPECTED
    page.goto(base_url + "next-steps/letters/request-iep-meeting/")
    short = page.get_by_role("link", name="Email letter").get_attribute("href")
    assert short.startswith("mailto:?subject=Request%20for%20an%20IEP%20meeting")
    if "&body=" in short:
        assert len(short) <= EMAIL_MAX and unquote(short.split("&body=")[1]).startswith("[Your full name]\n")
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", LETTER_PAGES)
def test_print_button_prints_the_letter_alone_on_one_letter_page(browser, base_url: str, path: str) -> None:
    """The Print button: exactly one US Letter page that starts with the sender and date block, with no
    site navigation, header, footer or trust note; the page prints whole again afterwards."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(base_url + path)
    nav = navigation_only_text(page)
    page.evaluate("() => { window.print = () => { window.printedLetter = document.documentElement.classList.contains('letter-printing') } }")
    if path == RECORDS:
        page.get_by_text("Your name and address, and who gets the letter").click()
        page.get_by_label("Your full name").fill("Ana Rivera")
        fill_records_letter(page)
    page.get_by_role("button", name="Print letter").click()
    assert page.evaluate("window.printedLetter") is True, "Print did not print with the letter-only layout"
    pages, text = print_pdf(page)
    first = "AnaRivera[Yourstreetaddress]" if path == RECORDS else "[Yourfullname][Yourstreetaddress]"
    assert pages == 1, f"/{path}: the letter prints on {pages} Letter pages"
    assert text.startswith(first), f"/{path}: the print starts with {text[:60]!r}"
    assert "Sincerely" in text
    leaked = [t for t in nav + CHROME_TEXT + ["Lastreviewed", "Generalinformation", "Printedfrom", "Thisformstays"]
              if "".join(t.split()) in text]
    assert not leaked, f"/{path}: printed beside the letter: {leaked}"
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not page.evaluate("document.documentElement.classList.contains('letter-printing')")


@pytest.mark.browser
def test_without_javascript_the_letter_reads_wraps_prints_and_links_its_word_file(browser, base_url: str) -> None:
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + RECORDS)
    sheet = page.locator("[data-letter-sheet]")
    assert sheet.is_visible() and "Dear [name]:" in sheet.inner_text()
    top = sheet.bounding_box()["y"]
    assert top < 844 * 3, f"the letter starts {top:.0f} px down, more than three screens"
    wide = page.evaluate("""() => [...document.querySelectorAll("article *")]
        .filter(el => el.getBoundingClientRect().right > innerWidth + 0.5).map(el => el.tagName + "." + el.className)""")
    assert not wide, f"parts of the article are wider than 390 px: {wide}"
    assert page.evaluate("document.querySelector('article').scrollWidth <= document.querySelector('article').clientWidth")
    for hidden in ("[data-letter-form]", "[data-letter-action=copy]", "[data-letter-action=email]", "[data-letter-action=print]"):
        assert not page.locator(hidden).is_visible(), f"{hidden} shows without JavaScript, where it cannot work"
    link = page.get_by_role("link", name="Download Word file (.docx)")
    assert link.is_visible()
    response = page.request.get(urljoin(page.url, link.get_attribute("href")))
    assert response.status == 200 and response.body()[:2] == b"PK"
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="Letter")))
    texts = ["".join(p.extract_text().split()) for p in reader.pages]
    context.close()
    on = [i for i, t in enumerate(texts) if "[Yourfullname]" in t and "Sincerely" in t]
    assert on, "the letter is split across printed pages (or missing from the print)"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_axe_finds_no_violations_in_the_open_letter_form_at_375px(browser, base_url: str, scheme: str) -> None:
    context = _context(browser, 375, scheme)
    page = context.new_page()
    page.goto(base_url + RECORDS)
    page.get_by_text("Your name and address, and who gets the letter").click()
    page.get_by_label("Your child's full name").fill(CHILD)
    page.get_by_role("button", name="Copy letter").focus()
    violations = axe_violations(page)
    context.close()
    assert not violations, "\n".join(violations)


def test_word_files_hold_the_letters_with_brackets(site: Path) -> None:
    for letter in project_data().letters.letters.values():
        doc = docx.Document(str(site / letter.docx))
        text = "\n".join(p.text for p in doc.paragraphs)
        assert text.startswith("[Your full name]\n[Your street address]"), letter.id
        assert f"Re: {letter.subject}\nStudent: [child's full name]" in text, letter.id
        assert "Dear [name]:" in text and text.endswith("Sincerely,\n[Your full name]"), letter.id
        assert doc.core_properties.title == letter.subject
    records = "\n".join(p.text for p in docx.Document(str(site / "letters/request-records.docx")).paragraphs)
    assert "all IEPs, 504 plans, progress reports and report cards" in records
    assert "[Use this line if it fits: An IEP meeting is set for [date of meeting]. I would like to see the records before then.]" in records


def test_word_files_are_the_same_from_build_to_build(site: Path) -> None:
    """No clock in the file: the document's dates and its zip entries' dates are the letter's reviewed date."""
    letter = project_data().letters.letters["request-records"]
    built = (site / letter.docx).read_bytes()
    assert document(letter) == built
    day = dt.date.fromisoformat(letter.reviewed)
    with zipfile.ZipFile(io.BytesIO(built)) as z:
        assert {i.date_time for i in z.infolist()} == {(day.year, day.month, day.day, 0, 0, 0)}
    props = docx.Document(io.BytesIO(built)).core_properties
    assert props.created.date() == props.modified.date() == day
    assert "python-docx" not in f"{props.author} {props.comments} {props.last_modified_by}"


def test_the_link_check_accepts_an_existing_word_file_and_reports_a_missing_one(tmp_path: Path) -> None:
    site, root = make_site(tmp_path, {"index.html": '<a href="letters/a.docx" download>A letter</a>'})
    assert run(site, root) == ["docs/index.md:3: link 'letters/a.docx' goes to a page or file that does not exist; "
                               "fix the path or create the file (in built page index.html)"]
    (site / "letters").mkdir()
    (site / "letters" / "a.docx").write_bytes(b"PK")
    assert run(site, root) == []


# Hostile text in every kind of letter text: refused with a message naming the file, or shown as text.
MINI_LETTER = Path(__file__).parent / "fixtures" / "mini" / "letters" / "ask-for-records.yml"
LETTER_TEXT = [("subject",), ("closing",), ("greeting",), ("body", 0), ("body", 3, "list", 0), ("body", 5, "text"),
               ("body", 5, "optional"), ("fields", 0, "label"), ("fields", 0, "hint"), ("fields", 0, "blank")]


def _shape(markup: str) -> list[tuple[str, tuple[str, ...]]]:
    """The elements of some HTML and their attribute names, without the text."""
    root = lxml_html.fragment_fromstring(markup, create_parent="div")
    return [(el.tag, tuple(sorted(el.attrib))) for el in root.iter() if isinstance(el.tag, str)]


@functools.cache
def _mini_letter() -> dict:
    """The small site's letter as data, read once (each hypothesis example changes a copy of it)."""
    return yaml.safe_load(MINI_LETTER.read_text(encoding="utf-8"))


def _letter_with(tmp_path: Path, where: tuple, value: str):
    data = copy.deepcopy(_mini_letter())
    node = data
    for step in where[:-1]:
        node = node[step]
    node[where[-1]] = value
    folder = tmp_path / "letters"
    folder.mkdir(exist_ok=True)
    shutil.copy2(MINI_LETTER.with_name("_fields.yml"), folder / "_fields.yml")
    (folder / "ask-for-records.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return letters_model.load(folder, "letters", rulebook())


@pytest.mark.parametrize("where", LETTER_TEXT, ids=lambda w: "-".join(map(str, w)))
def test_hostile_letter_text_is_refused_or_shown_as_text(tmp_path: Path, where: tuple) -> None:
    benign, problems = _letter_with(tmp_path, where, "plain words")
    assert not problems, problems
    shape = _shape(letter_html.render(benign.letters["ask-for-records"], str, words("en")))

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
              max_examples=min(settings.default.max_examples, 40))
    @given(HOSTILE)
    def run(value: str) -> None:
        loaded, problems = _letter_with(tmp_path, where, value)
        if problems:
            assert all(p.file == "letters/ask-for-records.yml" and p.message for p in problems), problems
            return
        letter = loaded.letters["ask-for-records"]
        markup = letter_html.render(letter, str, words("en"))
        assert _shape(markup) == shape, f"{where}: {value!r} changed the letter's elements or attributes"
        shown = " ".join(lxml_html.fragment_fromstring(markup, create_parent="div").text_content().split())
        if where[-1] not in ("optional",):
            assert " ".join(value.split()).replace("[", "").replace("]", "") in shown.replace("[", "").replace("]", "")
        reached.append(letter)
    reached: list = []
    run()
    print(f"{where}: {len(reached)} hostile values shown as text, the others refused")
    for letter in reached[:3]:
        assert docx.Document(io.BytesIO(document(letter))).paragraphs, "the Word file of an accepted letter does not open"


@pytest.mark.browser
@pytest.mark.parametrize("path", LETTER_PAGES)
def test_spanish_letter_prints_alone_on_one_letter_page_in_either_language(browser, base_url: str, path: str) -> None:
    """On the Spanish page, the letter in Spanish and the letter in English (the language choice) each
    print alone on one US Letter page, and the sheet printed is the one chosen."""
    es = words("es")
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(base_url + "es/" + path)
    page.evaluate("() => { window.print = () => { window.printedLetter = document.documentElement.classList.contains('letter-printing') } }")
    for language in ("es", "en"):
        page.locator(f"input[data-letter-language][value={language}]").check()
        sheet = page.locator(f"[data-letter-sheet][lang={language}]")
        assert sheet.is_visible(), f"/es/{path}: the {language} letter is not shown after choosing it"
        first_line = "".join(sheet.inner_text().split("\n")[0].split())
        page.get_by_role("button", name=es["letter_print"]).click()
        assert page.evaluate("window.printedLetter") is True, "Print did not print with the letter-only layout"
        pages, text = print_pdf(page)
        assert pages == 1, f"/es/{path} ({language}): the letter prints on {pages} Letter pages"
        assert text.startswith(first_line), f"/es/{path} ({language}): the print starts with {text[:60]!r}"
        leaked = [t for t in (es["last_reviewed"], es["not_legal_advice"], es["printed_from"], es["letter_privacy"])
                  if "".join(t.split()) in text]
        assert not leaked, f"/es/{path} ({language}): printed beside the letter: {leaked}"
        page.emulate_media(media="screen")
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.context.close()
