"""The reference templates render the demo article with every part of the original text."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "trust-issues.txt"
ARTICLE_URL = "/topics/relationships/trust-issues/"


def words(text: str) -> list[str]:
    """Lower-case words, ignoring punctuation, bullets and Markdown markup."""
    text = text.replace("\u2019", "'").replace("\u2014", " ")
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)  # [label](/path/) -> label
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())


def contains_run(haystack: list[str], needle: list[str]) -> bool:
    width = len(needle)
    return any(haystack[i : i + width] == needle for i in range(len(haystack) - width + 1))


@pytest.fixture
def article_html(client, demo):
    response = client.get(ARTICLE_URL)
    assert response.status_code == 200
    return response.content.decode()


def test_every_line_of_the_seed_article_is_rendered_in_order(article_html):
    main = BeautifulSoup(article_html, "html.parser").find("main")
    rendered = words(main.get_text(" "))
    missing = [
        line
        for line in SEED.read_text(encoding="utf-8").splitlines()
        if line.strip() and not contains_run(rendered, words(line))
    ]
    assert missing == []


def test_article_uses_semantic_headings_in_order(article_html):
    soup = BeautifulSoup(article_html, "html.parser")
    levels = [int(tag.name[1]) for tag in soup.find("main").find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False))
    assert soup.html["lang"] == "en"
    assert soup.find("a", class_="skip-link")["href"] == "#main"


def test_internal_links_point_at_live_pages(article_html, client):
    soup = BeautifulSoup(article_html, "html.parser")
    hrefs = [a["href"] for a in soup.select(".prose a")]
    assert hrefs == [
        "/topics/relationships/conflict-cycles/",
        "/topics/relationships/attachment-anxiety/",
        "/topics/relationships/conflict-cycles/",
        "/topics/relationships/conflict-cycles/",
    ]
    for href in set(hrefs):
        assert client.get(href).status_code == 200


def test_blocks_render_their_structure(article_html):
    soup = BeautifulSoup(article_html, "html.parser")
    assert len(soup.select(".checklist li")) == 3
    assert soup.select_one(".stat__figure").get_text() == "over 40 percent"
    assert soup.select_one(".block--stat cite").get_text() == "relationship research"
    assert [dt.get_text() for dt in soup.select(".signs dt")] == [
        "The Scan Never Stops",
        "Your Body Remembers",
        "Good Moments Feel Like Traps",
        "The Shame Layer",
    ]
    assert soup.select_one(".exercise__duration").get_text(" ", strip=True) == "Takes 10 minutes"
    assert [dt.get_text() for dt in soup.select(".approaches dt")] == ["EFCT", "CBCT"]
    button = soup.select_one(".block--cta a.button")
    assert button.get_text() == "Get matched with a specialist"
    assert button["href"] == "/get-matched/"


def test_listing_pages_render(client, demo):
    index = client.get("/topics/")
    assert index.status_code == 200
    assert ARTICLE_URL.encode() in index.content
    category = client.get("/topics/relationships/")
    assert category.status_code == 200
    assert b"I Want to Trust, But I Can&#x27;t" in category.content
    assert f'href="{ARTICLE_URL}"'.encode() in category.content
    home = client.get("/")
    assert home.status_code == 200
    assert b'href="/topics/"' in home.content


def test_related_topics_are_rendered(article_html):
    soup = BeautifulSoup(article_html, "html.parser")
    related = soup.select(".related .topic-card a")
    assert 1 <= len(related) <= 6
    assert "/topics/relationships/conflict-cycles/" in [a["href"] for a in related]


def test_the_site_name_is_not_repeated_in_the_home_page_title(client, demo):
    title = BeautifulSoup(client.get("/").content, "html.parser").title.get_text()
    assert title == "Topicdesk"


def test_a_page_title_carries_the_site_name_once(article_html):
    title = BeautifulSoup(article_html, "html.parser").title.get_text()
    assert title == "Therapy for Trust Issues · Topicdesk"


def test_the_summary_does_not_repeat_the_checklist_affirmation(article_html):
    soup = BeautifulSoup(article_html, "html.parser")
    lede = soup.select_one(".lede").get_text(" ", strip=True)
    affirmation = soup.select_one(".affirmation").get_text(" ", strip=True)
    assert affirmation not in lede and lede not in affirmation


def test_a_favicon_is_served(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00", "an ICO file"
