"""The HTTP API and the pages' JSON twins, in-process (FastAPI TestClient)
over a ledger built from the bundled samples and the hostile corpus."""

from __future__ import annotations

import re
import shutil
import sqlite3
from html.parser import HTMLParser

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from onrecord.serve import create_app  # noqa: E402
from onrecord.serve.security import CSRF_COOKIE, safe_href  # noqa: E402
from tests.serve_corpus import HOSTILE_URLS, MARKER, PAYLOADS, SEED_COPY_URL  # noqa: E402

TOKEN = "test-token-0123456789abcdef"
STATEMENT_FIELDS = {"id", "key", "article_id", "speaker", "cue", "kind", "content", "where", "sentence", "when",
                    "venue", "confidence", "date", "date_source"}


@pytest.fixture(scope="module")
def ledger_path(served_ledger):
    return served_ledger[0]


@pytest.fixture(scope="module")
def ids(served_ledger):
    return served_ledger[1]


@pytest.fixture(scope="module")
def client(ledger_path):
    """Read-only use of the shared ledger (no write token configured)."""
    with TestClient(create_app(str(ledger_path))) as c:
        yield c


@pytest.fixture
def writable(tmp_path, ledger_path, extractor):
    """A server with a token on a copy of the ledger (writes stay in this test)."""
    copy = tmp_path / "copy.db"
    shutil.copy(ledger_path, copy)
    with TestClient(create_app(str(copy), token=TOKEN, extractor=extractor)) as c:
        yield c


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- search ------------------------------------------------------------------------------------
def test_search_counts_facets_and_highlights(client, ids):
    data = client.get("/api/v1/search", params={"q": "Putin", "type": "all"}).json()
    assert data["table"] == "statements" and data["counts"]["statements"] >= 8
    speakers = {v["label"]: v["count"] for v in data["facets"]["speaker"]}
    assert speakers["Vladimir Putin"] == 8
    # the default view shows what was said (type speech): fewer, never more
    speech = client.get("/api/v1/search", params={"q": "Putin"}).json()
    assert speech["filters"]["type"] == "speech" and {h["type"] for h in speech["items"]} == {"speech"}
    assert 0 < speech["counts"]["statements"] < data["counts"]["statements"]
    assert {v["value"] for v in data["facets"]["kind"]} <= {"direct", "indirect", "mixed"}
    # "Putin" matches the speaker's name; a word of the content is marked in the snippet
    russia = client.get("/api/v1/search", params={"q": "Russia"}).json()
    hit = next(h for h in russia["items"] if h["highlights"])
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end].lower() == "russia"
    assert "\x02" not in hit["snippet"] and "\x03" not in hit["snippet"]


def test_search_paging_walks_every_match_once(client):
    first = client.get("/api/v1/search", params={"q": "Putin", "limit": 3}).json()
    seen, page = [h["id"] for h in first["items"]], first
    while page["next_cursor"]:
        page = client.get("/api/v1/search", params={"q": "Putin", "limit": 3, "cursor": page["next_cursor"]}).json()
        seen += [h["id"] for h in page["items"]]
    assert len(seen) == len(set(seen)) == first["counts"]["statements"]


def test_search_facet_filters_narrow(client, ids):
    by_putin = client.get("/api/v1/search", params={"q": "Russia", "speaker": ids["putin"]}).json()
    assert by_putin["items"] and {h["speaker"] for h in by_putin["items"]} == {"Vladimir Putin"}
    reuters = client.get("/api/v1/search", params={"outlet": "Reuters"}).json()
    assert reuters["items"] and {h["outlet"] for h in reuters["items"]} == {"Reuters"}
    direct = client.get("/api/v1/search", params={"kind": "direct"}).json()
    assert direct["items"] and {h["kind"] for h in direct["items"]} == {"direct"}
    december = client.get("/api/v1/search", params={"since": "2023-12", "until": "2023-12"}).json()
    assert december["items"] and all(h["date"].startswith("2023-12") for h in december["items"])
    none = client.get("/api/v1/search", params={"q": "Putin", "since": "2030-01-01"}).json()
    assert none["items"] == [] and none["counts"]["statements"] == 0


def test_search_tables_and_csv(client):
    claims = client.get("/api/v1/search", params={"q": "ships", "in": "claims"}).json()
    assert claims["items"] and all("value" in h for h in claims["items"])
    articles = client.get("/api/v1/search", params={"q": "strike", "in": "articles"}).json()
    assert {h["outlet"] for h in articles["items"]} >= {"Reuters", "AP"}
    csv = client.get("/api/v1/search", params={"q": "strike", "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0].startswith("date,speaker,kind,cue,snippet")


@pytest.mark.parametrize("params, status, words", [
    ({"since": "last week"}, 400, "since"),
    ({"kind": "shouted"}, 400, "kind"),
    ({"in": "everything"}, 400, "`in`"),
    ({"speaker": "Nobody Atall"}, 404, "no speaker"),
    ({"cursor": "not-a-cursor"}, 400, "cursor"),
    ({"limit": 0}, 400, "limit"),
    ({"q": "\"unbalanced"}, 400, "search"),
])
def test_search_refuses_bad_input_with_a_reason(client, params, status, words):
    response = client.get("/api/v1/search", params=params)
    assert response.status_code == status
    assert words in response.json()["error"]["message"]


def test_page_json_twins_match_the_api(client):
    api = client.get("/api/v1/search", params={"q": "Putin"}).json()
    assert client.get("/search.json", params={"q": "Putin"}).json() == api
    assert client.get("/search", params={"q": "Putin", "format": "json"}).json() == api


# -- articles and statements ---------------------------------------------------------------------
def test_article_in_the_records_shape(client, ids):
    data = client.get(f"/api/v1/articles/{ids['seed']}").json()
    assert data["title"] == "Putin says Russia is ready to talk on Ukraine"
    assert data["published"] is None and data["published_not_before"] == "2023-12-14"
    assert len(data["statements"]) == 14
    assert sum(s["where"] == "body" for s in data["statements"]) == 13
    for s in data["statements"]:
        assert STATEMENT_FIELDS <= set(s)
        text = data["title"] if s["where"] == "headline" else data["body"]
        assert text[s["content"]["start"]:s["content"]["end"]] == s["content"]["text"]
    speakers = [s["speaker"]["name"] for s in data["statements"]]
    assert speakers.count("Vladimir Putin") == 8 and speakers.count("Sergei Shoigu") == 4
    assert data["images"][0]["credit"].startswith("Alexander Zemlianichenko")
    assert [c["url"] for c in data["also_ran_in"]] == [SEED_COPY_URL]
    assert data["story"]["id"]
    assert client.get(f"/articles/{ids['seed']}.json").json() == data


def test_article_page_shows_a_lower_bound_date_as_on_or_after(client, ids):
    page = client.get(f"/articles/{ids['seed']}", params={"type": "all"}).text
    assert "published on or after 2023-12-14" in page
    assert "published 2023-12-14" not in page
    assert page.count('data-first="1"') == 14          # 13 in the body, 1 in the headline
    assert 'class="cue"' in page and 'class="claim"' in page
    speech = client.get(f"/articles/{ids['seed']}").text  # the default marks speech only
    assert 0 < speech.count('data-first="1"') < 14 and 'id="article-types"' in speech


def test_statement_by_key(client, ids):
    key = f"{ids['seed']}:s3"
    data = client.get(f"/api/v1/statements/{key}").json()
    assert data["key"] == key and data["speaker"]["name"] == "Vladimir Putin"
    assert data["article"]["id"] == ids["seed"]
    redirect = client.get(f"/statements/{key}", follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"] == f"/articles/{ids['seed']}#st-s3"
    missing = client.get("/api/v1/statements/nope:s1")
    assert missing.status_code == 404 and "no statement" in missing.json()["error"]["message"]


def test_unknown_article_is_404_as_json_and_as_a_page(client):
    assert client.get("/api/v1/articles/0000000000000000").json()["error"]["status"] == 404
    page = client.get("/articles/0000000000000000")
    assert page.status_code == 404 and "no article with id" in page.text


# -- speakers, stories, numbers -------------------------------------------------------------------
def test_who_said_timeline_and_entities(client, ids):
    said = client.get("/api/v1/who-said", params={"speaker": "Putin", "type": "all"}).json()
    assert len(said["items"]) == 8 and said["items"][0]["speaker"] == "Vladimir Putin"
    speech = client.get("/api/v1/who-said", params={"speaker": "Putin"}).json()
    assert 0 < len(speech["items"]) < 8 and {r["type"] for r in speech["items"]} == {"speech"}
    first = client.get("/api/v1/who-said", params={"speaker": "Putin", "limit": 5, "type": "all"}).json()
    rest = client.get("/api/v1/who-said", params={"speaker": "Putin", "limit": 5, "type": "all",
                                                  "cursor": first["next_cursor"]}).json()
    assert [r["statement"] for r in first["items"] + rest["items"]] == [r["statement"] for r in said["items"]]
    assert rest["next_cursor"] is None
    timeline = client.get("/api/v1/timeline", params={"speaker": ids["putin"], "format": "csv"})
    assert timeline.text.splitlines()[0].startswith("date,date_source,speaker")
    entity = client.get(f"/api/v1/entities/{ids['putin']}").json()
    assert entity["name"] == "Vladimir Putin" and "putin" in {a["alias"] for a in entity["aliases"]}
    # the chart counts what the list beside it shows: speech by default, every type with type=all
    assert entity["activity"] == [{"day": "2023-12-14", "statements": len(speech["items"])}]
    every = client.get(f"/api/v1/entities/{ids['putin']}", params={"type": "all"}).json()
    assert every["activity"] == [{"day": "2023-12-14", "statements": 8}]
    listed = client.get("/api/v1/entities", params={"name": "putin"}).json()
    assert [e["id"] for e in listed["items"]] == [ids["putin"]]
    assert client.get("/api/v1/who-said", params={"speaker": "Nobody Atall"}).status_code == 404


def test_speaker_page_has_a_server_drawn_timeline(client, ids):
    page = client.get(f"/speakers/{ids['putin']}", params={"type": "all"}).text
    assert '<svg viewBox="0 0 640 150"' in page and page.count('class="bar"') == 1
    assert "2023-12-14: 8 statements" in page


def test_stories_and_story(client, ids):
    stories = client.get("/api/v1/stories").json()["items"]
    assert ids["story"] in [s["story"] for s in stories]
    story = client.get(f"/api/v1/stories/{ids['story']}").json()
    assert {a["outlet"] for a in story["articles"]} == {"Reuters", "AP"}
    for article in story["articles"]:
        assert "Lena Ortiz" in {q["name"] for q in article["quoted"]}
    assert client.get("/api/v1/stories/99999").status_code == 404


def test_numbers_show_each_sources_value(client):
    rows = client.get("/api/v1/numbers").json()["items"]
    ships = {(r["source"], r["value"]) for r in rows if r["subject"] == "container ships"}
    assert ships == {("both sides", 70.0), ("port officials", 90.0)}
    page = client.get("/numbers").text
    assert "container ships" in page and "<svg" in page


def test_openapi_lists_the_api(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/search", "/api/v1/who-said", "/api/v1/timeline", "/api/v1/stories", "/api/v1/numbers",
                 "/api/v1/entities", "/api/v1/articles/{article_id}", "/api/v1/statements/{key}",
                 "/api/v1/articles", "/api/v1/watches"):
        assert path in paths, path
    assert "post" in paths["/api/v1/articles"]


# -- security --------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/", "/search?q=Putin", "/api/v1/search?q=Putin", "/static/style.css",
                                  "/articles/0000000000000000", "/api/v1/nothing"])
def test_every_response_carries_a_strict_csp(client, path):
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"


def test_read_only_server_says_so_and_refuses_writes(client):
    assert "Read-only server" in client.get("/").text
    assert "read-only" in client.get("/add").text
    for method, path, body in (("post", "/api/v1/articles", {"text": "x"}), ("post", "/api/v1/watches",
                               {"name": "w", "query": "x"}), ("delete", "/api/v1/watches/w", None),
                               ("post", "/api/v1/entities/1/rename", {"name": "x"})):
        response = client.request(method, path, json=body, headers=auth())
        assert response.status_code == 403 and "read-only" in response.json()["error"]["message"]


def test_api_writes_need_the_right_token(writable):
    missing = writable.post("/api/v1/articles", json={"text": "x"})
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    wrong = writable.post("/api/v1/articles", json={"text": "x"}, headers=auth("wrong-token-0123456789"))
    assert wrong.status_code == 403
    for method, path in (("post", "/api/v1/watches"), ("delete", "/api/v1/watches/x"),
                         ("post", "/api/v1/entities/1/merge")):
        assert writable.request(method, path, json={}).status_code == 401


def test_post_article_ingests_and_reports(writable):
    text = ("Harbour pool to close for repairs\n\nThe city's harbour pool will close for six weeks, "
            "the parks director, Alan Reyes, said on Monday. \"We have no choice,\" Reyes said.")
    added = writable.post("/api/v1/articles", json={"text": text, "published": "2024-05-06"}, headers=auth())
    assert added.status_code == 201, added.text
    body = added.json()
    assert body["status"] == "ingested" and body["statements"] >= 1
    article = writable.get(f"/api/v1/articles/{body['article_id']}").json()
    assert article["title"] == "Harbour pool to close for repairs"
    assert "Alan Reyes" in {s["speaker"]["name"] for s in article["statements"]}
    again = writable.post("/api/v1/articles", json={"text": text, "published": "2024-05-06"}, headers=auth())
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    raw = writable.post("/api/v1/articles?as=text", content=text.replace("six", "seven").encode(),
                        headers={**auth(), "Content-Type": "text/plain"})
    assert raw.status_code == 201


@pytest.mark.parametrize("body, words", [
    (b"{not json", "not valid JSON"),
    (b'["a list"]', "JSON object"),
    (b'{"txt": "typo"}', "unknown field"),
    (b'{"text": 5}', "must be a string"),
    (b'{"text": "   "}', "nothing to add"),
    (b'{"text": "x", "as": "pdf"}', "`as` must be one of"),
    (b'{"fetch": "http://127.0.0.1:9/page"}', "non-public address"),
    (b'{"fetch": "file:///etc/passwd"}', "only http and https"),
])
def test_post_article_refuses_bad_input_with_400(writable, body, words):
    response = writable.post("/api/v1/articles", content=body, headers={**auth(), "Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert words in response.json()["error"]["message"]


def test_bodies_over_the_limit_get_413_before_being_read(ledger_path, tmp_path, extractor):
    copy = tmp_path / "small.db"
    shutil.copy(ledger_path, copy)
    with TestClient(create_app(str(copy), token=TOKEN, max_body_bytes=1000, extractor=extractor)) as small:
        declared = small.post("/api/v1/articles", content=b"x" * 1001,
                              headers={**auth(), "Content-Type": "text/plain"})
        assert declared.status_code == 413 and "1,000-byte limit" in declared.json()["error"]["message"]

        def chunks():
            for _ in range(20):
                yield b"y" * 100

        streamed = small.post("/api/v1/articles", content=chunks(), headers={**auth(), "Content-Type": "text/plain"})
        assert streamed.status_code == 413
        csrf = small.get("/add").cookies.get(CSRF_COOKIE)
        form = small.post("/add", data={"csrf": csrf, "text": "z" * 2000})
        assert form.status_code == 413


def test_forms_need_csrf_and_a_signed_in_session(writable):
    no_csrf = writable.post("/add", data={"text": "hello"})
    assert no_csrf.status_code == 403 and "expired or did not come from this site" in no_csrf.text
    csrf = writable.get("/add").cookies.get(CSRF_COOKIE) or writable.cookies.get(CSRF_COOKIE)
    forged = writable.post("/add", data={"csrf": csrf + "x", "text": "hello"})
    assert forged.status_code == 403
    not_signed_in = writable.post("/add", data={"csrf": csrf, "text": "hello"})
    assert not_signed_in.status_code == 401 and "sign in" in not_signed_in.text.lower()
    wrong = writable.post("/login", data={"csrf": csrf, "token": "not-the-token-0123456789"})
    assert wrong.status_code == 403
    signed = writable.post("/login", data={"csrf": csrf, "token": TOKEN}, follow_redirects=False)
    assert signed.status_code == 303
    text = "Ferry fares rise\n\nFerry fares will rise by 5% in June, the operator, Nina Holt, said on Friday."
    added = writable.post("/add", data={"csrf": csrf, "text": text}, follow_redirects=False)
    assert added.status_code == 303 and added.headers["location"].endswith("?added=ingested")
    assert "Added to the ledger" in writable.get(added.headers["location"]).text


def test_watches_add_feed_and_remove(writable):
    made = writable.post("/api/v1/watches", json={"name": "talks", "query": "talk", "speaker": "Putin"},
                         headers=auth())
    assert made.status_code == 201 and made.json()["feed"] == "/watches/talks/feed.atom"
    assert [w["name"] for w in writable.get("/api/v1/watches").json()["items"]] == ["talks"]
    feed = writable.get("/watches/talks/feed.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml") and "<entry>" in feed.text
    assert writable.delete("/api/v1/watches/talks", headers=auth()).status_code == 200
    assert writable.delete("/api/v1/watches/talks", headers=auth()).status_code == 404
    assert writable.get("/watches/talks/feed.atom").status_code == 404


def test_entity_rename_by_api(writable, ids):
    done = writable.post(f"/api/v1/entities/{ids['putin']}/rename", json={"name": "V. V. Putin"}, headers=auth())
    assert done.status_code == 200
    assert writable.get(f"/api/v1/entities/{ids['putin']}").json()["name"] == "V. V. Putin"
    assert writable.post(f"/api/v1/entities/{ids['putin']}/rename", json={}, headers=auth()).status_code == 400


# -- hostile pages ---------------------------------------------------------------------------------
class Elements(HTMLParser):
    """Every element and attribute of a page, as a browser's parser sees them."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_hostile_text_is_escaped_and_never_a_link(client, ids):
    pages = [f"/articles/{a}" for a in ids["hostile"]] + [f"/speakers/{e}" for e in ids["hostile_entities"]]
    pages += [f"/search?q={MARKER}", f"/search?q={MARKER}&in=claims", f"/search?q={MARKER}&in=articles",
              "/speakers", "/stories?min_articles=1", f"/numbers?about={MARKER}"]
    for path in pages:
        tags = Elements(client.get(path).text).tags
        scripts = [a for t, a in tags if t == "script"]
        assert scripts == [{"src": "/static/app.js", "defer": None}], path
        for tag, attrs in tags:
            assert tag not in ("iframe", "img", "details", "math", "style", "object", "embed"), (path, tag)
            assert not any(name.startswith("on") or name == "autofocus" for name in attrs), (path, tag, attrs)
            href = attrs.get("href") or ""
            assert not re.match(r"\s*(javascript|vbscript|data):", href, re.I), (path, href)
            if tag == "a" and attrs.get("target") == "_blank":
                assert "noopener" in attrs.get("rel", ""), (path, attrs)
    search = client.get("/search", params={"q": MARKER}).text
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in search
    assert "{{7*7}}" in client.get(f"/articles/{ids['hostile'][-1]}").text


@pytest.mark.parametrize("url", HOSTILE_URLS + [" javascript:alert(1)", "https:/", "//evil.example/x", ""])
def test_only_http_urls_become_links(url):
    assert safe_href(url) is None


def test_http_urls_become_links():
    assert safe_href("https://example.com/a?b=1") == "https://example.com/a?b=1"


def test_type_facet_filters_and_counts_statement_types(ledger_path, tmp_path):
    copy = tmp_path / "typed.db"
    shutil.copy(ledger_path, copy)
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE statements SET type = 'speech'")  # the ledger records types: make them known
    conn.execute("UPDATE statements SET type = 'belief' WHERE cue = 'stated'")
    conn.commit()
    conn.close()
    with TestClient(create_app(str(copy))) as typed:
        default = typed.get("/api/v1/search", params={"q": "Putin"}).json()
        assert default["filters"]["type"] == "speech" and {h["type"] for h in default["items"]} == {"speech"}
        everything = typed.get("/api/v1/search", params={"q": "Putin", "type": "all"}).json()
        assert {h["type"] for h in everything["items"]} == {"speech", "belief"}
        assert {v["value"] for v in everything["facets"]["type"]} == {"speech", "belief"}
        beliefs = typed.get("/api/v1/search", params={"q": "Putin", "type": "belief"}).json()
        assert beliefs["items"] and {h["cue"] for h in beliefs["items"]} == {"stated"}
        assert typed.get(f"/api/v1/statements/{default['items'][0]['id']}").json()["type"] == "speech"
    assert PAYLOADS  # the corpus module is the one the browser test uses


def test_article_page_and_speaker_chart_show_speech_by_default(ledger_path, tmp_path, ids):
    """The article page marks speech only (every type one link away), and a
    speaker's chart counts the same statements its list shows."""
    copy = tmp_path / "typed.db"
    shutil.copy(ledger_path, copy)
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE statements SET type = 'speech'")
    conn.execute("UPDATE statements SET type = 'belief' WHERE cue = 'stated'")
    beliefs = conn.execute("SELECT count(*) FROM statements WHERE type = 'belief' AND article_id = ?",
                           (ids["seed"],)).fetchone()[0]
    total = conn.execute("SELECT count(*) FROM statements WHERE article_id = ?", (ids["seed"],)).fetchone()[0]
    conn.commit()
    conn.close()
    assert 0 < beliefs < total
    marked = re.compile(r'data-first="1"')
    with TestClient(create_app(str(copy))) as typed:
        default = typed.get(f"/articles/{ids['seed']}").text
        everything = typed.get(f"/articles/{ids['seed']}", params={"type": "all"}).text
        assert len(marked.findall(default)) == total - beliefs
        assert len(marked.findall(everything)) == total
        assert 'id="article-types"' in default and "?type=all" in default
        assert typed.get(f"/articles/{ids['seed']}", params={"type": "nonsense"}).status_code == 400

        speech = typed.get(f"/api/v1/entities/{ids['putin']}").json()
        every = typed.get(f"/api/v1/entities/{ids['putin']}", params={"type": "all"}).json()
        assert {r["type"] for r in speech["latest"]} == {"speech"}
        charted = sum(day["statements"] for day in speech["activity"])
        listed = sum(1 for r in speech["latest"] if r["date"])
        assert charted == listed < sum(day["statements"] for day in every["activity"])
        page = typed.get(f"/speakers/{ids['putin']}").text
        assert 'id="speaker-types"' in page and f"{charted} dated statement" in page
