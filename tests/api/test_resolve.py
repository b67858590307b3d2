"""`/api/v1/pages/resolve/` and `/api/v1/topics/{id}/`: the exact JSON frontends render from."""

import re

import pytest
from wagtail.models import Page

from pages.models import TopicPage

pytestmark = pytest.mark.django_db

ARTICLE = "/topics/relationships/trust-issues/"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def resolve(client, path):
    return client.get("/api/v1/pages/resolve/", {"path": path})


@pytest.fixture
def article(client, demo):
    response = resolve(client, ARTICLE)
    assert response.status_code == 200
    return response.json()


def blocks_of(detail, block_type):
    return [block["value"] for block in detail["body"] if block["type"] == block_type]


def test_detail_has_every_documented_field(article):
    page = TopicPage.objects.get(slug="trust-issues")
    assert set(article) == {
        "id", "type", "title", "slug", "path", "seo", "summary", "category", "breadcrumbs",
        "tags", "first_published_at", "last_published_at", "hero_image", "body", "related",
        "review", "children", "crisis_resources", "references", "structured_data",
    }  # fmt: skip
    assert article["review"] == {
        "reviewed_by": "Dana Ortiz",
        "credentials": "LMFT",
        "reviewed_at": article["review"]["reviewed_at"],
        "next_review_due": page.next_review_due.isoformat(),
    }
    assert article["id"] == page.pk
    assert article["type"] == "pages.TopicPage"
    assert article["title"] == "I Want to Trust, But I Can't: Therapy for Trust Issues"
    assert article["slug"] == "trust-issues"
    assert article["path"] == ARTICLE
    url = f"http://localhost{ARTICLE}"
    title, description = "Therapy for Trust Issues", page.search_description
    assert article["seo"] == {
        "title": title,
        "description": description,
        "canonical_url": url,
        "robots": "index, follow",
        "og": {
            "title": title,
            "description": description,
            "type": "article",
            "url": url,
            "site_name": "Topicdesk",
        },
        "twitter": {"card": "summary", "title": title, "description": description},
    }
    assert article["summary"] == page.summary
    category = page.get_parent()
    assert article["category"] == {
        "id": category.pk,
        "title": "Relationships",
        "slug": "relationships",
        "path": "/topics/relationships/",
    }
    assert [crumb["path"] for crumb in article["breadcrumbs"]] == [
        "/",
        "/topics/",
        "/topics/relationships/",
        ARTICLE,
    ]
    assert article["tags"] == [
        {"name": name, "slug": name}
        for name in ["attachment", "couples", "nervous-system", "relationships", "trust"]
    ]
    assert article["first_published_at"] and article["last_published_at"]
    assert article["children"] == []


def test_body_is_a_list_of_typed_blocks_with_ids(article):
    assert [block["type"] for block in article["body"]] == [
        "hook_checklist",
        "stat_callout",
        "rich_text",
        "rich_text",
        "signs_list",
        "exercise",
        "therapy_expectations",
        "cta",
    ]
    for block in article["body"]:
        assert set(block) == {"type", "id", "value"}
        assert UUID.match(block["id"])


def test_hook_checklist_json(article):
    assert blocks_of(article, "hook_checklist") == [
        {
            "items": [
                "I'm constantly checking their phone even though I hate myself for it",
                "They say all the right things but my body still freezes when they touch me",
                "My best friend sent me this link with a 'this is you' text",
            ],
            "affirmation": "You're not broken for struggling to trust after your system has "
            "registered danger.",
        }
    ]


def test_stat_callout_json(article):
    assert blocks_of(article, "stat_callout") == [
        {
            "figure": "over 40 percent",
            "statement": "of couples seeking therapy cite trust ruptures as a primary concern.",
            "source": "relationship research",
            "source_url": "",
            "reassurance": "You're not alone in this.",
        }
    ]


def test_rich_text_json_resolves_page_links_to_paths(article):
    first, second = blocks_of(article, "rich_text")
    assert set(first) == {"heading", "body"}
    assert first["heading"] == ""
    assert (
        'This often shows up as a <a href="/topics/relationships/conflict-cycles/">conflict '
        "cycle</a> where every small issue" in first["body"]
    )
    assert second["heading"] == "Why Trust Feels Out of Reach"
    assert re.findall(r'href="([^"]+)"', second["body"]) == [
        "/topics/relationships/attachment-anxiety/",
        "/topics/relationships/conflict-cycles/",
    ]
    assert "linktype" not in str(article)


def test_signs_list_json(article):
    (signs,) = blocks_of(article, "signs_list")
    assert signs["heading"] == "Signs You're Dealing With Trust Issues"
    assert [sign["title"] for sign in signs["signs"]] == [
        "The Scan Never Stops",
        "Your Body Remembers",
        "Good Moments Feel Like Traps",
        "The Shame Layer",
    ]
    assert signs["signs"][2] == {
        "title": "Good Moments Feel Like Traps",
        "description": "When things are calm, you wait for the other shoe to drop. Peace feels "
        "suspicious rather than soothing.",
    }


def test_exercise_json(article):
    (exercise,) = blocks_of(article, "exercise")
    assert {key: value for key, value in exercise.items() if key != "instructions"} == {
        "kicker": "Something to try",
        "name": "The Transparency Window",
        "subtitle": "Trust Repair Protocol",
        "duration_minutes": 10,
        "citation": "APA, 2023",
        "closing_note": "This is a single brick\u2014rebuilding the whole foundation requires "
        "specialized support that maps your specific rupture pattern.",
    }
    assert exercise["instructions"].startswith("<p>For 10 minutes, ask one specific question")


def test_therapy_expectations_json(article):
    (therapy,) = blocks_of(article, "therapy_expectations")
    assert therapy["heading"] == "What to expect in therapy"
    assert therapy["approaches"] == [
        {"name": "EFCT", "addresses": "emotional safety"},
        {"name": "CBCT", "addresses": "behavioral transparency"},
    ]
    assert therapy["outcome"] == (
        "What becomes possible is a relationship where safety isn't constantly "
        "questioned\u2014but felt."
    )
    assert (
        '<a href="/topics/relationships/conflict-cycles/">rupture and repair cycles</a>'
        in (therapy["body"])
    )


def test_cta_json(article):
    (cta,) = blocks_of(article, "cta")
    assert set(cta) == {"heading", "body", "button_label", "target"}
    assert cta["heading"] == "Ready for support that fits?"
    assert cta["button_label"] == "Get matched with a specialist"
    assert cta["target"] == "/get-matched/"


def test_topic_detail_by_id_has_the_same_body_as_resolve(client, article):
    response = client.get(f"/api/v1/topics/{article['id']}/")
    assert response.status_code == 200
    assert response.json() == article


def test_trailing_slash_is_optional(client, article):
    assert resolve(client, ARTICLE.rstrip("/")).json() == article


def test_resolve_serves_any_page_type(client, demo):
    category = resolve(client, "/topics/relationships/").json()
    assert category["type"] == "pages.TopicCategoryPage"
    assert "/topics/relationships/trust-issues/" in [
        child["path"] for child in category["children"]
    ]
    home = resolve(client, "/").json()
    assert home["type"] == "pages.HomePage"
    assert [child["path"] for child in home["children"]] == ["/topics/"]


def test_unknown_path_is_a_json_404(client, demo):
    response = resolve(client, "/topics/nowhere/")
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "status": 404,
            "code": "not_found",
            "message": "No live page at /topics/nowhere/.",
        }
    }


def test_a_topic_id_that_is_not_a_topic_is_a_404(client, demo):
    category = Page.objects.get(slug="relationships")
    assert client.get(f"/api/v1/topics/{category.pk}/").status_code == 404
