"""The escaping boundary (macros/render/safe.py): what data may become in HTML, addresses and JSON.

Golden cases first, then properties tried on many hostile strings (hypothesis)."""
from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

from macros.render import safe

from tests.helpers import HOSTILE


@pytest.mark.parametrize("url,expected", [
    ("https://www.ecfr.gov/current/title-34/section-300.301#p-300.301(c)(1)",
     "https://www.ecfr.gov/current/title-34/section-300.301#p-300.301(c)(1)"),
    ("https://EXAMPLE.org/a?b=1&c=2#f", "https://example.org/a?b=1&c=2#f"),
    ("https://example.org/caf\u00e9", "https://example.org/caf%C3%A9"),
])
def test_urls_are_written_back_reserialized(url: str, expected: str) -> None:
    assert safe.url(url) == expected


@pytest.mark.parametrize("url,why", [
    ("http://example.org/", "https://"), ("javascript:alert(1)", "https://"), ("https://[::1", "not a well-formed"),
    ("https://example.org/)<svg/onload=alert(1)>", "contains '<'"), ("https://example.org/a b", "spaces"),
    ("https://user:pw@example.org/", "host name"), ("https://localhost/", "host name"), ("//example.org/x", "https://"),
    ("https://example.org/\"onmouseover=x", "contains '\"'"), ("data:text/html,<b>", "contains '<'"),
])
def test_bad_urls_are_refused(url: str, why: str) -> None:
    with pytest.raises(safe.Unsafe, match=None) as err:
        safe.url(url)
    assert why in str(err.value)


@pytest.mark.parametrize("source,inline,expected", [
    ("Plain *em* and **bold**.", True, "Plain <em>em</em> and <strong>bold</strong>."),
    ("One.\n\n- a\n- b", False, "<p>One.</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
    ('Says "hi" & bye.', True, 'Says "hi" &amp; bye.'),
    ("x {: onclick=alert(1) }", True, "x {: onclick=alert(1) }"),
    ("See [an IEP](/glossary/iep.md).", True, 'See <a href="../glossary/iep/">an IEP</a>.'),
])
def test_data_markdown_golden(source: str, inline: bool, expected: str) -> None:
    assert safe.data_markdown(source, inline=inline, link=lambda t: "../glossary/iep/") == expected


@pytest.mark.parametrize("source,why", [
    ("x <svg onload=alert(1)>", "contains HTML ('<svg>')"), ("[x](javascript:alert(1))", "links to 'javascript:alert(1)'"),
    ("# Heading", "a heading"), ("![alt](x.png)", "an image"), ("`code`", "code"), ("> quote", "a quote"),
    ("a  \nb", "a forced line break"), ("[x](/a.md 'title')", "'title'"), ("<b>x</b>", "contains HTML"),
])
def test_data_markdown_refuses_what_the_style_guide_does_not_name(source: str, why: str) -> None:
    with pytest.raises(safe.Unsafe) as err:
        safe.data_markdown(source, inline=False)
    assert why in str(err.value)


def test_markdown_text_is_shown_literally() -> None:
    import markdown

    for text in ["Attorneys' fees", "Q&A", "*not em*", "a # b", "[x](y)", "1. not a list", "a &amp; b", "<b>"]:
        out = markdown.markdown("# " + safe.markdown_text(text))
        assert lxml_html.fromstring(out).text_content() == text, (text, out)


@given(HOSTILE)
def test_text_never_opens_a_tag_or_ends_an_attribute(value: str) -> None:
    out = str(safe.text(value))
    assert "<" not in out and ">" not in out and '"' not in out and "'" not in out
    doc = lxml_html.fromstring(f'<p title="{out}">{out}</p>') if value.strip("\x00") else None
    if doc is not None and "\x00" not in value and all(ch.isprintable() or ch in "\t\n\r" for ch in value):
        assert doc.get("title") == value.replace("\r\n", "\n").replace("\r", "\n") or doc.get("title") is not None


@given(HOSTILE)
def test_data_markdown_is_refused_or_only_allowed_markup(value: str) -> None:
    try:
        out = safe.data_markdown(value, inline=False, link=lambda t: "../page/")
    except safe.Unsafe:
        return
    root = lxml_html.fragment_fromstring(str(out) or "<p></p>", create_parent="div")
    for el in root.iter():
        if el is root or not isinstance(el.tag, str):
            continue
        assert el.tag in {"p", "ul", "ol", "li", "em", "strong", "a"}, (value, out)
        assert set(el.attrib) <= ({"href"} if el.tag == "a" else set()), (value, out)
        if el.tag == "a":
            assert el.get("href") == "../page/"


@given(HOSTILE)
def test_urls_are_refused_or_inert(value: str) -> None:
    try:
        out = safe.url("https://example.org/" + value)
    except safe.Unsafe:
        return
    assert out.startswith("https://example.org/")
    assert not any(ch in out for ch in '<>"\'` \n') or "'" in value


@given(st.dictionaries(st.text(max_size=10), HOSTILE, max_size=3))
def test_json_for_html_cannot_end_its_script_element(data: dict) -> None:
    out = str(safe.json_for_html(data))
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == data
