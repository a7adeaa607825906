"""Page weight and Lighthouse scores of the built site, per page type, on a first visit.

    make bench-pages                     # builds strictly into site/, then runs this
    .venv/bin/python -m bench.pages site [--runs 3] [--no-lighthouse] [--markdown FILE]

The site is served on 127.0.0.1 with gzip (checks/static_server.py). For each page type, Debian's
Chromium loads the page with an empty cache and the Chrome DevTools Protocol counts every response and
its encoded (on-the-wire) size, headers included; the search index counts, because Material loads it on
every first visit. Lighthouse 12.2.3 (npm, installed into .cache/lighthouse on first use) then runs in its
default mobile setting (simulated slow 4G, 4x CPU slowdown) and the median of --runs runs is reported.
This is a benchmark that prints figures; the budgets it reports are not test assertions.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checks.static_server import serve  # noqa: E402
from checks.browser import CHROMIUM_ARGS, chromium_path, isolate_home, wait_until  # noqa: E402
from checks.sitepages import built_file, editions, pages  # noqa: E402

LIGHTHOUSE = "lighthouse@12.2.3"
LH_DIR = ROOT / ".cache" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BUDGET_KB = 100  # a content page's first visit, search index included (issues 4 and 7)


@dataclass
class Weight:
    """What one first visit of a page transferred."""

    requests: int = 0
    bytes: int = 0  # on the wire: compressed bodies and response headers
    body: int = 0  # compressed bodies only (headers differ from host to host)
    by_kind: dict[str, int] = field(default_factory=dict)


def page_types(site: Path) -> dict[str, str]:
    """The page types to measure, as paths below the site root, in each language edition.

    'content (heaviest)' is the page in the edition's sitemap, outside the glossary, whose gzipped HTML is
    largest.
    """
    types = {}
    for edition in editions(site):
        content = [p for p in pages(site, edition) if p.endswith("/") and not p[len(edition):].startswith("glossary/")]
        heaviest = max(content, key=lambda p: len(gzip.compress(built_file(site, p).read_bytes(), 6)))
        suffix = f" ({edition.strip('/')})" if edition else ""
        types |= {
            f"home{suffix}": edition,
            f"content page{suffix}": f"{edition}iep/what-is-an-iep/",
            f"content (heaviest{', ' + edition.strip('/') if edition else ''})": heaviest,
            f"letter page{suffix}": f"{edition}next-steps/letters/request-records/",
            f"glossary index{suffix}": f"{edition}glossary/",
            f"term page{suffix}": f"{edition}glossary/iep/",
        }
    return types


def _kind(url: str, mime: str) -> str:
    if "search_index" in url:
        return "search index"
    if "/workers/" in url or mime.endswith("javascript"):
        return "js"
    if mime == "text/css":
        return "css"
    if mime == "text/html":
        return "html"
    if mime.startswith("image/"):
        return "images"
    return "other"


def first_visit(browser, url: str) -> Weight:
    """Load url in a fresh context (empty cache) and add up what went over the wire.

    Playwright reports each finished request (the search worker's too) with the sizes Chromium's
    DevTools protocol gives for it: encoded body and response headers.
    """
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True)
    done = []
    context.on("requestfinished", lambda request: done.append(request))
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    # Material fetches the search index and hands it to its worker; wait until search is ready.
    # (Material's words in each edition's language; polled, as the pages' policy forbids eval.)
    wait_until(page, "!['Initializing search', 'Inicializando búsqueda']"
                     ".includes(document.querySelector('.md-search-result__meta')?.textContent.trim())")
    page.wait_for_load_state("networkidle")
    weight = Weight()
    for request in done:
        if request.url.startswith("data:"):
            continue
        sizes = request.sizes()
        response = request.response()
        headers = response.headers if response else {}
        # Chromium reports no body size for a worker's script at page level; the server's
        # Content-Length is the encoded size it sent.
        body = sizes["responseBodySize"] or int(headers.get("content-length", 0))
        size = body + sizes["responseHeadersSize"]
        mime = headers.get("content-type", "").split(";")[0]
        weight.requests += 1
        weight.bytes += size
        weight.body += body
        kind = _kind(request.url, mime)
        weight.by_kind[kind] = weight.by_kind.get(kind, 0) + size
    context.close()
    return weight


def ensure_lighthouse() -> Path:
    """The Lighthouse CLI, installed with npm into .cache/lighthouse on first use."""
    cli = LH_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.is_file():
        LH_DIR.mkdir(parents=True, exist_ok=True)
        npm = shutil.which("npm")
        if not npm:
            raise SystemExit("npm is needed to install Lighthouse (Node 20 and npm)")
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error", "-E", LIGHTHOUSE],
                       cwd=LH_DIR, check=True)
    return cli


def lighthouse(cli: Path, url: str, runs: int, tmp: Path) -> dict[str, int]:
    """Median scores (0-100) over runs of Lighthouse's default mobile audit; the run with the median
    performance score gives all four figures."""
    results = []
    for n in range(runs):
        out = tmp / f"lh-{n}.json"
        subprocess.run(
            ["node", str(cli), url, "--quiet", "--output=json", f"--output-path={out}",
             f"--only-categories={','.join(CATEGORIES)}",
             "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-dev-shm-usage"],
            check=True, env={**os.environ, "CHROME_PATH": chromium_path()},
        )
        report = json.loads(out.read_text(encoding="utf-8"))
        results.append({c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
                       | {"lcp_ms": round(report["audits"]["largest-contentful-paint"]["numericValue"]),
                          "tbt_ms": round(report["audits"]["total-blocking-time"]["numericValue"])})
    results.sort(key=lambda r: r["performance"])
    return results[len(results) // 2]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    chromium = subprocess.run([chromium_path(), "--version"], capture_output=True, text=True).stdout.strip()
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {chromium}"


def table(rows: list[dict]) -> str:
    lighthouse_cols = "performance" in rows[0]
    head = "| page type | path | requests | transferred (KB) | compressed bodies (KB) | search index (KB) |"
    rule = "|---|---|---:|---:|---:|---:|"
    if lighthouse_cols:
        head += " performance | accessibility | best practices | SEO | LCP (ms) | TBT (ms) |"
        rule += "---:|---:|---:|---:|---:|---:|"
    lines = [head, rule]
    for r in rows:
        line = (f"| {r['type']} | `/{r['path']}` | {r['requests']} | {r['bytes'] / 1024:.1f} | "
                f"{r['body'] / 1024:.1f} | {r['by_kind'].get('search index', 0) / 1024:.1f} |")
        if lighthouse_cols:
            line += (f" {r['performance']} | {r['accessibility']} | {r['best-practices']} | {r['seo']} |"
                     f" {r['lcp_ms']} | {r['tbt_ms']} |")
        lines.append(line)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="the built site folder (make build writes site/)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median reported)")
    parser.add_argument("--no-lighthouse", action="store_true", help="only page weight")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        raise SystemExit(f"{args.site} is not a built site; run `make build` first")

    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    isolate_home(tmp)
    cli = None if args.no_lighthouse else ensure_lighthouse()
    rows = []
    with serve(args.site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for kind, path in page_types(args.site).items():
            w = first_visit(browser, base + path)
            row = {"type": kind, "path": path, "requests": w.requests, "bytes": w.bytes, "body": w.body, "by_kind": w.by_kind}
            if cli:
                row |= lighthouse(cli, base + path, args.runs, tmp)
            rows.append(row)
            print(f"{kind:20} {w.requests:3} requests {w.bytes / 1024:7.1f} KB  "
                  + " ".join(f"{k} {v / 1024:.1f}" for k, v in sorted(w.by_kind.items())), file=sys.stderr)
        browser.close()
    shutil.rmtree(tmp, ignore_errors=True)

    out = table(rows)
    heaviest = max((r for r in rows if r["type"].startswith("content")), key=lambda r: r["bytes"])
    verdict = lambda n: "met" if n <= BUDGET_KB * 1024 else "NOT met"  # noqa: E731
    out += (f"\n\nHeaviest content page, first visit: {heaviest['body'] / 1024:.1f} KB compressed "
            f"(budget {BUDGET_KB} KB: {verdict(heaviest['body'])}), {heaviest['bytes'] / 1024:.1f} KB with "
            f"response headers ({verdict(heaviest['bytes'])}).\n"
            f"Machine: {machine()}.\n")
    print(out)
    if args.markdown:
        args.markdown.write_text(out, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
