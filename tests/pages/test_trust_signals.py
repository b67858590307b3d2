"""Trust signals: what a reader, a search engine and a reviewer see of a page's trustworthiness.

The API detail and the reference page carry the same head, crisis resources,
references and schema.org graph; these tests read them as their consumers do
(extruct for a crawler, PyLD for a JSON-LD processor, the admin for a reviewer).
"""

import json
import re
from xml.etree import ElementTree

import extruct
import pytest
import textstat
from django.contrib.auth.models import User
from pyld import jsonld
from wagtail.models import Page

from api.preview import token_for_revision
from pages.models import TopicPage
from pages.reading_level import reader_text
from pages.trust import CrisisResources, PublisherSettings
from tests.factories import TopicPageFactory, committed, publish

pytestmark = pytest.mark.django_db

ARTICLE = "/topics/relationships/trust-issues/"
BASE = "http://localhost"


def resolve(client, path=ARTICLE):
    response = client.get("/api/v1/pages/resolve/", {"path": path})
    assert response.status_code == 200, response.content
    return response.json()


def test_the_seed_article_is_a_medical_web_page_with_its_reviewer_sources_and_breadcrumbs(
    client, demo
):
    detail = resolve(client)
    page = TopicPage.objects.select_related("last_reviewed_by").get(slug="trust-issues")
    url = f"{BASE}{ARTICLE}"
    webpage, breadcrumbs, organization = detail["structured_data"]["@graph"]
    assert detail["structured_data"]["@context"] == "https://schema.org"
    assert webpage == {
        "@type": "MedicalWebPage",
        "@id": f"{url}#webpage",
        "url": url,
        "name": page.title,
        "headline": page.title,
        "description": page.search_description,
        "inLanguage": "en",
        "publisher": {"@id": f"{BASE}/#organization"},
        "breadcrumb": {"@id": f"{url}#breadcrumb"},
        "datePublished": page.first_published_at.isoformat(),
        "dateModified": page.last_published_at.isoformat(),
        "audience": {
            "@type": "PeopleAudience",
            "audienceType": "Adults seeking mental-health support",
        },
        "lastReviewed": page.last_reviewed_at.date().isoformat(),
        "reviewedBy": {
            "@type": "Person",
            "name": "Dana Ortiz",
            "hasCredential": {"@type": "EducationalOccupationalCredential", "name": "LMFT"},
        },
        "about": [
            {"@type": "Thing", "name": name}
            for name in ["attachment", "couples", "nervous-system", "relationships", "trust"]
        ],
        "citation": [
            {"@type": "CreativeWork", "name": "relationship research"},
            {"@type": "CreativeWork", "name": "APA, 2023", "datePublished": "2023"},
        ],
        "isPartOf": {
            "@type": "CollectionPage",
            "name": "Relationships",
            "url": f"{BASE}/topics/relationships/",
        },
    }
    assert breadcrumbs == {
        "@type": "BreadcrumbList",
        "@id": f"{url}#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Topicdesk", "item": f"{BASE}/"},
            {"@type": "ListItem", "position": 2, "name": "Topics", "item": f"{BASE}/topics/"},
            {
                "@type": "ListItem",
                "position": 3,
                "name": "Relationships",
                "item": f"{BASE}/topics/relationships/",
            },
            {"@type": "ListItem", "position": 4, "name": page.title, "item": url},
        ],
    }
    assert organization == {
        "@type": "Organization",
        "@id": f"{BASE}/#organization",
        "name": "Topicdesk",
        "url": f"{BASE}/",
    }


def test_a_crawler_reads_the_same_graph_and_head_from_the_reference_page(client, demo):
    detail = resolve(client)
    html = client.get(ARTICLE).content.decode()
    found = extruct.extract(html, base_url=f"{BASE}{ARTICLE}", syntaxes=["json-ld", "opengraph"])
    assert found["json-ld"] == [detail["structured_data"]]
    (opengraph,) = found["opengraph"]
    og = dict(opengraph["properties"])
    assert og == {f"og:{key}": value for key, value in detail["seo"]["og"].items()}
    seo = detail["seo"]
    assert f'<link rel="canonical" href="{seo["canonical_url"]}">' in html
    assert '<meta name="robots" content="index, follow">' in html
    assert f'<meta name="twitter:title" content="{seo["twitter"]["title"]}">' in html


def test_the_graph_is_valid_json_ld_that_expands_to_schema_org_terms(client, demo):
    graph = resolve(client)["structured_data"]

    # The schema.org context, offline: every term is a schema.org IRI (as the
    # real context declares with "@vocab"), and "@id"-typed terms stay links.
    context = {"@context": {"@vocab": "https://schema.org/", "item": {"@type": "@id"}}}

    def loader(url, options=None):
        assert url.rstrip("/") in {"https://schema.org", "http://schema.org"}, url
        return {"contentType": "application/ld+json", "contextUrl": None,
                "documentUrl": url, "document": context}  # fmt: skip

    expanded = jsonld.expand(graph, {"documentLoader": loader})
    nodes = {node["@type"][0]: node for node in expanded}
    assert set(nodes) == {
        "https://schema.org/MedicalWebPage",
        "https://schema.org/BreadcrumbList",
        "https://schema.org/Organization",
    }
    webpage = nodes["https://schema.org/MedicalWebPage"]
    (reviewer,) = webpage["https://schema.org/reviewedBy"]
    assert reviewer["https://schema.org/name"] == [{"@value": "Dana Ortiz"}]
    assert webpage["https://schema.org/publisher"] == [{"@id": f"{BASE}/#organization"}]
    assert len(webpage["https://schema.org/citation"]) == 2


def test_a_preview_is_never_indexed(client, demo):
    page = TopicPage.objects.get(slug="trust-issues")
    draft = page.get_latest_revision_as_object()
    draft.title = "A draft title"
    revision = draft.save_revision()

    response = client.get("/api/v1/preview/", {"token": token_for_revision(revision)})
    assert response.status_code == 200, response.content
    assert response.json()["seo"]["robots"] == "noindex, nofollow"


def test_seo_falls_back_to_the_title_and_summary_and_a_public_base_url_moves_every_address(
    client, demo
):
    page = TopicPage.objects.get(slug="trust-issues")
    page.seo_title = ""
    page.search_description = ""
    publish(page)
    settings = PublisherSettings.objects.get()
    settings.public_base_url = "https://www.example.org"
    settings.organization_name = "Example Minds"
    with committed():  # the worker rebuilds every document of the site
        settings.save()

    detail = resolve(client)
    seo = detail["seo"]
    assert seo["title"] == page.title
    assert seo["description"] == page.summary
    assert seo["canonical_url"] == f"https://www.example.org{ARTICLE}"
    assert seo["og"]["url"] == seo["canonical_url"]
    assert seo["og"]["site_name"] == "Example Minds"
    webpage, breadcrumbs, organization = detail["structured_data"]["@graph"]
    assert webpage["@id"] == f"https://www.example.org{ARTICLE}#webpage"
    assert breadcrumbs["itemListElement"][0]["item"] == "https://www.example.org/"
    assert organization["name"] == "Example Minds"


def test_the_sitemap_lists_exactly_the_live_public_pages_at_their_public_addresses(client, demo):
    category = TopicPage.objects.get(slug="trust-issues").get_parent()
    unpublished = TopicPageFactory(parent=category, title="Never published", live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)  # noqa: S314 (our own response)
    locations = [
        node.text for node in tree.iterfind(".//{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    live = Page.objects.live().public().filter(depth__gt=1)
    assert sorted(locations) == sorted(page.get_full_url() for page in live)
    assert f"{BASE}{ARTICLE}" in locations
    assert not any(unpublished.slug in location for location in locations)

    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots


def test_every_demo_topic_page_shows_the_crisis_resources_with_working_links(client, demo):
    pages = list(TopicPage.objects.live())
    assert pages
    for page in pages:
        detail = resolve(client, page.url)
        crisis = detail["crisis_resources"]
        assert crisis["heading"] == "If you are in crisis"
        assert [(line["kind"], line["href"]) for line in crisis["lines"]] == [
            ("phone", "tel:988"),
            ("sms", "sms:988"),
            ("sms", "sms:741741"),
            ("phone", "tel:911"),
        ]
        html = client.get(page.url).content.decode()
        assert 'href="tel:988"' in html
        assert 'href="sms:741741"' in html


def test_hiding_the_crisis_resources_needs_a_reason(client, demo):
    from django.core.exceptions import ValidationError  # noqa: PLC0415

    page = TopicPage.objects.get(slug="trust-issues")
    page.hide_crisis_resources = True
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "crisis_resources_hidden_reason" in error.value.message_dict

    page.crisis_resources_hidden_reason = "A page about crisis lines already lists them."
    page.full_clean()
    publish(page)
    assert resolve(client)["crisis_resources"] is None
    assert 'href="tel:988"' not in client.get(ARTICLE).content.decode()


def test_a_page_can_show_its_own_crisis_resources(client, demo):
    youth = CrisisResources(
        name="Young people",
        heading="Talk to someone now",
        text="Free and confidential.",
        lines=[("line", {"label": "Teen Line", "kind": "url", "value": "https://teenline.org/"})],
    )
    youth.full_clean()
    youth.save()
    page = TopicPage.objects.get(slug="trust-issues")
    page.crisis_resources = youth
    publish(page)
    crisis = resolve(client)["crisis_resources"]
    assert crisis["heading"] == "Talk to someone now"
    assert crisis["lines"] == [
        {"label": "Teen Line", "kind": "url", "value": "https://teenline.org/",
         "href": "https://teenline.org/"},
    ]  # fmt: skip


def test_a_crisis_line_must_be_a_phone_number_or_a_safe_address(db):
    from django.core.exceptions import ValidationError  # noqa: PLC0415

    for kind, value, message in [
        ("phone", "call me", "lines[0] line.value: Enter a phone number"),
        ("url", "javascript:alert(1)", "lines[0] line.value:"),
    ]:
        resources = CrisisResources(
            name="Bad",
            heading="h",
            text="t",
            lines=[("line", {"label": "L", "kind": kind, "value": value})],
        )
        with pytest.raises(ValidationError) as error:
            resources.full_clean()
        (problem,) = error.value.message_dict["lines"]
        assert problem.startswith(message), problem


def test_references_name_the_seed_articles_sources_with_author_and_year(client, demo):
    detail = resolve(client)
    block_ids = {block["id"]: block["type"] for block in detail["body"]}
    references = detail["references"]
    assert [
        {key: value for key, value in reference.items() if key != "block_id"}
        for reference in references
    ] == [
        {"text": "relationship research", "author": None, "year": None, "url": None,
         "cited_for": "statistic"},
        {"text": "APA, 2023", "author": "APA", "year": 2023, "url": None,
         "cited_for": "exercise"},
    ]  # fmt: skip
    assert [block_ids[reference["block_id"]] for reference in references] == [
        "stat_callout",
        "exercise",
    ]


def test_an_imported_articles_linked_source_becomes_a_reference_with_its_url(
    client, category_of_demo
):
    from pages.importing import import_article  # noqa: PLC0415

    text = (
        "Sleep and Worry\n"
        "According to [CDC, 2022](https://www.cdc.gov/sleep/), 1 in 3 adults sleep too "
        "little. Sleep can get better.\n"
    )
    report = import_article(data=text.encode(), source="sleep.txt", category=category_of_demo)
    page = publish(TopicPage.objects.get(pk=report.page_id))
    (reference,) = resolve(client, page.url)["references"]
    assert reference == {
        "text": "CDC, 2022",
        "author": "CDC",
        "year": 2022,
        "url": "https://www.cdc.gov/sleep/",
        "cited_for": "statistic",
        "block_id": page.body[0].id,
    }


def test_the_reading_grade_is_flesch_kincaid_of_what_a_reader_reads(client, demo):
    page = TopicPage.objects.get(slug="trust-issues")
    text = reader_text(page)
    # What the reader reads, and nothing an editor typed only for machines.
    assert page.summary in text
    assert "Something to try" in text
    assert "<p>" not in text and "href" not in text
    assert not re.search(r"https?://", text)
    expected = round(textstat.flesch_kincaid_grade(text), 1)

    client.force_login(User.objects.get(username="reviewer"))
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert f'data-topicdesk-reading-grade="{expected}"' in html
    # "relationship research" names no year and no link: the reviewer is told.
    assert "data-topicdesk-unsourced" in html
    assert "relationship research" in html


def test_markup_stored_before_validation_cannot_reach_the_head_or_close_the_json_ld(client, demo):
    # As if written by an older release or straight into the database.
    hostile = "Calm</script><script>alert(1)</script> breathing"
    TopicPage.objects.filter(slug="trust-issues").update(search_description=hostile)
    html = client.get(ARTICLE).content.decode()
    assert "<script>alert(1)" not in html
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert json.loads(script)["@graph"][0]["description"] == "Calmalert(1) breathing"
    assert '<meta name="description" content="Calmalert(1) breathing">' in html
