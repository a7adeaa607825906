"""Read an editor's file safely: bounded size, UTF-8 text, and YAML without anchors, aliases or tricks.

Every glossary entry, fact and page front matter goes through here, so bad input of any kind becomes a
Problem naming the file (and line), never a traceback or a build that hangs.
"""
from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path

import yaml

from macros.grammar import ID_RULE, is_id
from macros.model.problems import Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when installed
MAX_BYTES = {"glossary": 32_000, "facts": 32_000, "page": 200_000, "config": 100_000, "letter": 16_000}


def data_files(folder: Path, rel: str, what: str, problems: list[Problem]) -> Iterator[tuple[Path, str]]:
    """Each data file of a folder (glossary/, facts/, letters/) in name order, with its project-relative
    name; names starting with '_' or '.' and subfolders are not data files. A file whose name does not end
    in '.yml' or is not a valid id (of a `what`: term, fact, letter) is a problem, added to problems."""
    for path in sorted(folder.iterdir()):
        name = path.name
        if name.startswith(("_", ".")) or path.is_dir():
            continue
        where = f"{rel}/{name}"
        if path.suffix != ".yml":
            folder_name = posixpath.basename(rel)
            problems.append(Problem(where, 0, f"files in {folder_name}/ end in '.yml'; rename it, or move it out of {folder_name}/"))
        elif not is_id(path.stem):
            problems.append(Problem(where, 0, f"the file name '{path.stem}' is not a valid {what} id; rename it: {ID_RULE}"))
        else:
            yield path, where


def read_text(path: Path, rel: str, kind: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or None with the problem: too large, not UTF-8, a byte-order mark, binary."""
    limit = MAX_BYTES[kind]
    try:
        size = path.stat().st_size
        if size > limit:
            return None, [Problem(rel, 0, f"the file has {size:,} bytes, more than the {limit:,} allowed for a "
                                          f"{kind} file; split it or shorten it")]
        data = path.read_bytes()
    except OSError as err:
        return None, [Problem(rel, 0, f"cannot be read ({err.strerror or err}); check the file's permissions")]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(rel, 1, "starts with a byte-order mark (BOM); save it as UTF-8 without BOM")]
    if b"\x00" in data:
        return None, [Problem(rel, 0, "is a binary file, not text; save it as plain UTF-8 text")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        return None, [Problem(rel, line, f"is not UTF-8 text (byte 0x{data[err.start]:02x}); save the file as "
                                         "UTF-8 (for example with your editor's 'Save with encoding' option)")]
    return text, []


class _Refused(yaml.constructor.ConstructorError):
    """A value the loader refuses on purpose; its problem text is the whole message."""

    def __init__(self, problem: str, mark: yaml.Mark):
        super().__init__(None, None, problem, mark)


class _Loader_(_Loader):  # type: ignore[valid-type, misc]
    """A safe loader that keeps dates as text and refuses duplicate and unhashable keys."""


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    out: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise _Refused("a list or mapping is used as a field name; field names are plain words",
                           key_node.start_mark) from None
        if not isinstance(key, str):
            raise _Refused(f"the field name {key_node.value!r} is read as {type(key).__name__}, not a word; "
                           "write field names as plain words", key_node.start_mark)
        if key in out:
            raise _Refused(f"the field '{key}' is written twice; keep one", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
    return out


_Loader_.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader_.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _no_anchors(text: str) -> tuple[int, str] | None:
    """(line, what) of the first anchor, alias or tag, which editors' files never need; None if none."""
    if not any(ch in text for ch in "&*!"):
        return None
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1, f"an alias (*{event.anchor})"
        if getattr(event, "anchor", None):
            return event.start_mark.line + 1, f"an anchor (&{event.anchor})"
        if getattr(event, "tag", None):
            implicit = event.implicit
            if not (any(implicit) if isinstance(implicit, tuple) else implicit):
                return event.start_mark.line + 1, f"a tag ({event.tag})"
    return None


def load(text: str, rel: str, first_line: int = 1) -> tuple[object, list[Problem]]:
    """Parse one YAML document; first_line is the file line where text starts (front matter: 2)."""
    try:
        if found := _no_anchors(text):
            line, what = found
            return None, [Problem(rel, line + first_line - 1, f"uses {what}; write the value out in full "
                                                                 "(anchors, aliases and tags are not allowed)")]
        return yaml.load(text, Loader=_Loader_), []
    except _Refused as err:
        return None, [Problem(rel, err.problem_mark.line + first_line, str(err.problem))]
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + first_line if mark else 0
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        if "expected a single document" in str(err):
            problem = "more than one YAML document (a second '---')"
        return None, [Problem(rel, line, f"not valid YAML ({problem}); check indentation, and quote values "
                                         "that contain ': ' or start with a special character")]
    except RecursionError:
        return None, [Problem(rel, 0, "the YAML is nested too deeply; write the fields as a flat list")]
