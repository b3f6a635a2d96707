"""The web app in a real browser: the server runs under uvicorn on a free
loopback port, Playwright drives Debian's Chromium through what a reporter
does, and every page opened is saved as a screenshot (``$ONRECORD_SCREENSHOTS``,
else a temporary folder; ``python bench/screenshots.py`` refreshes
docs/screenshots/).  The hostile corpus is opened page by page, and no page may
run any of its script."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TOKEN = "browser-token-0123456789abcdef"

if not Path(CHROMIUM).exists():  # CI installs it (.ci/run); say why when it is truly absent
    print(f"test_serve_browser: skipped, {CHROMIUM} not found (apt-get install -y chromium)")
    pytest.skip(f"{CHROMIUM} not found: apt-get install -y chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the Python package)")

from tests.serve_corpus import MARKER, PAYLOADS  # noqa: E402


@pytest.fixture(scope="module")
def server(served_ledger, tmp_path_factory, extractor):
    """The real app under uvicorn, on a copy of the sample ledger, with a write token."""
    import uvicorn

    from onrecord.ledger import Ledger
    from onrecord.serve import create_app

    path, ids = served_ledger
    copy = tmp_path_factory.mktemp("browser") / "served.db"
    shutil.copy(path, copy)
    with Ledger(copy) as ledger:   # a hostile watch for the watches page
        ledger.watch_add(f"{PAYLOADS[1]} watch", MARKER)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(str(copy), token=TOKEN, extractor=extractor)
    uv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", ids
    uv.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="session")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("ONRECORD_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


class Watched:
    """A page with everything a script could do recorded: dialogs, CSP reports, errors."""

    def __init__(self, page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.console: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: self.console.append(m.text))
        page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))

    def goto(self, url: str):
        response = self.page.goto(url)
        assert response is not None and response.ok, (url, response and response.status)
        return response

    def assert_no_script_ran(self, where: str) -> None:
        assert self.page.evaluate("typeof window.__xss") == "undefined", where
        assert self.dialogs == [], (where, self.dialogs)
        blocked = [m for m in self.console if "Content Security Policy" in m or "pageerror" in m]
        assert blocked == [], (where, blocked)


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    yield Watched(page)
    context.close()


def test_reporter_searches_putin_and_reads_the_seed_article(server, tab, shots):
    base, ids = server
    page = tab.page
    tab.goto(base + "/")
    page.fill("#q", "Putin")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=Putin"))
    assert "Vladimir Putin" in page.inner_text("#facet-speaker")
    assert page.locator(".hit-statements").count() >= 5  # speech by default (8 with type=all)
    page.screenshot(path=shots / "search.png")
    page.locator(".hit-statements .source a").first.click()
    page.wait_for_url(re.compile(rf"/articles/{ids['seed']}"))
    assert page.inner_text("#published") == "published on or after 2023-12-14"
    marked = page.locator("#body .st[data-first]")
    speech = marked.count()  # the default marks speech only, as the list beside it shows
    assert 0 < speech < 13 and page.locator("#side-list .side-statement").count() == speech
    page.locator("#article-types a", has_text="all types").click()
    page.wait_for_url(re.compile(rf"/articles/{ids['seed']}\?type=all"))
    marked = page.locator("#body .st[data-first]")
    assert marked.count() == 13
    speakers = [marked.nth(i).get_attribute("data-who").split(" — ")[0] for i in range(marked.count())]
    assert speakers.count("Vladimir Putin") == 7 and speakers.count("Western officials") == 2
    assert speakers.count("Sergei Shoigu") == 4
    assert page.locator("#headline .st").count() == 1
    assert page.locator("#body .cue").count() >= 10 and page.locator("#body mark.claim").count() >= 2
    assert page.locator("#side-list .side-statement").count() == 13
    assert "Wire Example" in page.inner_text("#also-ran-in")
    # the speaker's name and role show on keyboard focus, not only on hover
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('st')"):
            break
    shown = page.evaluate("getComputedStyle(document.activeElement, '::after').content")
    assert "Vladimir Putin — President" in shown
    page.screenshot(path=shots / "article.png", full_page=True)
    tab.assert_no_script_ran("seed article")


def test_reporter_follows_putin_to_his_page_and_timeline(server, tab, shots):
    base, ids = server
    page = tab.page
    tab.goto(f"{base}/articles/{ids['seed']}")
    page.locator("#side-list a.to-speaker").first.click()
    page.wait_for_url(re.compile(rf"/speakers/{ids['putin']}$"))
    assert page.inner_text("#speaker-name") == "Vladimir Putin"
    assert "putin" in page.inner_text("#aliases")
    bars = page.locator("#timeline svg rect.bar")
    # the chart counts what the list shows: what he said (speech), every type one link away
    assert bars.count() == 1 and "2023-12-14: 5 statements" in bars.first.text_content()
    assert page.locator("#latest li").count() == 5
    page.locator("#speaker-types a", has_text="all types").click()
    page.wait_for_url(re.compile(rf"/speakers/{ids['putin']}\?type=all"))
    assert "2023-12-14: 8 statements" in page.locator("#timeline svg rect.bar").first.text_content()
    assert page.locator("#latest li").count() == 8
    page.screenshot(path=shots / "speaker.png", full_page=True)
    tab.assert_no_script_ran("speaker page")


def test_reporter_compares_a_story_and_the_numbers(server, tab, shots):
    base, ids = server
    page = tab.page
    tab.goto(base + "/stories")
    page.click(f"a[href='/stories/{ids['story']}']")
    columns = page.locator("#story-articles .column")
    assert columns.count() == 2
    text = page.inner_text("#story-articles")
    assert "Reuters" in text and "AP" in text and text.count("Lena Ortiz") >= 2
    page.screenshot(path=shots / "story.png", full_page=True)
    tab.goto(base + "/numbers")
    dispute = page.locator("section.dispute", has_text="container ships")
    assert dispute.locator("svg rect").count() == 2
    assert "both sides" in dispute.inner_text() and "port officials" in dispute.inner_text()
    page.screenshot(path=shots / "numbers.png", full_page=True)
    tab.assert_no_script_ran("story and numbers")


def test_adding_an_article_needs_the_token(server, tab, shots):
    base, _ = server
    page = tab.page
    text = ("Library hours extended\n\nThe central library will open until 9pm from April, "
            "the head librarian, Grace Mbeki, said on Wednesday. \"Students asked for it,\" Mbeki said.")
    tab.page.goto(base + "/add")
    assert "Sign in" in page.inner_text("#add-signin")
    page.fill("#text", text)
    page.click("#add-submit")
    assert "sign in" in page.inner_text("#problem").lower()      # 401: not signed in
    tab.goto(base + "/login")
    page.fill("#token", "not-the-token-0123456789")
    page.click("button[type=submit]")
    assert "not the server's token" in page.inner_text("#problem")
    tab.goto(base + "/login")
    page.fill("#token", TOKEN)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/add$"))
    page.fill("#text", text)
    page.screenshot(path=shots / "add.png", full_page=True)
    page.click("#add-submit")
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]{16}\?added=ingested"), timeout=120_000)
    assert page.inner_text("#added") == "Added to the ledger."
    assert page.inner_text("#headline") == "Library hours extended"
    assert "Grace Mbeki" in page.inner_text("#side-list")
    tab.assert_no_script_ran("add an article")


def test_watches_with_their_feeds(server, tab, shots):
    base, _ = server
    page = tab.page
    tab.goto(base + "/login")
    page.fill("#token", TOKEN)
    page.click("button[type=submit]")
    tab.goto(base + "/watches")
    page.fill("input[name=name]", "putin-talks")
    page.fill("input[name=query]", "talk")
    page.click("form.stack button[type=submit]")
    row = page.locator("#watches tr", has_text="putin-talks")
    feed = row.locator("a[type='application/atom+xml']").get_attribute("href")
    atom = page.request.get(base + feed)
    assert atom.ok and "<feed" in atom.text() and "Putin" in atom.text()
    page.screenshot(path=shots / "watches.png", full_page=True)
    row.locator("button", has_text="Remove").click()
    assert page.locator("#watches tr", has_text="putin-talks").count() == 0
    tab.assert_no_script_ran("watches")


def test_hostile_pages_run_no_script(server, tab, shots):
    base, ids = server
    page = tab.page
    urls = [f"/search?q={MARKER}", f"/search?q={MARKER}&in=claims", f"/search?q={MARKER}&in=articles",
            "/speakers", "/stories?min_articles=1", f"/numbers?about={MARKER}", "/watches"]
    urls += [f"/articles/{a}" for a in ids["hostile"]]
    urls += [f"/speakers/{e}" for e in ids["hostile_entities"]]
    stories = {s for s in re.findall(r"/stories/(\d+)", page.request.get(base + "/stories?min_articles=1").text())}
    urls += [f"/stories/{s}" for s in sorted(stories)]
    for url in urls:
        response = tab.goto(base + url)
        assert "script-src 'self'" in response.headers["content-security-policy"], url
        page.mouse.move(200, 300)
        page.keyboard.press("Tab")
        tab.assert_no_script_ran(url)
        assert page.locator("a[href^='javascript:' i], a[href^='data:' i], a[href^='vbscript:' i]").count() == 0, url
        for link in page.locator("a[target=_blank]").all():
            assert "noopener" in (link.get_attribute("rel") or ""), url
    tab.goto(f"{base}/articles/{ids['hostile'][0]}")
    assert "<script>window.__xss=1</script>" in page.inner_text("#body") or \
        any(p in page.inner_text("main") for p in PAYLOADS)
    page.screenshot(path=shots / "hostile.png", full_page=False)
    assert len(urls) > 20
