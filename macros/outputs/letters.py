"""Each letter as a Word file, letters/<id>.docx in the built site, made at build time with python-docx.

The file holds the lines the page shows without JavaScript: sender and date, recipient, subject, the body
with its lists, and the signature, with every blank in [brackets] (highlighted, so it is easy to find)
and each optional line in brackets after its lead words. Two builds write the same bytes: the document's
dates are the letter's reviewed date, and so are the dates of the entries in its zip file.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
from docx.enum.text import WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocParagraph

from macros.model.letters import Blank, Field, Items, Letter, Letters, Line, Lines, Paragraph
from macros.words import words

AUTHOR = "IEP Guide"


def _add_line(par: DocParagraph, parts: Line, fields: dict[str, Field]) -> None:
    for p in parts:
        if isinstance(p, Blank):
            par.add_run(fields[p.field].bracket).font.highlight_color = WD_COLOR_INDEX.YELLOW
        else:
            par.add_run(p)


def _add_lines(doc, parts: tuple[Line, ...], fields: dict[str, Field]) -> None:
    """Several lines as one paragraph with line breaks."""
    par = doc.add_paragraph()
    for i, part in enumerate(parts):
        if i:
            par.add_run().add_break()
        _add_line(par, part, fields)


def _add_block(doc, block: Paragraph | Items | Lines, fields: dict[str, Field]) -> None:
    if isinstance(block, Items):
        for item in block.items:
            _add_line(doc.add_paragraph(style="List Number" if block.numbered else "List Bullet"), item, fields)
    elif isinstance(block, Lines):
        for words in fields[block.field].blank:
            doc.add_paragraph(style="List Bullet").add_run(f"[{words}]").font.highlight_color = WD_COLOR_INDEX.YELLOW
    else:
        par = doc.add_paragraph()
        if block.lead:
            par.add_run(f"[{block.lead}: ")
        _add_line(par, block.line, fields)
        if block.lead:
            par.add_run("]")


def document(letter: Letter) -> bytes:
    """The letter's Word file."""
    doc = docx.Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(11)
    normal.paragraph_format.space_after = Pt(8)
    f = letter.fields
    _add_lines(doc, letter.sender, f)
    _add_lines(doc, (letter.date,), f)
    _add_lines(doc, letter.to, f)
    _add_lines(doc, ((f"{words(letter.language)['letter_re']} {letter.subject}",), *letter.about), f)
    _add_lines(doc, (letter.greeting,), f)
    for block in letter.body:
        _add_block(doc, block, f)
    doc.add_paragraph(letter.closing)
    signature = doc.add_paragraph()
    signature.paragraph_format.space_before = Pt(30)  # room to sign by hand
    _add_line(signature, letter.signature, f)
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:  # the template's preview picture, not this letter's
            del package.rels[rid]
    when = dt.datetime.fromisoformat(letter.reviewed).replace(tzinfo=dt.timezone.utc)
    props = doc.core_properties
    props.title, props.subject, props.author, props.last_modified_by = letter.subject, letter.subject, AUTHOR, AUTHOR
    props.comments, props.revision, props.created, props.modified = "", 1, when, when
    buffer = io.BytesIO()
    doc.save(buffer)
    return _fixed_dates(buffer.getvalue(), when)


def _fixed_dates(data: bytes, when: dt.datetime) -> bytes:
    """The same zip file with every entry dated `when` (python-docx dates them with the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            dest.writestr(entry, src.read(info.filename))
    return out.getvalue()


def write(letters: Letters, site_dir: Path) -> None:
    """Write every letter's Word file into the built site (in a translated edition, the English letter's too)."""
    for letter in letters.letters.values():
        for each in (letter, letter.original) if letter.original else (letter,):
            path = site_dir / each.docx
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(document(each))
