"""Letter templates: letters/<id>.yml, with the blanks every letter may use in letters/_fields.yml, checked
against the rulebook and read into lines of words and blanks.

A blank is written [field-id] in a letter's text. Every blank names a field (a letter's own `fields`, or
one of letters/_fields.yml); the field says what the form asks (label, hint, kind) and what the letter
shows in brackets until the reader fills it in (`blank`, by default the label). The page renders the
letter (macros/render/letters.py) and the build writes it as a Word file (macros/outputs/letters.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from macros.grammar import is_id
from macros.model import yamlfile
from macros.model.placeholders import placeholders
from macros.model.problems import Problem, did_you_mean
from macros.model.rules import Rulebook, line_of
from macros.model.translations import differ, text_numbers

FIELDS_FILE = "_fields.yml"
SCHEMA = "letter.schema.json"
FIELDS_SCHEMA = "letter-fields.schema.json"
GUIDE = "see CONTRIBUTING.md#add-a-letter-template"
# The form's groups, in order (their names: macros/words.py, letter_group_*); a field goes into the group
# of the part of the letter that first uses it.
GROUPS = ("child", "letter", "recipient", "sender")


@dataclass(frozen=True)
class Field:
    """A blank of a letter and the form field that fills it."""

    id: str
    label: str
    kind: str = "text"  # text | date | long text | checkbox
    blank: tuple[str, ...] = ()  # shown in brackets until filled; several only for a 'lines' list
    hint: str = ""
    default: str = ""  # "today" for a date field filled with the reader's date

    @property
    def bracket(self) -> str:
        """The blank as the letter shows it unfilled: '[child's full name]'."""
        return f"[{self.blank[0]}]"


@dataclass(frozen=True)
class Blank:
    """A blank in a line: the id of its field."""

    field: str


Line = tuple[str | Blank, ...]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph. An optional one shows (with the script) only when its blanks are filled or its
    checkbox (`when`) is ticked; without the script it shows in brackets after its `lead` words."""

    line: Line
    optional: bool = False
    lead: str = ""  # "Use this line if it fits"
    when: str = ""  # the id of a checkbox field


@dataclass(frozen=True)
class Items:
    """A bulleted or numbered list of lines."""

    items: tuple[Line, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Lines:
    """A bulleted list with one item per line the reader types into a long text field."""

    field: str


Block = Paragraph | Items | Lines


@dataclass(frozen=True)
class Letter:
    """One letter template, as checked; `fields` holds every field it uses, in order of first use."""

    id: str
    file: str
    subject: str
    reviewed: str
    fields: dict[str, Field]
    sender: tuple[Line, ...]
    date: Line
    to: tuple[Line, ...]
    about: tuple[Line, ...]
    greeting: Line
    body: tuple[Block, ...]
    closing: str
    signature: Line
    docx: str  # the site path of its Word file
    language: str = "en"
    original: "Letter | None" = None  # in a translated edition: the letter in English, for a school that reads English

    def groups(self) -> list[tuple[str, list[Field]]]:
        """The form: the letter's fields in GROUPS (by key), each group in the order the letter uses its fields."""
        parts = [(0, self.about), (1, (self.date,)), (1, self.body), (2, self.to), (2, (self.greeting,)),
                 (3, self.sender), (3, (self.signature,))]
        group: dict[str, int] = {}
        for g, part in parts:
            for fid in field_ids(part):
                group.setdefault(fid, g)
        return [(name, [self.fields[f] for f in group if group[f] == g])
                for g, name in enumerate(GROUPS) if g in group.values()]


def field_ids(part: tuple) -> list[str]:
    """The ids of the fields used in some lines or blocks, in order."""
    out: list[str] = []
    for item in part:
        if isinstance(item, Paragraph):
            out += field_ids((item.line,)) + ([item.when] if item.when else [])
        elif isinstance(item, Items):
            out += field_ids(item.items)
        elif isinstance(item, Lines):
            out.append(item.field)
        else:
            out += [p.field for p in item if isinstance(p, Blank)]
    return out


@dataclass
class Letters:
    """Every letter by id, the fields all letters share, and the ids of letter files with problems."""

    letters: dict[str, Letter]
    shared: dict[str, Field]
    broken: frozenset[str] = frozenset()

    def known(self, lid: str) -> bool:
        """Whether a letter file of that id exists (a broken one has its own problems to fix)."""
        return lid in self.letters or lid in self.broken

    def unknown(self, lid: str) -> str:
        """The message for an id that names no letter, with the nearest ids."""
        return (f"unknown letter '{lid}';{did_you_mean(lid, self.letters)} use the file name of a letter in "
                "letters/ (without .yml)")


_BLANK = re.compile(r"\[([^\[\]]*)\]")


def parse_line(text: str) -> tuple[Line, list[str]]:
    """A line's words and blanks (whitespace collapsed), and what is wrong with its brackets."""
    text = " ".join(text.split())
    out: list[str | Blank] = []
    errors: list[str] = []
    pos = 0
    for m in _BLANK.finditer(text):
        out.append(text[pos:m.start()])
        if is_id(m[1]):
            out.append(Blank(m[1]))
        else:
            errors.append(f"has '[{m[1][:40]}]', which is not a blank; write a blank as [field-id], like "
                          "[child-name], with the id of a field (its words go in the field's 'blank')")
        pos = m.end()
    out.append(text[pos:])
    if any(ch in piece for piece in out if isinstance(piece, str) for ch in "[]"):
        errors.append("has a '[' or ']' without its partner; a blank is written [field-id], and a bracketed "
                      "line the reader may leave out is a paragraph with 'optional'")
    return tuple(p for p in out if p != ""), errors


def _where(path: tuple) -> str:
    """"field 'body' #3: text" for the path ('body', 2, 'text')."""
    out = f"field '{path[0]}'"
    for p in path[1:]:
        out += f" #{p + 1}" if isinstance(p, int) else f": {p}"
    return out


class _Reader:
    """Reads one file's checked data into fields, lines and blocks, collecting each problem with its line."""

    def __init__(self, rel: str, text: str, fields: dict[str, Field]):
        self.rel, self.text, self.fields = rel, text, fields
        self.problems: list[Problem] = []
        self.used: dict[str, tuple] = {}  # field id -> path of its first use
        self.base: dict = {}  # for a translation: the letter's own data, for the lines it leaves out

    def problem(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.rel, line_of(self.text, path), f"{_where(path)} {message}"))

    def fields_at(self, key: str, items: list[dict], language: str = "en") -> dict[str, Field]:
        """The fields listed under a key (each checked for what the schema cannot say), with their words in
        the language asked for (a field's es: block; English stands in, with a problem, where it has none)."""
        out: dict[str, Field] = {}
        for i, d in enumerate(items):
            path, kind = (key, i), d.get("kind", "text")
            if language != "en":
                if language in d:  # its words in that language; its kind and default stay
                    d = {**{k: v for k, v in d.items() if k not in ("label", "hint", "blank")}, **d[language]}
                    path = (*path, language)
                else:
                    self.problem(path, f"has no '{language}:' block; add {language}: with label (and hint and blank, "
                                       f"if the field has them) in the {language} edition's words ({GUIDE})")
            blank = d.get("blank", d["label"])
            blanks = tuple(" ".join(b.split()) for b in ([blank] if isinstance(blank, str) else blank))
            if d["id"] in out:
                self.problem((*path, "id"), f"'{d['id']}' is listed twice; keep one")
            if d.get("default") and kind != "date":
                self.problem((*path, "default"), "'today' goes only with 'kind: date'; remove it or set the kind")
            if len(blanks) > 1 and kind != "long text":
                self.problem((*path, "blank"), "is a list; only a 'long text' field shown as 'lines' has several "
                                               "blanks; write one text, or set 'kind: long text'")
            if kind == "checkbox" and "blank" in d:
                self.problem((*path, "blank"), "is not shown: a checkbox only switches an optional paragraph "
                                               "on; remove 'blank'")
            if any(ch in b for b in blanks for ch in "[]"):
                self.problem((*path, "blank"), "has brackets; write the words alone: the letter adds the brackets")
            out[d["id"]] = Field(id=d["id"], label=" ".join(d["label"].split()), kind=kind, blank=blanks,
                                 hint=" ".join(d.get("hint", "").split()), default=d.get("default", ""))
        return out

    def use(self, path: tuple, fid: str, how: str) -> None:
        """Record a use of a field: as a [blank], as 'lines' or as 'when'."""
        f = self.fields.get(fid)
        if f is None:
            shown = f"[{fid}]" if how == "blank" else f"'{fid}'"
            self.problem(path, f"uses {shown}, which is no field;{did_you_mean(fid, self.fields)} add it to "
                               f"'fields' (id, label, blank) or use a field of letters/{FIELDS_FILE} ({GUIDE})")
            return
        wrong = {
            "blank": "a checkbox, which shows no words; use it as 'when: {id}' on an optional paragraph" if f.kind == "checkbox"
            else "a field with a list of blanks; show it as a list with 'lines: {id}'" if len(f.blank) > 1 else "",
            "lines": "" if f.kind == "long text" else "not a 'long text' field; 'lines' makes a list of what the reader types in one",
            "when": "" if f.kind == "checkbox" else "not a checkbox; 'when' names the checkbox that switches the paragraph on",
        }[how]
        if wrong:
            self.problem(path, f"uses '{fid}', {wrong.format(id=fid)}")
        self.used.setdefault(fid, path)

    def line(self, path: tuple, text: str) -> Line:
        line, errors = parse_line(text)
        for e in errors:
            self.problem(path, e)
        for piece in line:
            if isinstance(piece, Blank):
                self.use(path, piece.field, "blank")
        return line

    def block(self, path: tuple, data: str | dict) -> Block:
        if isinstance(data, str):
            return Paragraph(self.line(path, data))
        shapes = [k for k in ("text", "list", "lines") if k in data]
        if len(shapes) != 1:
            self.problem(path, "needs one of 'text' (a paragraph), 'list' (a list) or 'lines' (one item per line "
                               f"the reader types), not {' and '.join(map(repr, shapes)) or 'none'}")
            return Paragraph(())
        allowed = {"text": {"text", "optional", "when"}, "list": {"list", "numbered"}, "lines": {"lines"}}[shapes[0]]
        if extra := sorted(set(data) - allowed):
            self.problem((*path, extra[0]), f"does not go with '{shapes[0]}'; remove it")
        if shapes[0] == "list":
            return Items(tuple(self.line((*path, "list", i), s) for i, s in enumerate(data["list"])), data.get("numbered", False))
        if shapes[0] == "lines":
            self.use((*path, "lines"), data["lines"], "lines")
            return Lines(data["lines"])
        line, optional, when = self.line((*path, "text"), data["text"]), data.get("optional", False), data.get("when", "")
        if when and not optional:
            self.problem((*path, "when"), "goes with 'optional'; add 'optional: Optional' (the words shown in brackets before it)")
        if when:
            self.use((*path, "when"), when, "when")
        elif optional and not any(isinstance(p, Blank) for p in line):
            self.problem(path, "is optional but has no blank to switch it on; add 'when: <a checkbox field>'")
        return Paragraph(line, optional=bool(optional), lead=optional if isinstance(optional, str) else "", when=when)


def _read(path: Path, rel: str, rules: Rulebook, schema: str) -> tuple[dict | None, str, list[Problem]]:
    """A letter file's data, checked against its schema, with its text; None and the problems if it is not fine."""
    text, problems = yamlfile.read_text(path, rel, "letter")
    if text is None:
        return None, "", problems
    problems = [Problem(rel, *p) for p in placeholders(text)]
    data, more = yamlfile.load(text, rel)
    if more:
        return None, text, problems + more
    if not isinstance(data, dict):
        return None, text, problems + [Problem(rel, 1, f"must be a set of fields, like 'subject: ...' ({GUIDE})")]
    problems += rules.check(schema, data, rel, text)
    return (None if problems else data), text, problems


def _parts(reader: _Reader, data: dict, at: tuple = ()) -> dict:
    """A letter's lines and blocks (data: the letter, or its translation at `at`, whose lines that only
    hold blanks may be left out: the letter's own stand in)."""
    def get(key: str):
        return data.get(key, reader.base.get(key)) if at else data[key]
    return {
        "sender": tuple(reader.line((*at, "from", i), s) for i, s in enumerate(get("from"))),
        "date": reader.line((*at, "date"), get("date")),
        "to": tuple(reader.line((*at, "to", i), s) for i, s in enumerate(get("to"))),
        "about": tuple(reader.line((*at, "about", i), s) for i, s in enumerate(data["about"])),
        "greeting": reader.line((*at, "greeting"), data["greeting"]),
        "body": tuple(reader.block((*at, "body", i), b) for i, b in enumerate(data["body"])),
        "signature": reader.line((*at, "signature"), get("signature")),
    }


def _words(data: dict) -> str:
    """All the words a letter's data writes (its subject, lines and blocks), for comparing translations."""
    out = [data.get("subject", ""), data.get("closing", ""), data.get("greeting", ""), *data.get("about", [])]
    for b in data.get("body", []):
        out += [b] if isinstance(b, str) else [b.get("text", ""), *b.get("list", [])]
    return " ".join(out)


def _letter(path: Path, rel: str, rules: Rulebook, shared: dict[str, dict[str, Field]],
            language: str) -> tuple[Letter | None, list[Problem]]:
    """A letter in the edition's language; in a translated edition, with the English letter as its
    original (and the English letter alone, with a problem, where it has no translation yet)."""
    data, text, problems = _read(path, rel, rules, SCHEMA)
    if data is None:
        return None, problems
    reader = _Reader(rel, text, shared["en"])
    own = reader.fields_at("fields", data.get("fields", []))
    for i, fid in enumerate(own):
        if fid in shared["en"]:
            reader.problem(("fields", i, "id"), f"'{fid}' is already a field of letters/{FIELDS_FILE}; use that one "
                                                "(remove it here), or give this field another id")
    reader.fields = {**shared["en"], **own}
    parts = _parts(reader, data)
    for i, fid in enumerate(own):
        if fid not in reader.used:
            reader.problem(("fields", i, "id"), f"'{fid}' is not used; write it in the letter as [{fid}] (or 'when: "
                                                f"{fid}' for a checkbox), or remove the field")
    translated = language != "en" and language in data
    english = Letter(id=path.stem, file=rel, subject=" ".join(data["subject"].split()), reviewed=data["reviewed"],
                     fields={fid: reader.fields[fid] for fid in reader.used}, closing=" ".join(data["closing"].split()),
                     docx=f"letters/{path.stem}{'.en' if translated else ''}.docx", **parts)
    if language != "en" and not translated:
        reader.problems.append(Problem(rel, 1, f"has no '{language}:' block; add {language}: with subject, about, "
                                               f"greeting, body and closing in the {language} edition's words ({GUIDE})"))
    if not translated:
        return (None if reader.problems else english), problems + reader.problems
    words = data[language]
    theirs = _Reader(rel, text, {**shared[language], **reader.fields_at("fields", data.get("fields", []), language)})
    theirs.base = data
    letter = Letter(id=path.stem, file=rel, subject=" ".join(words["subject"].split()), reviewed=data["reviewed"],
                    fields={}, closing=" ".join(words["closing"].split()), docx=f"letters/{path.stem}.docx",
                    language=language, original=english, **_parts(theirs, words, (language,)))
    if said := differ(text_numbers(_words(words)), text_numbers(_words(data))):
        theirs.problem((language,), f"has other numbers than the English letter ({said}); a translation keeps every number")
    if set(theirs.used) != set(reader.used):
        missing, extra = sorted(set(reader.used) - set(theirs.used)), sorted(set(theirs.used) - set(reader.used))
        said = "; ".join(x for x in (f"it leaves out {', '.join(f'[{f}]' for f in missing)}" if missing else "",
                                     f"it adds {', '.join(f'[{f}]' for f in extra)}" if extra else "") if x)
        theirs.problem((language,), f"does not use the same blanks as the English letter ({said}); a translation "
                                    "keeps every blank and adds none")
    all_problems = problems + reader.problems + theirs.problems
    if reader.problems or theirs.problems:
        return None, all_problems
    return Letter(**{**letter.__dict__, "fields": {fid: theirs.fields[fid] for fid in theirs.used}}), all_problems


def _shared(folder: Path, rel: str, rules: Rulebook, language: str) -> tuple[dict[str, dict[str, Field]], list[Problem]]:
    """The shared fields, in English and (for a translated edition) in its language."""
    path = folder / FIELDS_FILE
    if not path.exists():
        return {"en": {}, language: {}}, []
    where = f"{rel}/{FIELDS_FILE}"
    data, text, problems = _read(path, where, rules, FIELDS_SCHEMA)
    if data is None:
        return {"en": {}, language: {}}, problems
    reader = _Reader(where, text, {})
    fields = {"en": reader.fields_at("fields", data["fields"])}
    if language != "en":
        fields[language] = reader.fields_at("fields", data["fields"], language)
    return fields, reader.problems


def load(folder: Path, rel: str, rules: Rulebook, language: str = "en") -> tuple[Letters, list[Problem]]:
    """Load and check every letter in a folder (none if there is no folder), in the edition's language:
    the letters that are fine, and every problem found."""
    if not folder.is_dir():
        return Letters({}, {}), []
    shared, problems = _shared(folder, rel, rules, language)
    letters: dict[str, Letter] = {}
    broken: set[str] = set()
    for path, where in yamlfile.data_files(folder, rel, "letter", problems):
        letter, more = _letter(path, where, rules, shared, language)
        problems += more
        if letter:
            letters[letter.id] = letter
        else:
            broken.add(path.stem)
    return Letters(letters, shared[language], frozenset(broken)), problems
