"""Online check of the site's external links, with a cache and a polite rate per host.

Run: python -m checks.external SITE_DIR   (`make linkcheck-external`; needs the network, so it is
not part of `make test`). Results are cached in .cache/external-links.json for a week.
"""
from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "external-links.json"
MAX_AGE = 7 * 24 * 3600
PER_HOST_DELAY = 1.0
USER_AGENT = "iep-guide-linkcheck/1.0 (+https://iep-guide.github.io/)"


def fetch_status(url: str, timeout: float = 15.0) -> int | str:
    """HTTP status of a URL (HEAD, then GET if HEAD is refused), or the error text."""
    address = quote(url.split("#")[0], safe=";/?:@&=+$,%[]!~*'()")  # a link may hold 'café': send it percent-encoded
    for method in ("HEAD", "GET"):
        try:
            req = urllib.request.Request(address, method=method, headers={"User-Agent": USER_AGENT})
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status
        except urllib.error.HTTPError as err:
            if method == "HEAD" and err.code in (403, 405, 501):
                continue
            return err.code
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as err:
            return str(getattr(err, "reason", err))
    return "no answer"


def _read_cache(cache_file: Path) -> dict:
    """The cached answers, or none when the cache is missing or not the JSON this module writes."""
    try:
        cache = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(cache, dict):
        return {}
    return {url: hit for url, hit in cache.items()
            if isinstance(hit, dict) and "status" in hit and isinstance(hit.get("at"), (int, float))}


def check_urls(urls: list[str], cache_file: Path = CACHE, now: float | None = None,
               delay: float = PER_HOST_DELAY) -> dict[str, int | str]:
    """Status of each URL; good answers younger than a week come from the cache."""
    now = now or time.time()
    cache = _read_cache(cache_file)
    last_hit: dict[str, float] = {}
    out: dict[str, int | str] = {}
    for url in sorted(set(urls)):
        hit = cache.get(url)
        if hit and now - hit["at"] < MAX_AGE and hit["status"] == 200:
            out[url] = 200
            continue
        host = urlsplit(url).netloc
        wait = last_hit.get(host, 0) + delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        out[url] = fetch_status(url)
        last_hit[host] = time.monotonic()
        cache[url] = {"status": out[url], "at": now}
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    cache_file.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")
    return out


def main(argv: list[str]) -> int:
    """Check every external link of a built site; print the broken ones with their source files."""
    import yaml

    from checks.linkcheck import check

    site = Path(argv[0]) if argv else ROOT / "site"
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    report = check(site, ROOT, config.get("site_url"))
    statuses = check_urls(list(report.external))
    bad = {u: s for u, s in statuses.items() if s != 200}
    for url, status in sorted(bad.items()):
        print(f"{', '.join(sorted(report.external[url]))}: external link {url} answered {status}; fix or replace it")
    print(f"external links: {len(statuses)} checked, {len(bad)} broken")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
