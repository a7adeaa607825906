"""The one escaping boundary: every value that comes from data (glossary entries, facts, front matter)
reaches the site's HTML, attributes, addresses and JSON through these functions.

- `text()` escapes for element text and quoted attribute values (it returns Markup, which templates and
  Jinja's `|e` leave alone, so nothing is escaped twice).
- `url()` parses an address and writes it back re-serialized; only https (and the site's own pages) pass.
- `json_for_html()` writes JSON that is safe inside a <script> element.
- `data_markdown()` renders the small Markdown that data fields may use (paragraphs, lists, emphasis and
  links to the site's own pages) and refuses everything else, naming it.
Anything refused raises Unsafe, whose message the caller puts after the file and field.
"""
from __future__ import annotations

import json
import re
from typing import Callable
from urllib.parse import quote, urlsplit, urlunsplit

import markdown
from lxml import etree
from lxml import html as lxml_html
from markupsafe import Markup, escape


class Unsafe(ValueError):
    """A value the site will not publish as it is; the message says what and how to fix it."""


def text(value: object) -> Markup:
    """Text for HTML element content or a double-quoted attribute value."""
    return escape(value)


_URL_SAFE = "/:@!$&'()*+,;=-._~%"
_NEVER_IN_URLS = '<>"{}|\\^`'  # characters RFC 3986 allows nowhere in an address


def url(value: str) -> str:
    """A well-formed https address, re-serialized so it cannot break out of an attribute or a link."""
    if not isinstance(value, str) or not value:
        raise Unsafe("must be an https:// address")
    if any(ch.isspace() or not ch.isprintable() for ch in value):
        raise Unsafe(f"'{value.strip()[:80]}' contains spaces or control characters; write the address without them")
    if bad := [ch for ch in _NEVER_IN_URLS if ch in value]:
        raise Unsafe(f"'{value[:80]}' contains '{bad[0]}', which an address never has; copy it again from the "
                     "browser's address bar")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as err:
        raise Unsafe(f"'{value[:80]}' is not a well-formed address ({err}); copy it again from the browser") from None
    host = parts.hostname or ""
    if parts.scheme != "https":
        raise Unsafe(f"'{value[:80]}' must be a well-formed https:// address")
    if "." not in host or parts.username or parts.password or not re.fullmatch(r"[a-z0-9.-]+", host):
        raise Unsafe(f"'{value[:80]}' must be a well-formed https:// address with a host name, like https://www.ed.gov/...")
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit(("https", netloc, quote(parts.path, safe=_URL_SAFE), quote(parts.query, safe=_URL_SAFE + "?"),
                       quote(parts.fragment, safe=_URL_SAFE + "?#")))


def json_for_html(data: object) -> Markup:
    """JSON for a <script type="application/ld+json"> element: no '<', '>' or '&' can end the element."""
    out = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        out = out.replace(ch, esc)
    return Markup(out)


# What data Markdown may use. Markdown makes these tags; anything else (headings, images, code, quotes,
# tables, HTML) is refused with the name an editor knows it by.
_INLINE = {"em", "strong", "a"}
_BLOCK = {"p", "ul", "ol", "li"}
_NAMES = {
    "h1": "a heading (a line starting with #)", "h2": "a heading (a line starting with #)",
    "h3": "a heading (a line starting with #)", "h4": "a heading (a line starting with #)",
    "h5": "a heading (a line starting with #)", "h6": "a heading (a line starting with #)",
    "img": "an image", "code": "code (text in backticks or indented by 4 spaces)", "pre": "code (text indented by 4 spaces)",
    "blockquote": "a quote (a line starting with >)", "hr": "a rule (a line of ---)", "br": "a forced line break",
}
_HTML = re.compile(r"<[A-Za-z/!?]")
_PARSER = markdown.Markdown(extensions=[], output_format="html")
ALLOWED = "paragraphs, lists, *emphasis*, **bold** and links to the site's own pages, like [an IEP](/glossary/iep.md)"

LinkResolver = Callable[[str], str]


def _no_links(target: str) -> str:
    raise Unsafe(f"links to '{target[:60]}'; data text may link only to the site's own pages")


def data_markdown(source: str, *, inline: bool, link: LinkResolver = _no_links) -> Markup:
    """HTML of a data field's Markdown. `link` maps a link target as written (e.g. '/glossary/iep.md')
    to the address to write, or raises Unsafe. inline: one paragraph, returned without its <p>."""
    if m := _HTML.search(source):
        tag = re.match(r"</?([A-Za-z][\w-]*)", source[m.start():])
        raise Unsafe(f"contains HTML ({'<' + tag[1] + '>' if tag else source[m.start():m.start() + 8]!r}); "
                     f"write plain text: data text may use only {ALLOWED}")
    rendered = _PARSER.reset().convert(source)
    root = lxml_html.fragment_fromstring(rendered, create_parent="div")
    for el in root.iter():
        if el is root or not isinstance(el.tag, str):
            continue
        if el.tag not in _INLINE | _BLOCK:
            raise Unsafe(f"uses {_NAMES.get(el.tag, f'<{el.tag}>')}; data text may use only {ALLOWED}")
        allowed = {"href"} if el.tag == "a" else set()
        if extra := set(el.attrib) - allowed:
            raise Unsafe(f"gives a link a {sorted(extra)[0]!r}; write links as [text](/page.md) only")
        if el.tag == "a":
            el.set("href", link(el.get("href", "")))
    if inline:
        if len(root) != 1 or root[0].tag != "p":
            raise Unsafe("must be one paragraph of plain text, without lists or blank lines")
        root = root[0]
    root.tail = None
    whole = etree.tostring(root, encoding="unicode", method="html")
    return Markup(whole[whole.index(">") + 1:whole.rindex("<")].strip())


def plain(source: str) -> str:
    """The words of a data field's Markdown, without markup, whitespace collapsed."""
    root = lxml_html.fragment_fromstring(_PARSER.reset().convert(source), create_parent="div")
    return " ".join(root.text_content().split())


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def markdown_text(value: str) -> str:
    """Text for a Markdown line the site writes (a heading): shown literally, never read as markup."""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(value))
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
