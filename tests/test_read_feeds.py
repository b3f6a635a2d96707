"""RSS/Atom feeds: entries become jobs; unsafe XML is refused with a clear message."""

from __future__ import annotations

import pytest

from onrecord.errors import InputError
from onrecord.pipeline import Job
from onrecord.read.expand import Skipped, expand
from onrecord.read.feeds import read_feed

LONG = "<p>" + " ".join(["The minister said the budget would be balanced by next year."] * 15) + "</p>"

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example News</title><link>https://news.example/</link><description>d</description>
<item><title>Budget to balance</title><link>https://news.example/budget</link>
<pubDate>Tue, 19 Dec 2023 10:00:00 GMT</pubDate><content:encoded><![CDATA[{LONG}]]></content:encoded></item>
<item><title>Teaser only</title><link>https://news.example/teaser</link><description>Short.</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title><id>urn:x</id><updated>2023-12-19T00:00:00Z</updated>
<entry><title>Atom entry</title><id>urn:e1</id><link href="https://atom.example/1"/>
<updated>2023-12-20T08:00:00Z</updated><content type="html"><![CDATA[{LONG}]]></content></entry></feed>"""

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>x</title></item></channel></rss>"""


def test_rss_full_content_and_teasers():
    items = list(read_feed(RSS.encode(), "feed.xml"))
    assert isinstance(items[0], Job)
    assert items[0].kind == "html" and items[0].url == "https://news.example/budget"
    assert "<title>Budget to balance</title>" in items[0].raw and "balanced by next year" in items[0].raw
    assert items[0].published == "Tue, 19 Dec 2023 10:00:00 GMT"
    assert isinstance(items[1], Skipped) and "only a summary" in items[1].reason


def test_teaser_links_are_fetched_through_the_given_fetcher():
    fetched = []

    def fetch(url):
        fetched.append(url)
        return "<html><body><p>The full page.</p></body></html>", url + "?final"

    items = list(read_feed(RSS.encode(), "feed.xml", fetch=fetch))
    assert fetched == ["https://news.example/teaser"]
    assert items[1].url == "https://news.example/teaser?final" and items[1].source_path.endswith("#https://news.example/teaser")


def test_atom_feed():
    (job,) = list(read_feed(ATOM.encode(), "atom.xml"))
    assert job.url == "https://atom.example/1" and job.published == "2023-12-20T08:00:00Z"


def test_xml_bomb_is_refused():
    with pytest.raises(InputError, match="XML bomb"):
        list(read_feed(BOMB.encode(), "bomb.xml"))


def test_external_entity_is_refused():
    xxe = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           '<rss version="2.0"><channel><title>&x;</title></channel></rss>')
    with pytest.raises(InputError, match="refused"):
        list(read_feed(xxe.encode(), "xxe.xml"))


def test_feed_without_entries():
    with pytest.raises(InputError, match="no entries"):
        list(read_feed(b'<rss version="2.0"><channel><title>t</title></channel></rss>', "empty.xml"))


def test_expand_recognises_feed_files_and_reports_bombs(tmp_path):
    (tmp_path / "news.xml").write_text(RSS, encoding="utf-8")
    (tmp_path / "bomb.rss").write_text(BOMB, encoding="utf-8")
    items = list(expand([str(tmp_path)], fetch_links=False))
    jobs = [i for i in items if isinstance(i, Job)]
    skipped = {i.source: i.reason for i in items if isinstance(i, Skipped)}
    assert [j.url for j in jobs] == ["https://news.example/budget"]
    assert any("XML bomb" in reason for reason in skipped.values())
    assert str(tmp_path / "bomb.rss") in skipped


def test_feed_url_entries_and_linked_pages_go_through_fetch(monkeypatch):
    """A feed given by URL is fetched, parsed, and its teaser links fetched
    with the same policy (the network is replaced by a stand-in here)."""
    from onrecord.read import fetch as fetch_module
    from onrecord.read.fetch import Fetched

    pages = {"https://news.example/rss": RSS.encode(),
             "https://news.example/teaser": b"<html><body><p>Full teaser page.</p></body></html>"}
    asked = []

    def fake_fetch(url, policy):
        asked.append(url)
        return Fetched(url=url, data=pages[url], content_type="application/rss+xml", charset="utf-8")

    monkeypatch.setattr(fetch_module, "fetch_url", fake_fetch)
    jobs = list(expand(["https://news.example/rss"]))
    assert asked == ["https://news.example/rss", "https://news.example/teaser"]
    assert [j.url for j in jobs] == ["https://news.example/budget", "https://news.example/teaser"]
    assert "Full teaser page" in jobs[1].raw
