"""No page asks another host for anything: no analytics, fonts, scripts, styles or images from elsewhere.

Two checks: Chromium loads every page (sitemap + 404) and records every request it makes, and a static
scan of every built HTML and CSS file (embed views included) finds no resource address on another host.
Links to other sites (<a href>) are not requests and are allowed.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from checks.browser import wait_until
from checks.sitepages import PAGE_TYPES, all_pages, covering_sample, html_files, pages, read_html, site_url

# Attributes that make a browser fetch something, by element.
RESOURCE_ATTRS = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "embed": ("src",), "object": ("data",),
    "input": ("src",), "image": ("href",), "use": ("href",),
}
FETCHED_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch", "modulepreload",
                     "manifest", "preconnect", "dns-prefetch", "mask-icon"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""")
SEARCH_READY = "document.querySelector('.md-search-result__meta')?.textContent.trim() !== 'Initializing search'"


def _foreign(address: str, page_url: str) -> bool:
    """True when address, read on page_url, points at another host (data: and fragments are local)."""
    address = address.strip()
    if not address or address.startswith(("data:", "#", "about:", "blob:")):
        return False
    return urlsplit(urljoin(page_url, address)).netloc != urlsplit(page_url).netloc


def foreign_resources(site: Path) -> list[str]:
    """Every resource address in the built HTML and CSS that points at another host."""
    base = site_url()
    found = []
    for path in html_files(site):
        rel = path.relative_to(site).as_posix()
        page_url = urljoin(base, rel)
        doc = read_html(path)
        if doc is None:
            continue
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            tag = el.tag.split("}")[-1].lower()
            addresses = [el.get(a) for a in RESOURCE_ATTRS.get(tag, ()) if el.get(a)]
            addresses += [el.get("{http://www.w3.org/1999/xlink}href")] if tag in ("image", "use") and el.get("{http://www.w3.org/1999/xlink}href") else []
            if tag == "link" and FETCHED_LINK_RELS & set((el.get("rel") or "").lower().split()):
                addresses.append(el.get("href") or "")
            if el.get("style"):
                addresses += CSS_URL.findall(el.get("style"))
            if tag == "style" and el.text:
                addresses += CSS_URL.findall(el.text) + IMPORT.findall(el.text)
            for address in addresses:
                for part in address.split(","):  # srcset: "a.png 1x, b.png 2x"
                    url = part.strip().split(" ")[0]
                    if _foreign(url, page_url):
                        found.append(f"{rel}: <{tag}> loads {url}")
    for path in html_files(site, "*.css"):
        rel = path.relative_to(site).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        for url in CSS_URL.findall(text) + IMPORT.findall(text):
            if _foreign(url, urljoin(base, rel)):
                found.append(f"{rel}: loads {url}")
    return found


def test_no_built_file_loads_anything_from_another_host(site: Path) -> None:
    found = foreign_resources(site)
    assert not found, "resources from other hosts:\n" + "\n".join(found)


def test_static_scan_catches_a_planted_foreign_resource(tmp_path: Path, site: Path) -> None:
    (tmp_path / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    page = (site / "index.html").read_text(encoding="utf-8")
    plants = ['<script src="https://cdn.example.com/a.js"></script>', '<img srcset="/a.png 1x, //img.example.net/b.png 2x">',
              '<link rel="stylesheet" href="https://fonts.example.com/css">', '<div style="background:url(https://t.example.org/p.gif)"></div>']
    (tmp_path / "index.html").write_text(page.replace("</body>", "".join(plants) + "</body>"), encoding="utf-8")
    found = "\n".join(foreign_resources(tmp_path))
    for host in ("cdn.example.com", "img.example.net", "fonts.example.com", "t.example.org"):
        assert host in found, found


def _record(context, base_url: str) -> list[str]:
    """Record every request the context makes; requests to other hosts are answered with an error at
    once (this machine has no network to reach them) but still recorded."""
    local = urlsplit(base_url).netloc
    requests: list[str] = []

    def handle(route) -> None:
        requests.append(route.request.url)
        if urlsplit(route.request.url).netloc == local or route.request.url.startswith("data:"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", handle)
    return requests


@pytest.mark.browser
def test_no_page_requests_another_host(browser, base_url: str, site: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests = _record(context, base_url)
    page = context.new_page()
    blocked: list[str] = []  # a request the page's policy stopped never reaches the network, but was tried
    page.on("console", lambda m: blocked.append(f"{page.url}: {m.text}") if "Content Security Policy" in m.text else None)
    # Every English page; the Spanish pages load the same files: those that hold every kind of element
    english = pages(site)
    paths = english + [p for p in covering_sample(site, all_pages(site)) if p not in english]
    for path in paths:
        page.goto(base_url + path)
        wait_until(page, SEARCH_READY)  # the search index and worker load after the page
    # What loads only on use: search (index and worker), a tooltip, the palette switch.
    page.goto(base_url + PAGE_TYPES["content page"], wait_until="networkidle")
    page.locator("[data-md-component=search-query]").click()
    page.keyboard.type("IEP")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("Escape")
    page.locator("article a[href*='glossary/']").first.hover()
    page.locator("[data-iep-palette]").click()
    page.wait_for_load_state("networkidle")
    context.close()
    local = urlsplit(base_url).netloc
    foreign = sorted({u for u in requests if urlsplit(u).netloc != local and not u.startswith("data:")})
    print(f"privacy: {len(paths)} pages, {len(requests)} requests, {len(foreign)} to other hosts")
    assert len(requests) > len(paths)
    assert not foreign, "requests to other hosts:\n" + "\n".join(foreign)
    assert not blocked, "the pages tried what their policy forbids:\n" + "\n".join(blocked[:10])


@pytest.mark.browser
def test_request_check_catches_a_planted_tracker(browser, base_url: str) -> None:
    """The request check can fail: a planted tracker image is recorded (with the page's Content Security
    Policy set aside, which would block it)."""
    context = browser.new_context(bypass_csp=True)
    requests = _record(context, base_url)
    page = context.new_page()
    page.route(base_url, lambda route: route.fulfill(
        content_type="text/html",
        body=route.fetch().text().replace("</body>", '<img src="https://tracker.example.com/p.gif" alt=""></body>')))
    page.goto(base_url, wait_until="networkidle")
    context.close()
    assert "https://tracker.example.com/p.gif" in requests


def test_every_page_carries_a_content_security_policy(site: Path) -> None:
    """Each built page (embed views and 404 too) has the policy first in its head, allowing only the site's
    own files and, by hash, exactly its own inline scripts."""
    import base64
    import hashlib

    problems, checked = [], 0
    for path in html_files(site):
        text = path.read_text(encoding="utf-8")
        head = text[:text.find("</head>")]
        m = re.search(r'<meta charset="utf-8">\s*<meta http-equiv="Content-Security-Policy" content="([^"]+)">', head)
        rel = path.relative_to(site).as_posix()
        if not m:
            problems.append(f"{rel}: no Content Security Policy right after <meta charset>")
            continue
        checked += 1
        policy = dict(part.strip().split(" ", 1) for part in m[1].split(";"))
        scripts = policy["script-src"].split()
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>(.*?)</script>", text, re.S)
        hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in inline}
        if policy.get("default-src") != "'self'" or set(scripts) != {"'self'", *hashes}:
            problems.append(f"{rel}: the policy does not allow exactly the site's files and its inline scripts: {m[1][:200]}")
        if "unsafe-inline" in m[1] or "unsafe-eval" in m[1] or "*" in m[1]:
            problems.append(f"{rel}: the policy allows inline code or any host")
    assert not problems, "\n".join(problems[:20])
    assert checked > 300, f"only {checked} pages checked"


@pytest.mark.browser
@pytest.mark.parametrize("with_policy", [True, False])
def test_theme_script_cannot_reach_another_host_without_resize_observer(browser, base_url: str, with_policy: bool) -> None:
    """In a browser without ResizeObserver, Material's script asks a public CDN for a polyfill. The
    policy blocks that request before it leaves; with the policy taken out of the page, it would leave."""
    context = browser.new_context()
    context.add_init_script("delete window.ResizeObserver")
    requests = _record(context, base_url)
    page = context.new_page()
    page.add_init_script("window.__violations = []; document.addEventListener('securitypolicyviolation', "
                         "e => window.__violations.push(e.blockedURI))")
    if not with_policy:
        page.route(base_url + PAGE_TYPES["content page"], lambda route: route.fulfill(
            content_type="text/html",
            body=re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", route.fetch().text())))
    page.goto(base_url + PAGE_TYPES["content page"])
    local = urlsplit(base_url).netloc

    def foreign() -> list[str]:
        return [u for u in requests if urlsplit(u).netloc != local and not u.startswith("data:")]
    if with_policy:  # the page tried: its policy reported the blocked polyfill
        wait_until(page, "window.__violations.some(u => u.includes('resize-observer-polyfill'))")
    else:  # the request reached the network layer, where the test's router aborts it
        wait_until(page, lambda: any("resize-observer-polyfill" in u for u in foreign()))
    violations, foreign = page.evaluate("window.__violations"), foreign()
    context.close()
    if with_policy:
        assert not foreign, f"requests left the site: {foreign}"
        assert any("resize-observer-polyfill" in v for v in violations), f"the polyfill was not even tried: {violations}"
    else:
        assert any("resize-observer-polyfill" in u for u in foreign), "without the policy the polyfill request should leave"


def test_a_script_in_the_article_is_never_allowed_by_the_policy() -> None:
    """The policy hashes the theme's inline scripts, never one inside the article (an editor's text; the
    checker refuses it too): planted there, it is left out of script-src, so the browser blocks it."""
    from macros.outputs import csp

    page = ('<html><head><meta charset="utf-8"><script>theme()</script></head><body>'
            '<article class="md-content__inner md-typeset"><script>alert(1)</script></article></body></html>')
    policy = csp.policy(page)
    assert csp._hash("theme()") in policy and csp._hash("alert(1)") not in policy
    assert csp._hash("alert(1)") in csp.policy(page, article_is_trusted=True)  # the 404 page's own
