"""Legal citation labels: parse them, build their official link, and check a hand-written link."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from macros.grammar import text_problem
from macros.render import safe

ECFR = "https://www.ecfr.gov/current"
USC = "https://www.law.cornell.edu/uscode/text"

_PARA = r"(?:\([A-Za-z0-9]+\))"
_CFR_SECTION = re.compile(
    rf"^(?P<title>\d+) CFR (?P<part>\d+)\.(?P<sec>\d+)(?P<para>{_PARA}*)"
    rf"(?:\s*[-–]\s*(?:(?P<part2>\d+)\.(?P<sec2>\d+))?(?P<para2>{_PARA}*))?$"
)
_CFR_PART = re.compile(r"^(?P<title>\d+) CFR Part (?P<part>\d+)$")
_USC = re.compile(
    rf"^(?P<title>\d+) U\.S\.C\. (?P<sec>\d+[a-z]?)(?P<para>{_PARA}*)"
    rf"(?:\s*[-–]\s*(?P<sec2>\d+[a-z]?)?(?P<para2>{_PARA}*))?(?: et seq\.)?$"
)

FORMS = (
    "'34 CFR 300.301', '34 CFR 300.301(c)(1)', '34 CFR 300.500-300.536', '34 CFR Part 300', "
    "'20 U.S.C. 1414(d)' or '20 U.S.C. 1400 et seq.'"
)


class CitationError(ValueError):
    """A citation label or link that the site cannot use."""


@dataclass(frozen=True)
class Citation:
    """A legal citation: its label as shown and the official address it links to."""

    label: str
    url: str
    code: str  # "CFR" or "USC"
    title: str
    section: str  # "300.301", "1414", or "part-300"
    paragraph: str  # "(c)(1)" or ""


def is_legal(label: str) -> bool:
    """True when a label looks like a CFR or U.S.C. citation (and so must parse)."""
    return bool(re.search(r"\b(CFR|U\.S\.C\.)(?=\s|$)", label))


def _paras(text: str) -> list[str]:
    return re.findall(r"\(([A-Za-z0-9]+)\)", text or "")


def parse(label: str) -> Citation:
    """Parse a CFR or U.S.C. label and build its link; raise CitationError if it is malformed."""
    label = " ".join(label.split())
    if m := _CFR_PART.match(label):
        t, part = m["title"], m["part"]
        return Citation(label, f"{ECFR}/title-{t}/part-{part}", "CFR", t, f"part-{part}", "")
    if m := _CFR_SECTION.match(label):
        t, section, para = m["title"], f"{m['part']}.{m['sec']}", m["para"] or ""
        url = f"{ECFR}/title-{t}/section-{section}"
        if para:
            url += f"#p-{section}{para}"
        return Citation(label, url, "CFR", t, section, para)
    if m := _USC.match(label):
        t, section, para = m["title"], m["sec"], m["para"] or ""
        url = f"{USC}/{t}/{section}"
        if para:
            url += "#" + "_".join(_paras(para))
        return Citation(label, url, "USC", t, section, para)
    raise CitationError(f"'{label}' is not a citation the site understands; write it like {FORMS}")


def link_target(url: str) -> tuple[str, str, str, str] | None:
    """Read (code, title, section, paragraph) from an eCFR or Cornell U.S.C. link, or None."""
    parts = urlsplit(url)
    path, frag = unquote(parts.path), unquote(parts.fragment)
    if parts.netloc == "www.ecfr.gov":
        if m := re.match(r"^/current/title-(\d+)/section-(\d+\.\d+)/?$", path):
            para = ""
            if frag.startswith(f"p-{m[2]}"):
                para = frag[len(f"p-{m[2]}"):]
            return ("CFR", m[1], m[2], para)
        if m := re.match(r"^/current/title-(\d+)/part-(\d+)/?$", path):
            return ("CFR", m[1], f"part-{m[2]}", "")
    if parts.netloc == "www.law.cornell.edu":
        if m := re.match(r"^/uscode/text/(\d+)/(\d+[a-z]?)/?$", path):
            para = "".join(f"({p})" for p in frag.split("_") if p)
            return ("USC", m[1], m[2], para)
    return None


def mismatch(label: str, url: str) -> str | None:
    """Explain how a link's target differs from the section and paragraph its label names, or None."""
    target = link_target(url)
    if target is None:
        return None
    try:
        cite = parse(label)
    except CitationError:
        return None
    if (cite.code, cite.title, cite.section, cite.paragraph) != target:
        return (
            f"the label '{label}' names {cite.code} {cite.section}{cite.paragraph} but the link "
            f"'{url}' goes to {target[0]} {target[2]}{target[3]}; use {cite.url}"
        )
    return None


@dataclass(frozen=True)
class Source:
    """A citation as shown on the site: its label and the https address it links to."""

    label: str
    url: str


def source_of(item: object) -> Source:
    """A checked citation item (a label, or {label, url}) as a Source; raises ValueError with the reason."""
    if isinstance(item, str):
        item = {"label": item}
    label, url = " ".join(str(item["label"]).split()), item.get("url")
    if is_legal(label):
        try:
            cite = parse(label)
        except CitationError as err:
            raise ValueError(str(err)) from None
        if url is None:
            return Source(cite.label, cite.url)
        if why := mismatch(label, str(url)):
            raise ValueError(f"{why} (or leave 'url' out: it is made for you)")
    elif why := text_problem(label):
        raise ValueError(f"the label {why}")
    if url is None:
        raise ValueError(f"'{label}' needs a 'url' (an https address of the source), or use a CFR or U.S.C. label")
    try:
        return Source(label, safe.url(str(url)))
    except safe.Unsafe as err:
        raise ValueError(f"url {err}") from None
