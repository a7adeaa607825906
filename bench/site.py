"""A synthetic copy of the project for the benchmark: N pages and M glossary terms.

The copy uses the project's real mkdocs.yml, macros/, overrides/, glossary format and checks, with a
generated nav: 10 sections, each split into sub-sections of 20 pages once it has more (the way an editor
would grow the real nav). Each page has about 800 words, valid front matter, 10 term() calls, 2 cite()
calls, one state_note() and 3 links to headings of other pages. `bare=True` writes the same pages for a
bare build, the floor the real build is measured against: plain Material with no hooks, plugins or theme
overrides, each call replaced by a plain Markdown link or callout, and the glossary pages written out.
"""
from __future__ import annotations

import ast
import datetime as dt
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
    config.get("extra", {}).pop("editions", None)  # one language: bench/run.py times the real site's two
    return config


def _copy_assets(dest: Path) -> None:
    """Everything the build uses: the engine and its checks, overrides, and non-Markdown files under docs/."""
    ignore = shutil.ignore_patterns("__pycache__", "*.md")
    shutil.copytree(ROOT / "macros", dest / "macros", ignore=ignore)
    shutil.copytree(ROOT / "checks", dest / "checks", ignore=ignore)
    shutil.copy2(ROOT / ".codespell-words", dest / ".codespell-words")
    shutil.copy2(ROOT / ".codespell-words-es", dest / ".codespell-words-es")
    shutil.copytree(ROOT / "overrides", dest / "overrides", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=ignore)
    (dest / "letters").mkdir()  # no letters or facts, but mkdocs.yml watches the folders, so they must exist
    (dest / "facts").mkdir()


def _bare_call(m: re.Match, glossary) -> str:
    """The Markdown a bare build shows for one term(), cite() or state_note() call."""
    from macros.model.citations import parse

    args = ast.literal_eval(f"({m[2]},)")
    if m[1] == "term":
        t = glossary.terms[args[0]]
        return f'[{args[1] if len(args) > 1 else t.link_text}](/{t.src} "{t.short}")'
    c = parse(args[0])
    if m[1] == "cite":
        return f"[{c.label}]({c.url})"
    return f'\n!!! note "Your state may set its own timeline"\n\n    This is the federal rule ([{c.label}]({c.url})).\n'


def _bare_glossary(glossary, used_on: dict[str, list[str]]) -> dict[str, str]:
    """The glossary as plain Markdown pages: the A-Z list and one page per term."""
    pages = {"glossary/index.md": _front("Glossary", "".join(
        f"- [{t.title}](/{t.src}): {t.short}\n" for t in sorted(glossary.terms.values(), key=lambda t: t.term.lower())))}
    for t in glossary.terms.values():
        body = f"{t.short}\n\n{t.definition}\n\n## What the law says\n\n"
        body += "".join(f"- [{c.label}]({c.url})\n" for c in t.citations) or "An everyday term.\n"
        body += "\n## Related terms\n\n" + "".join(f"- [{glossary.terms[r].title}](/{glossary.terms[r].src})\n" for r in t.related)
        body += "\n## Used on\n\n" + "".join(f"- [{title}](/{src})\n" for src, title in used_on.get(t.id, []))
        pages[t.src] = _front(t.title, body)
    return pages


def _bare(dest: Path, pages: dict[str, str], config: dict) -> tuple[dict[str, str], dict]:
    """The same site for a bare build: plain Material (no hooks, plugins or theme overrides) and plain
    Markdown links instead of macro calls, with the glossary pages written out."""
    from macros.model.glossary import load
    from macros.model.rules import Rulebook
    glossary, problems = load(dest / "glossary", "glossary", Rulebook(dt.date.today(), lambda t: t))
    assert not problems, problems
    used_on: dict[str, list[str]] = {}
    for rel, text in pages.items():
        title = re.search(r'^title: "?(.*?)"?$', text, re.M)[1]
        for tid in dict.fromkeys(m[2].split(",")[0].strip("'\"") for m in _MACRO.finditer(text) if m[1] == "term"):
            used_on.setdefault(tid, []).append((rel, title))
    out = {rel: _MACRO.sub(lambda m: _bare_call(m, glossary), text) for rel, text in pages.items()}
    out.update(_bare_glossary(glossary, used_on))
    shutil.rmtree(dest / "macros")
    shutil.rmtree(dest / "overrides")
    bare = {k: v for k, v in config.items() if k not in ("hooks", "plugins", "watch")}
    bare["plugins"] = []
    bare["theme"] = {k: v for k, v in config["theme"].items() if k != "custom_dir"}
    return out, bare


def make_project(dest: Path, n: int, m: int, bare: bool = False, seed: int = 7) -> Path:
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
        pages[rel] = _front(f"Linked from the theme: {rel}", (
            '!!! abstract "In short"\n\n    - A page the theme links to.\n    - It has the shape of every page.\n'
            f"    - It links home.\n\nIt names {linked}. Go [home](/index.md) or to [topic 0](/{page_path(0)}).\n"))
    pages["glossary/index.md"] = (ROOT / "docs" / "glossary" / "index.md").read_text(encoding="utf-8")
    config = _config(n)
    if bare:
        pages, config = _bare(dest, pages, config)
    for rel, text in pages.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    (dest / "mkdocs.yml").write_text(yaml.dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return dest
