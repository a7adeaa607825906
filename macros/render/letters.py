"""A letter on its page: the form that fills it in (in the browser only), the letter itself, and its buttons.

Without JavaScript the page shows the letter with its blanks in brackets and a link to its Word file; the
form and the Copy, Email and Print buttons ship hidden, and docs/assets/javascripts/letters.js shows them
and makes them work. Every value from data goes through macros/render/safe.text (written out even where
Markup.format would escape it anyway); this module only arranges it.
"""
from __future__ import annotations

from urllib.parse import quote

from markupsafe import Markup

from macros.model.letters import Blank, Field, Items, Letter, Line, Lines, Paragraph
from macros.render import scripts
from macros.render.safe import text
from macros.words import words

SCRIPT = "assets/javascripts/letters.js"
OPEN_GROUPS = 2  # the child and this letter's own blanks; the addresses wait behind "letter_more"


def line(parts: Line, fields: dict[str, Field]) -> Markup:
    """A line's words, with each blank as a span the script fills in."""
    return Markup("").join(
        Markup('<span class="letter__blank" data-field="{}">{}</span>').format(text(p.field), text(fields[p.field].bracket))
        if isinstance(p, Blank) else text(p) for p in parts)


def lines(parts: tuple[Line, ...], fields: dict[str, Field]) -> Markup:
    """Several lines as one paragraph's content, separated by line breaks."""
    return Markup("<br>").join(line(p, fields) for p in parts)


def block(b: Paragraph | Items | Lines, fields: dict[str, Field]) -> Markup:
    """One block of the letter's body."""
    if isinstance(b, Items):
        tag = "ol" if b.numbered else "ul"
        return Markup("<{0}>{1}</{0}>").format(Markup(tag), Markup("").join(
            Markup("<li>{}</li>").format(line(item, fields)) for item in b.items))
    if isinstance(b, Lines):
        blank = Markup("").join(Markup('<li class="letter__blank">[{}]</li>').format(text(words)) for words in fields[b.field].blank)
        return Markup('<ul data-lines="{}">{}</ul>').format(text(b.field), blank)
    if not b.optional:
        return Markup("<p>{}</p>").format(line(b.line, fields))
    when = Markup(' data-when="{}"').format(text(b.when)) if b.when else Markup("")
    body = line(b.line, fields)
    if b.lead:
        body = Markup("<span data-lead>[{}: </span>{}<span data-lead>]</span>").format(text(b.lead), body)
    return Markup('<p class="letter__optional" data-optional{}>{}</p>').format(when, body)


def sheet(letter: Letter, label: str = "") -> Markup:
    """The letter as real paragraphs: sender and date, recipient, subject, greeting, body, signature; in
    its own language (an English letter on a Spanish page says so with lang="en"), with a label above it
    where the page shows more than one."""
    f = letter.fields
    re_word = words(letter.language)["letter_re"]
    re_lines = Markup("<br>").join([Markup("{} {}").format(re_word, text(letter.subject)), *(line(a, f) for a in letter.about)])
    parts = [
        Markup('<p class="letter__from">{}</p>').format(lines(letter.sender, f)),
        Markup('<p class="letter__date">{}</p>').format(line(letter.date, f)),
        Markup('<p class="letter__to">{}</p>').format(lines(letter.to, f)),
        Markup('<p class="letter__re">{}</p>').format(re_lines),
        Markup("<p>{}</p>").format(line(letter.greeting, f)),
        *(block(b, f) for b in letter.body),
        Markup('<p class="letter__closing">{}</p>').format(text(letter.closing)),
        Markup('<p class="letter__signature">{}</p>').format(line(letter.signature, f)),
    ]
    heading = Markup('<p class="letter__which" data-letter-which>{}</p>\n').format(text(label)) if label else Markup("")
    return Markup('{}<div class="letter__sheet" data-letter-sheet lang="{}" data-subject="{}">\n{}\n</div>').format(
        heading, text(letter.language), text(letter.subject), Markup("\n").join(parts))


def field(key: str, fld: Field) -> Markup:
    """A form field: its label, its hint, and an input big enough to tap."""
    ident = f"{key}-{fld.id}"
    hint = Markup('<span class="letter__hint" id="{}-hint">{}</span>').format(text(ident), text(fld.hint)) if fld.hint else Markup("")
    described = Markup(' aria-describedby="{}-hint"').format(text(ident)) if fld.hint else Markup("")
    attrs = Markup('id="{}" data-letter-input="{}" autocomplete="off"{}').format(text(ident), text(fld.id), described)
    label = Markup('<label for="{}">{}</label>').format(text(ident), text(fld.label))
    if fld.kind == "checkbox":
        return Markup('<div class="letter__field letter__field--check"><input type="checkbox" {}>{}{}</div>').format(attrs, label, hint)
    if fld.kind == "long text":
        control = Markup('<textarea rows="3" {}></textarea>').format(attrs)
    else:
        kind = "date" if fld.kind == "date" else "text"
        default = Markup(' data-default="{}"').format(text(fld.default)) if fld.default else Markup("")
        control = Markup('<input type="{}" {}{}>').format(text(kind), attrs, default)
    return Markup('<div class="letter__field">{}{}{}</div>').format(label, hint, control)


def choice(letter: Letter, key: str, said: dict[str, str]) -> Markup:
    """In a translated edition: which language the letter is in (its own, or English for a school that
    reads English); the form fills both."""
    if letter.original is None:
        return Markup("")
    options = Markup("").join(
        Markup('<label><input type="radio" name="{}-language" value="{}" data-letter-language{}> {}</label>').format(
            text(key), text(lang), Markup(" checked") if n == 0 else Markup(""), text(label))
        for n, (lang, label) in enumerate([(letter.language, said["letter_in_own"]),
                                           (letter.original.language, said["letter_in_original"])]))
    return Markup('<fieldset class="letter__group letter__language"><legend>{}</legend>\n{}\n</fieldset>').format(
        text(said["letter_language"]), options)


def form(letter: Letter, key: str, said: dict[str, str]) -> Markup:
    """The form, in groups (your child, this letter, then behind a toggle who gets it and you); hidden
    until the script runs, since without it the form would fill nothing in."""
    groups = [Markup('<fieldset class="letter__group"><legend>{}</legend>\n{}\n</fieldset>').format(
        text(said[f"letter_group_{name}"]), Markup("\n").join(field(key, f) for f in fields)) for name, fields in letter.groups()]
    shown, more = Markup("\n").join(groups[:OPEN_GROUPS]), Markup("\n").join(groups[OPEN_GROUPS:])
    if more:
        more = Markup('<details class="letter__more">\n<summary>{}</summary>\n{}\n</details>').format(text(said["letter_more"]), more)
    return Markup('<div class="letter__form" data-letter-form hidden>\n<p class="letter__privacy"><strong>{}</strong> {}</p>\n'
                  '{}{}\n{}\n</div>').format(text(said["letter_privacy"]), text(said["letter_how"]), choice(letter, key, said), shown, more)


def actions(letter: Letter, href, said: dict[str, str]) -> Markup:
    """Copy, Email and Print (shown by the script), the Word files (plain links), and the status line.
    href turns a site path into the page's link to it."""
    mailto = f"mailto:?subject={quote(letter.subject, safe='')}"
    files = [(letter, said["letter_docx"])] + ([(letter.original, said["letter_docx_original"])] if letter.original else [])
    downloads = Markup("\n").join(
        Markup('<a class="md-button" href="{}" download="{}">{}</a>').format(text(href(x.docx)), text(x.docx.rsplit("/", 1)[-1]), text(label))
        for x, label in files)
    return Markup(
        '<div class="letter__actions">\n'
        '<button type="button" class="md-button md-button--primary" data-letter-action="copy" hidden>{}</button>\n'
        '<a class="md-button" href="{}" data-letter-action="email" hidden>{}</a>\n'
        '<button type="button" class="md-button" data-letter-action="print" hidden>{}</button>\n'
        '{}\n</div>\n<p class="letter__status" role="status" data-letter-status></p>'
    ).format(text(said["letter_copy"]), text(mailto), text(said["letter_email"]), text(said["letter_print"]), downloads)


def render(letter: Letter, href, said: dict[str, str]) -> Markup:
    """The whole letter block of a page, with the script that fills it in (loaded by this page only); in
    a translated edition, the English letter too, for a school that reads English."""
    key = f"letter-{letter.id}"
    sheets = sheet(letter)
    if letter.original:
        sheets = sheet(letter, said["letter_sheet_own"]) + Markup("\n") + sheet(letter.original, said["letter_sheet_original"])
    return Markup(
        '<div class="letter" id="{}" data-letter>\n{}\n<p class="letter__nojs" data-letter-nojs>{}</p>\n'
        '{}\n{}\n</div>\n{}'
    ).format(text(key), form(letter, key, said), text(said["letter_no_script"]), sheets, actions(letter, href, said),
             scripts.preload(href(SCRIPT)))
