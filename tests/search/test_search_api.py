"""`/api/v1/search/` and `/api/v1/search/suggest/`: any word in any block finds its page."""

from io import StringIO

import pytest
from django.core.management import call_command

from pages.models import TopicPage
from tests.factories import TopicPageFactory, clinical_reviewer, publish

pytestmark = pytest.mark.django_db

ARTICLE = "/topics/relationships/trust-issues/"


def search(client, q, **params):
    response = client.get("/api/v1/search/", {"q": q, **params})
    assert response.status_code == 200, response.content
    return response.json()


def paths(results):
    return [hit["path"] for hit in results["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("relief from checking is temporary", ARTICLE),  # a sign's description
        ("Good Moments Feel Like Traps", ARTICLE),  # a sign's title
        ("checking their phone", ARTICLE),  # a checklist item
        ("Transparency Window", ARTICLE),  # the exercise
        ("EFCT", ARTICLE),  # therapy expectations
        ("behavioral transparency", ARTICLE),  # an approach
        ("couples seeking therapy cite trust ruptures", ARTICLE),  # the statistic
        ("match you to a specialist", ARTICLE),  # the call to action
    ],
)
def test_text_in_any_block_finds_its_page(client, demo, query, expected):
    assert paths(search(client, query))[0] == expected


def test_results_carry_summary_and_a_marked_snippet(client, demo):
    (hit,) = search(client, "relief from checking is temporary")["results"]
    page = TopicPage.objects.get(slug="trust-issues")
    assert hit["summary"] == page.summary
    assert hit["category"]["slug"] == "relationships"
    assert "<mark>relief</mark> <mark>from</mark> <mark>checking</mark>" in hit["snippet"]
    assert "<script" not in hit["snippet"]


def test_snippets_are_escaped(client, category):
    page = TopicPageFactory(parent=category, slug="escaping")
    page.body = [("rich_text", {"heading": "", "body": "<p>Quokka &lt;script&gt;alert(1)</p>"})]
    publish(page)
    (hit,) = search(client, "quokka")["results"]
    assert "&lt;script&gt;" in hit["snippet"] and "<script>" not in hit["snippet"]


def test_title_matches_rank_above_body_matches(client, category):
    body_only = TopicPageFactory(parent=category, slug="body-only", title="Something else")
    body_only.body = [("rich_text", {"heading": "", "body": "<p>All about the wombat.</p>"})]
    publish(body_only)
    publish(TopicPageFactory(parent=category, slug="titled", title="The Wombat Guide"))
    assert [hit["title"] for hit in search(client, "wombat")["results"]] == [
        "The Wombat Guide",
        "Something else",
    ]


def test_drafts_reviews_and_unpublished_pages_are_never_returned(client, demo):
    page = TopicPage.objects.get(slug="trust-issues")
    page.summary = "Zanzibarian draft wording nobody approved."
    page.save_revision()
    assert search(client, "Zanzibarian")["count"] == 0
    in_review = TopicPage.objects.get(slug="loneliness-in-relationships")
    assert in_review.workflow_in_progress
    assert in_review.url not in paths(search(client, "rehearse conversations never start"))
    page.unpublish()
    assert ARTICLE not in paths(search(client, "Transparency Window"))


def test_the_index_follows_publish_and_unpublish(client, category):
    page = TopicPageFactory(parent=category, slug="fresh", title="Fresh page", live=False)
    page.body = [("rich_text", {"heading": "", "body": "<p>Capybara calm.</p>"})]
    page.save_revision()
    assert search(client, "capybara")["count"] == 0
    page.get_latest_revision().publish(user=clinical_reviewer())
    assert search(client, "capybara")["count"] == 1
    TopicPage.objects.get(pk=page.pk).unpublish()
    assert search(client, "capybara")["count"] == 0


def test_facets_count_tags_across_all_results(client, demo):
    results = search(client, "therapy", limit=2)
    assert results["count"] > 2
    every = search(client, "therapy", limit=50)["results"]
    expected: dict[str, int] = {}
    for page in TopicPage.objects.filter(pk__in=[hit["id"] for hit in every]):
        for tag in page.tags.all():
            expected[tag.slug] = expected.get(tag.slug, 0) + 1
    assert {facet["slug"]: facet["count"] for facet in results["facets"]} == expected


def test_filters_by_tag_and_category_and_paginates(client, demo):
    anxiety = search(client, "therapy", category="anxiety", limit=50)
    assert anxiety["count"] >= 1
    assert {hit["category"]["slug"] for hit in anxiety["results"]} == {"anxiety"}
    tagged = search(client, "therapy", tag="trust", limit=50)
    trusted = set(TopicPage.objects.live().filter(tags__slug="trust").values_list("pk", flat=True))
    assert {hit["id"] for hit in tagged["results"]} <= trusted
    first, second = search(client, "therapy", limit=1), search(client, "therapy", limit=1, offset=1)
    assert first["results"][0]["id"] != second["results"][0]["id"]
    assert client.get("/api/v1/search/", {"q": "therapy", "tag": "nope"}).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        '" * ( ) OR NEAR AND -',
        "trust OR therapy",
        'therapy" AND "trust',
        "-trust",
        "trust*",
        "NEAR(trust therapy)",
        "'; DROP TABLE wagtailcore_page; --",
        "1' OR '1'='1",
        "x = 1",
        "信頼 trust доверие ثقة",
        "🙂 trust",
        "a",
    ],
)
def test_odd_queries_get_results_or_nothing_but_never_an_error(client, demo, query):
    results = search(client, query)
    assert results["count"] >= 0
    assert TopicPage.objects.live().count() >= 9  # nothing was dropped


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": ""}, "q: This field may not be blank."),
        ({}, "q: This field is required."),
        ({"q": "   "}, "q: This field may not be blank."),
        ({"q": "x" * 10_000}, "q: Ensure this field has no more than 200 characters."),
        ({"q": "trust\x00"}, "q: Must not contain control characters."),
        ({"q": "trust\x07bell"}, "q: Must not contain control characters."),
        ({"q": '()*-"'}, "q: Must contain at least one letter or digit."),
        ({"q": "trust", "limit": "0"}, "limit: Ensure this value is greater than or equal to 1."),
        ({"q": "trust", "sort": "x"}, "sort: Unknown query parameter."),
    ],
)
def test_bad_queries_are_refused(client, demo, params, message):
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == message


def test_suggestions_complete_titles(client, demo):
    response = client.get("/api/v1/search/suggest/", {"q": "tru"})
    assert response.status_code == 200
    assert response.json()[0]["path"] == ARTICLE
    assert client.get("/api/v1/search/suggest/", {"q": ""}).status_code == 400
    assert client.get("/api/v1/search/suggest/", {"q": "zzzzqx"}).json() == []


def test_editors_admin_search_finds_block_text(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="editor"))
    response = client.get("/admin/pages/search/", {"q": "Transparency Window"})
    assert response.status_code == 200
    assert "I Want to Trust, But I Can&#x27;t" in response.content.decode()


def test_update_index_rebuilds_and_reports_progress(client, demo):
    out = StringIO()
    call_command("update_index", stdout=out)
    assert "topicpage" in out.getvalue().lower()
    assert paths(search(client, "Transparency Window"))[0] == ARTICLE


@pytest.mark.parametrize("query", ['It"', '"trust', 'a"b', "NEAR(", "*"])
def test_suggestions_survive_search_syntax(client, demo, query):
    response = client.get("/api/v1/search/suggest/", {"q": query})
    assert response.status_code in {200, 400}
    assert "error" in response.json() or isinstance(response.json(), list)
