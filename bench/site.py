"""A synthetic copy of the project for the benchmark: N pages and M glossary terms.

The copy uses the project's real mkdocs.yml, macros/, overrides/, glossary format and checks, with a
generated nav: 10 sections, each split into sub-sections of 20 pages once it has more (the way an editor
would grow the real nav). Each page has about 800 words, valid front matter, 10 term() calls, 2 cite()
calls, one state_note() and 3 links to headings of other pages. `plain=True` writes the same pages with
each term(), cite() and state_note() call replaced by the Markdown it renders to; the rest of the engine
stays, so both builds give the same site and the difference is what the macro calls cost.
"""
from __future__ import annotations

import ast
import random
import re
import shutil
from pathlib import Path

import yaml
from mkdocs.utils import yaml_load

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = 10  # top-level nav sections, as on the real site
SECTION_SIZE = 20  # pages per nav group: a section with more is split into sub-sections of this size
HEADINGS = (
    "What does it mean?", "Who takes part?", "How long does it take?",
    "What should you bring?", "What if you disagree?", "Where can you get help?",
)
WORDS = (
    "school team parent child plan help class teacher meeting write ask time day week need talk read "
    "learn share note list goal step test result change start end work group form letter copy record "
    "right rule law state office staff family home letter report answer choice place support service "
    "skill room bus lunch math book speech friend visit call email clear short plain simple early late "
    "first next last each every many some most kind good fair safe calm ready open close keep give take"
).split()
LABELS = [f"34 CFR 300.{n}" for n in range(300, 330)] + ["34 CFR 300.320(a)(1)", "20 U.S.C. 1414(d)", "34 CFR 104.33(b)"]
_MACRO = re.compile(r"\{\{ (term|cite|state_note)\((.*?)\) \}\}")


def slug(text: str) -> str:
    """The id MkDocs' toc extension gives a heading."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _para(rng: random.Random, words: int) -> str:
    out, count = [], 0
    while count < words:
        n = rng.randint(7, 13)
        out.append(_sentence(rng, n))
        count += n
    return " ".join(out)


def _abbr(k: int) -> str:
    return "X" + chr(65 + k // 26 % 26) + chr(65 + k % 26)


def term_ids(m: int) -> list[str]:
    """The ids of the M synthetic terms."""
    return [f"t{k:03d}-{WORDS[k % len(WORDS)]}" for k in range(m)]


def write_glossary(folder: Path, m: int, rng: random.Random) -> None:
    """M term files in the real YAML format, plus the project's tag list."""
    folder.mkdir(parents=True)
    shutil.copy2(ROOT / "glossary" / "_tags.yml", folder / "_tags.yml")
    tags = list(yaml.safe_load((ROOT / "glossary" / "_tags.yml").read_text(encoding="utf-8")))
    ids = term_ids(m)
    for k, tid in enumerate(ids):
        data: dict = {"term": f"{tid.split('-', 1)[1]} term {k}"}
        if k % 3 == 0:
            data["abbr"] = _abbr(k)
        if k % 5 == 0:
            data["aliases"] = [f"other name {k}"]
        data["short"] = _para(rng, 14)
        data["definition"] = _para(rng, 40) + "\n\n" + _para(rng, 30) + "\n"
        if k % 7 == 0:
            data["practice"] = True
        else:
            data["citations"] = [{"label": LABELS[k % len(LABELS)]}, {"label": "20 U.S.C. 1414(d)"}]
        data["related"] = [ids[(k + 1) % m], ids[(k + 13) % m]]
        data["tags"] = [tags[k % len(tags)]]
        data["reviewed"] = "2026-01-05"
        (folder / f"{tid}.yml").write_text(yaml.safe_dump(data, sort_keys=False, width=100), encoding="utf-8")


def page_path(i: int) -> str:
    """Docs-relative path of synthetic page i."""
    return f"topic-{i // SECTION_SIZE:03d}/page-{i:04d}.md"


def _rel(src: str, dst: str) -> str:
    return "../" + dst if src.split("/")[0] != dst.split("/")[0] else dst.split("/")[1]


def page_text(i: int, n: int, ids: list[str], rng: random.Random) -> str:
    """Markdown (with macro calls) of synthetic page i of n: about 800 words."""
    src = page_path(i)
    title = f"How does topic {i} work?"
    head = (
        f'---\ntitle: "{title}"\ndescription: A plain answer about topic {i} for families and schools.\n'
        f"reviewed: 2026-01-05\nsources:\n  - label: {LABELS[i % len(LABELS)]}\n  - label: 20 U.S.C. 1414(d)\n---\n\n"
        f"# {title}\n\n!!! abstract \"In short\"\n\n"
        + "".join(f"    - {_sentence(rng, 9)}\n" for _ in range(3))
    )
    terms = [ids[(i * 10 + k) % len(ids)] for k in range(10)]
    links = [(i + 1) % n, (i + 7) % n, (i + n // 2 + 3) % n]
    body = []
    for s, heading in enumerate(HEADINGS):
        body.append(f"## {heading}\n")
        paras = [_para(rng, 55), _para(rng, 55)]
        calls = [f'{{{{ term("{t}") }}}}' for t in terms[s * 2: s * 2 + 2]]
        if s < 2:
            calls.append(f'({{{{ cite("{LABELS[(i + s) % len(LABELS)]}") }}}})')
        if s < 3:
            dst = page_path(links[s])
            anchor = slug(HEADINGS[(i + s) % len(HEADINGS)])
            calls.append(f"[what topic {links[s]} says about this]({_rel(src, dst)}#{anchor})")
        paras[0] += " See " + ", ".join(calls) + "."
        body.append("\n\n".join(paras) + "\n")
        if s == 2:
            body.append(f'{{{{ state_note("{LABELS[i % len(LABELS)]}") }}}}\n')
    body.append('!!! question "Questions to ask"\n\n' + "".join(f"    - {_sentence(rng, 8)}\n" for _ in range(3)))
    return head + "\n" + "\n".join(body)


def _front(title: str, extra: str = "") -> str:
    return (
        f'---\ntitle: "{title}"\ndescription: A synthetic page for the benchmark.\nreviewed: 2026-01-05\n'
        f"sources:\n  - label: 34 CFR Part 300\n---\n\n# {title}\n\n{extra}"
    )


def template_pages() -> list[str]:
    """Pages that the theme overrides link by address, like {{ 'about/' | url }}: the copy needs them too."""
    found = set()
    for path in (ROOT / "overrides").rglob("*.html"):
        found.update(re.findall(r"""\{\{\s*['"]([a-z0-9/-]+)/['"]\s*\|\s*url\s*\}\}""", path.read_text(encoding="utf-8")))
    return sorted(f"{p}.md" for p in found)


def _config(n: int) -> dict:
    """The real mkdocs.yml with a generated nav."""
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    start = [{"Home": "index.md"}] + [{f"Linked from the theme: {p}": p} for p in template_pages()]
    sections = [{"Start": start}]
    per = -(-n // SECTIONS)
    for s in range(SECTIONS):
        items = [{f"Topic {i}": page_path(i)} for i in range(s * per, min(n, (s + 1) * per))]
        if per > SECTION_SIZE:
            items = [{f"Section {s} part {k // SECTION_SIZE}": items[k: k + SECTION_SIZE]}
                     for k in range(0, len(items), SECTION_SIZE)]
        if items:
            sections.append({f"Section {s}": items})
    sections.append({"Glossary": "glossary/index.md"})
    config["nav"] = sections
    return config


def _copy_assets(dest: Path) -> None:
    """Everything the config may point at: macros, overrides, and non-Markdown files under docs/."""
    ignore = shutil.ignore_patterns("__pycache__", "*.md")
    shutil.copytree(ROOT / "macros", dest / "macros", ignore=ignore)
    shutil.copytree(ROOT / "overrides", dest / "overrides", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=ignore)


def _render_plain(text: str, glossary) -> str:
    """Replace each term(), cite() and state_note() call with the Markdown it renders to.

    The terms a page links are also listed at its end as Markdown comments (`[//]: # (term("id"))`,
    which render to nothing), so the glossary's "Used on" lists are the same as in the macro build.
    """
    from macros import render

    used = dict.fromkeys(m[2] for m in _MACRO.finditer(text) if m[1] == "term")
    notes = "".join(f"\n[//]: # (term({tid}))" for tid in used)

    def one(m: re.Match) -> str:
        args = ast.literal_eval(f"({m[2]},)")
        if m[1] == "term":
            return render.term_link(glossary.terms[args[0]], *args[1:])
        return getattr(render, "cite_link" if m[1] == "cite" else m[1])(*args)

    return _MACRO.sub(one, text) + ("\n" + notes + "\n" if notes else "")


def make_project(dest: Path, n: int, m: int, plain: bool = False, seed: int = 7) -> Path:
    """Write a synthetic project with n pages and m terms into dest; return dest."""
    rng = random.Random(seed)
    _copy_assets(dest)
    write_glossary(dest / "glossary", m, rng)
    ids = term_ids(m)
    docs = dest / "docs"
    pages = {page_path(i): page_text(i, n, ids, rng) for i in range(n)}
    linked = ", ".join(f'{{{{ term("{t}") }}}}' for t in ids[:3])
    pages["index.md"] = _front("Where do I start?", f"Start with {linked}.\n")
    for rel in template_pages():
        pages[rel] = _front(f"Linked from the theme: {rel}", "A page that the theme templates link to. Go [home](/index.md).\n")
    pages["glossary/index.md"] = (ROOT / "docs" / "glossary" / "index.md").read_text(encoding="utf-8")
    config = _config(n)
    if plain:
        from macros.glossary import load

        glossary = load(dest / "glossary")
        pages = {rel: _render_plain(text, glossary) for rel, text in pages.items()}
    for rel, text in pages.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    (dest / "mkdocs.yml").write_text(yaml.dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return dest
