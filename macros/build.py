"""Build-time steps run by macros/hooks.py: check all data, index it, and add the glossary pages."""
from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from macros import state
from macros.glossary import GlossaryError, load
from macros.pages import check_page

GLOSSARY_DIR = "glossary"


def _today() -> dt.date:
    return dt.date.today()


def prepare(files: Files, config) -> Files:
    """Validate the glossary and every page's front matter, index them, and add one page per term.

    Any problem stops the build with every message at once, each naming the file and the fix.
    """
    root = Path(config["config_file_path"]).resolve().parent
    problems: list[str] = []
    try:
        glossary = load(root / GLOSSARY_DIR, _today())
    except GlossaryError as err:
        problems += err.problems
        glossary = None
    pages = {}
    for f in files.documentation_pages():
        if f.generated_by:
            continue
        info, more = check_page(Path(f.abs_src_path), f.src_uri, _today())
        problems += more
        if info:
            pages[f.src_uri] = info
    if glossary:
        for info in pages.values():
            for tid in sorted(set(info.terms) - set(glossary.terms)):
                near = difflib.get_close_matches(tid, list(glossary.terms), n=3, cutoff=0.5)
                hint = f"did you mean {', '.join(repr(n) for n in near)}? " if near else ""
                problems.append(
                    f"docs/{info.src}:{info.terms[tid]}: unknown glossary term '{tid}' in term(\"{tid}\"); "
                    f"{hint}use the file name of an entry in glossary/ (without .yml), or add the term there"
                )
    if problems:
        raise PluginError("The site has problems to fix before it can build:\n  " + "\n  ".join(problems))
    assert glossary is not None
    state.CURRENT = state.SiteIndex(glossary, pages)
    for t in glossary.terms.values():
        src = f"glossary/{t.id}.md"
        if files.get_file_from_path(src):
            raise PluginError(f"docs/{src}: remove this file; glossary pages are generated from glossary/{t.id}.yml")
        content = (
            f"---\ntitle: {json.dumps(t.title)}\ndescription: {json.dumps(t.short)}\nreviewed: {t.reviewed}\n---\n\n"
            f'{{{{ glossary_entry("{t.id}") }}}}\n'
        )
        files.append(File.generated(config, src, content=content))
    return files


_ABBR_IN_LINK = re.compile(r'(<a [^>]*\btitle="[^"]*"[^>]*>)<abbr title="[^"]*">([^<]*)</abbr>(</a>)')


def unwrap_abbr_in_links(html: str) -> str:
    """Drop the abbreviation markup inside a term link, whose own tooltip already explains it."""
    return _ABBR_IN_LINK.sub(r"\1\2\3", html)
