"""The rulebook: each kind of data file is described once, as a JSON Schema in macros/model/schemas/, and
checked here with messages an editor can act on (file, line, field, what is wrong, how to fix it).

The schemas use the standard keywords, plus a few of the site's own:
- x-name: a plain name (no markup, no line breaks); x-text: plain text (no tags or line breaks);
- x-words: at most N words;
- x-markdown: "inline" or "block": the small Markdown data text may use (see macros/render/safe.py);
- x-date: a real YYYY-MM-DD date, not in the future; x-citation: a source (a legal label, or label and url);
- x-example: a line the message shows as the format; x-guide (top level): the CONTRIBUTING section.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterator

import yaml
from jsonschema import Draft202012Validator, ValidationError, validators
from referencing import Registry, Resource

from macros.grammar import name_problem, template_mark, text_problem
from macros.model.citations import source_of
from macros.model.problems import Problem
from macros.render import safe

SCHEMAS = Path(__file__).with_name("schemas")


def reviewed_problem(value: object, today: dt.date) -> str | None:
    """What is wrong with a reviewed date (the end of a message), or None."""
    text = str(value)
    try:
        day = dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d\d-\d\d", text) else None
    except ValueError:
        day = None
    if day is None:
        return f"'{text}' is not a real date; write it as YYYY-MM-DD, like {today.isoformat()}"
    if day > today:
        return f"{day} is in the future; use the date you last checked it (today is {today.isoformat()})"
    return None


def _registry() -> Registry:
    resources = [(p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8"))))
                 for p in SCHEMAS.glob("*.schema.json")]
    return Registry().with_resources(resources)


def schema(name: str) -> dict:
    """A schema from macros/model/schemas/ by file name."""
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


class Rulebook:
    """Checks data against the schemas. `today` judges reviewed dates; `link` resolves the links that
    data Markdown may contain (a docs-relative target to an address, or safe.Unsafe)."""

    def __init__(self, today: dt.date, link: safe.LinkResolver):
        self.today, self.link = today, link

    @cached_property
    def _validator_class(self) -> type:
        def x_name(v, on, value, s) -> Iterator[ValidationError]:
            if isinstance(value, str) and on and (why := name_problem(value)):
                yield ValidationError(why)

        def x_text(v, on, value, s) -> Iterator[ValidationError]:
            if isinstance(value, str) and on and (why := text_problem(" ".join(value.split()) if s.get("x-collapse") else value)):
                yield ValidationError(why)

        def x_words(v, most, value, s) -> Iterator[ValidationError]:
            if isinstance(value, str) and len(value.split()) > most:
                yield ValidationError(f"has {len(value.split())} words; shorten it to at most {most} (one plain sentence)")

        def x_markdown(v, mode, value, s) -> Iterator[ValidationError]:
            if isinstance(value, str):
                try:
                    safe.data_markdown(value, inline=mode == "inline", link=self.link)
                except safe.Unsafe as err:
                    yield ValidationError(str(err))

        def x_date(v, on, value, s) -> Iterator[ValidationError]:
            if isinstance(value, str) and (why := reviewed_problem(value, self.today)):
                yield ValidationError(why)

        def x_citation(v, on, value, s) -> Iterator[ValidationError]:
            if isinstance(value, str) or (isinstance(value, dict) and isinstance(value.get("label"), str)
                                          and isinstance(value.get("url", ""), str) and set(value) <= {"label", "url"}):
                try:
                    source_of(value)
                except ValueError as err:
                    yield ValidationError(str(err))

        keywords = {"x-name": x_name, "x-text": x_text, "x-words": x_words, "x-markdown": x_markdown, "x-date": x_date, "x-citation": x_citation}
        return validators.extend(Draft202012Validator, keywords)

    @cached_property
    def _registry(self) -> Registry:
        return _registry()

    def validator(self, name: str) -> Draft202012Validator:
        return self._validator_class(schema(name), registry=self._registry)

    def check(self, name: str, data: object, rel: str, yaml_text: str, first_line: int = 1,
              what: str = "field") -> list[Problem]:
        """Every problem of one file's data against the schema `name`, in the rulebook's words."""
        lines = _Lines(yaml_text, first_line)
        problems = [Problem(rel, lines.at(path), f"{_field(what, path)} contains {why}")
                    for path, why in _unsafe_strings(data)]
        if problems:
            return problems
        validator = self.validator(name)
        root = validator.schema
        for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
            for path, text in _explain(err, root, what):
                problems.append(Problem(rel, lines.at(path) if path else (0 if err.validator == "required" else first_line), text))
        return problems


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def _unsafe_strings(data: object, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, what) for every string in data that holds a template marker or an invisible control
    character: data is text, never a template, and every character of it is meant to be seen."""
    if isinstance(data, str):
        if mark := template_mark(data):
            yield path, f"'{mark}'; data is never a template: write the text without {{{{ }}}} or {{% %}}"
        elif m := _CONTROL.search(data):
            yield path, f"an invisible control character (U+{ord(m[0]):04X}); delete it"
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _unsafe_strings(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _unsafe_strings(v, (*path, i))


def _field(what: str, path: tuple) -> str:
    """"field 'citations' #2: url" for the path ('citations', 1, 'url')."""
    if not path:
        return "the file"
    out = f"{what} '{path[0]}'"
    for p in path[1:]:
        out += f" #{p + 1}" if isinstance(p, int) else f": {p}"
    return out


def _prop(root: dict, path: tuple) -> dict:
    """The schema of the top-level field of a path (its x-example and description)."""
    return root.get("properties", {}).get(path[0], {}) if path else {}


def _example(root: dict, path: tuple) -> str:
    ex = _prop(root, path).get("x-example")
    return f"; for example: {ex.splitlines()[0]}" if ex else ""


_TYPES = {"string": "text", "array": "a list, like [a, b]", "boolean": "true or false", "object": "a set of fields",
          "integer": "a whole number", "number": "a number"}


def _explain(err: ValidationError, root: dict, what: str) -> Iterator[tuple[tuple, str]]:
    """(path, message) for one schema error."""
    path = tuple(err.absolute_path)
    field = _field(what, path)
    kind, value = err.validator, err.instance
    guide = root.get("x-guide", "CONTRIBUTING.md")
    if kind == "required":
        for name in err.validator_value:
            if isinstance(value, dict) and name not in value:
                ex = root.get("properties", {}).get(name, {})
                fix = f"add a line like '{ex['x-example'].splitlines()[0]}'" if "x-example" in ex else "add it"
                desc = f" ({ex['description'].rstrip('.')})" if "description" in ex else ""
                lead = "front matter is missing" if what.startswith("front") else "missing"
                yield path, f"{lead} required field '{name}'{desc}; {fix} (see {guide})"
    elif kind == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        for name in sorted(set(value) - set(allowed)):
            near = [a for a in allowed if a.lower() == str(name).lower()]
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            yield (*path, name), f"{_field(what, (*path, name))} is not allowed{hint}; allowed fields are {allowed}"
    elif kind == "type":
        want = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        yield path, f"{field} must be {' or '.join(_TYPES.get(w, w) for w in want)}{_example(root, path)}"
    elif kind == "minLength":
        yield path, f"{field} must be non-empty text{_example(root, path)}"
    elif kind == "maxLength":
        yield path, f"{field} has {len(value)} characters; shorten it to at most {err.validator_value}"
    elif kind == "minItems":
        yield path, f"{field} is empty; list at least {err.validator_value}{_example(root, path)}"
    elif kind == "uniqueItems":
        yield path, f"{field} lists the same item twice; remove the repeat"
    elif kind == "pattern":
        fix = err.schema.get("x-fix", f"match {err.validator_value}")
        yield path, f"{field} '{value}' is not in the right form; {fix}"
    elif kind == "enum":
        yield path, f"{field} is '{value}'; use one of {err.validator_value}"
    elif kind == "oneOf":
        yield path, f"{field} must be a citation label, or a 'label' and a 'url'{_example(root, path)}"
    else:
        yield path, f"{field} {err.message}"


class _Lines:
    """Line numbers of the values in a YAML text, found only when a message needs one."""

    def __init__(self, text: str, first_line: int):
        self.text, self.first = text, first_line

    @cached_property
    def _root(self) -> yaml.Node | None:
        try:
            return yaml.compose(self.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            return None

    def at(self, path: tuple) -> int:
        node, line = self._root, self.first
        for step in path:
            if isinstance(node, yaml.MappingNode):
                match = next(((k, v) for k, v in node.value if k.value == step), None)
                if match is None:
                    break
                line, node = match[0].start_mark.line + self.first, match[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
                line = node.start_mark.line + self.first
            else:
                break
        return line


def line_of(yaml_text: str, path: tuple, first_line: int = 1) -> int:
    """The file line of the value at a path (like ('body', 2, 'text')) in a YAML text."""
    return _Lines(yaml_text, first_line).at(path)
