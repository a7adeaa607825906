"""The grammars (macros/grammar.py): ids, names, front matter and macro calls, as golden pairs."""
from __future__ import annotations

import pytest

from macros.grammar import MACROS, Call, arity, is_id, name_problem, parse_body, split_front_matter, template_mark

KNOWN = {name: arity(name) for name in MACROS}


@pytest.mark.parametrize("text,ok", [
    ("iep", True), ("prior-written-notice", True), ("504-plan", True), ("a", True),
    ("IEP", False), ("iep-", False), ("-iep", False), ("iep--plan", False), ("iep plan", False),
    ("zz\n", False), ("zz\r", False), ("é", False), ("", False), ("a" * 61, False), (None, False),
])
def test_ids_are_matched_in_full(text, ok) -> None:
    assert is_id(text) is ok


@pytest.mark.parametrize("text,bad", [
    ("Prior written notice", None), ("504 plan", None), ("Q&A (questions)", None), ("parent's rights", None),
    ("<script>", "'<'"), ("a [b]", "'['"), ("**bold**", "'*'"), ("x\ny", "U+000A"), ("x\u2028y", "U+2028"),
    ("{{ 7*7 }}", "'{'"), ("a|b", "'|'"), ("back\\slash", "'\\\\'"),
])
def test_names_are_plain_text(text, bad) -> None:
    why = name_problem(text)
    assert (why is None) if bad is None else (bad in why), why


def test_template_marks_are_found_anywhere() -> None:
    assert template_mark("a {% if %} b {{ c }}") == "{%"
    assert template_mark("{# c #}") == "{#"
    assert template_mark("a { b } c") is None


def test_front_matter_is_split_with_the_body_line() -> None:
    fm = split_front_matter("---\ntitle: A\n---\n\n# A\n")
    assert (fm.yaml, fm.body, fm.body_line) == ("title: A\n", "\n# A\n", 4)
    assert split_front_matter("# No front matter\n").yaml is None
    assert split_front_matter("---\n---\nbody").yaml == ""


# Golden pairs: a page body and the calls (name, args, line) or errors (line, start of message) it gives.
CALLS = [
    ('A {{ term("iep") }} b.', [("term", ("iep",), 1)], []),
    ("{{term('iep','IEPs')}}", [("term", ("iep", "IEPs"), 1)], []),
    ('{{ cite( "34 CFR 300.1" ) }}\n{{ glossary_index() }}', [("cite", ("34 CFR 300.1",), 1), ("glossary_index", (), 2)], []),
    ('{{ state_note("34 CFR 300.1", "Your state\'s rule.") }}', [("state_note", ("34 CFR 300.1", "Your state's rule."), 1)], []),
    ("{% raw %}{{ not a call }}{% endraw %}", [], []),
    ('{{ trem("iep") }}', [], [(1, "unknown macro or variable 'trem'; did you mean 'term'?")]),
    ("{{ 7*7 }}", [], [(1, "'{{' does not start a macro call")]),
    ("{{ config }}", [], [(1, "unknown macro or variable 'config'")]),
    ("{{ term(x) }}", [], [(1, "term(...) takes only text in quotes")]),
    ('{{ term("a\\"b") }}', [], [(1, "term(...) takes only text in quotes")]),
    ('{{ term("iep").__class__ }}', [], [(1, "the call to term must end right after its brackets")]),
    ('{{ term("iep") | safe }}', [], [(1, "the call to term must end right after its brackets")]),
    ("{{ cite() }}", [], [(1, "cite(...) takes 1 quoted argument, not 0")]),
    ('{{ term("a", "b", "c") }}', [], [(1, "term(...) takes 1 to 2 quoted arguments, not 3")]),
    ("x\n{% if true %}y{% endif %}", [], [(2, "template statements"), (2, "template statements")]),
    ("{# a comment #}", [], [(1, "template comments")]),
    ("{% raw %} never closed", [], [(1, "{% raw %} has no {% endraw %}")]),
    ("{{ cite.__globals__ }}", [], [(1, "'cite' must be called with its text in brackets")]),
]


@pytest.mark.parametrize("body,calls,errors", CALLS)
def test_macro_calls_golden(body: str, calls: list, errors: list) -> None:
    segments, errs = parse_body(body, KNOWN)
    assert [(c.name, c.args, c.line) for c in segments if isinstance(c, Call)] == calls
    assert [(e.line, e.message[:len(m)]) for e, (_, m) in zip(errs, errors)] == errors
    assert len(errs) == len(errors)
    if not errors:  # text and calls together give back the body (raw markers removed)
        rebuilt = "".join(s if isinstance(s, str) else s.source for s in segments)
        assert rebuilt == body.replace("{% raw %}", "").replace("{% endraw %}", "")


def test_lines_count_from_the_first_body_line() -> None:
    segments, _ = parse_body('a\nb {{ term("iep") }}', KNOWN, first_line=10)
    assert [s.line for s in segments if isinstance(s, Call)] == [11]
