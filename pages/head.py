"""What a page tells search engines and frontends about itself, built from its detail bundle.

- `seo`: title, description, canonical URL, Open Graph, Twitter card and robots.
- `structured_data`: a schema.org JSON-LD graph. A topic page is a
  ``MedicalWebPage`` naming its clinical reviewer, its sources and its topic;
  every page has a ``BreadcrumbList`` and the publisher's ``Organization``.
- `crisis_resources`: where to turn in an emergency, as the page shows it.
- `references`: the page's stat sources and exercise citations, as data.

The API detail carries all four and the reference template embeds the same
values, so a frontend and the reference site say the same thing. Plain
functions of the bundle: they run no queries.
"""

import re
from typing import Any

from pages.text import plain_text, safe_link_target

SCHEMA_CONTEXT = "https://schema.org"
AUDIENCE = {"@type": "PeopleAudience", "audienceType": "Adults seeking mental-health support"}

#: "APA, 2023" or "American Psychological Association (2023)".
_CITATION = re.compile(r"^\s*(?P<author>.+?)[\s,(]+(?P<year>(19|20)\d\d)\)?\s*$")


def description(bundle) -> str:
    """The meta description, falling back to the summary the editor wrote."""
    page = bundle.page
    return plain_text(page.search_description) or plain_text(getattr(page, "summary", ""))


def seo(bundle) -> dict[str, Any]:
    page = bundle.page
    title = plain_text(page.seo_title or page.title)
    text = description(bundle)
    is_topic = hasattr(page, "body")
    site_name = bundle.publisher.organization_name if bundle.publisher else "Topicdesk"
    hero = bundle.hero_image
    og_image = {"image": hero["crops"]["og"]["src"], "image_alt": hero["alt"]} if hero else {}
    return {
        "title": title,
        "description": text,
        "canonical_url": bundle.url,
        "robots": "noindex, nofollow" if bundle.preview else "index, follow",
        "og": {
            "title": title,
            "description": text,
            "type": "article" if is_topic else "website",
            "url": bundle.url,
            "site_name": site_name,
            **og_image,
        },
        "twitter": {
            "card": "summary_large_image" if hero else "summary",
            "title": title,
            "description": text,
        },
    }


def references(bundle) -> list[dict[str, Any]]:
    """Each stat source and exercise citation once, in page order.

    ``author`` and ``year`` are read from citations written "Author, 2023" or
    "Author (2023)"; a source without either keeps them null.
    """
    found: dict[tuple, dict[str, Any]] = {}
    for block in bundle.body:
        value = block["value"]
        if block["type"] == "stat_callout":
            source, url, cited_for = value["source"], value["source_url"], "statistic"
        elif block["type"] == "exercise" and value.get("citation"):
            source, url, cited_for = value["citation"], "", "exercise"
        else:
            continue
        match = _CITATION.match(source)
        reference = {
            "text": source,
            "author": match["author"].strip() if match else None,
            "year": int(match["year"]) if match else None,
            "url": url or None,
            "cited_for": cited_for,
            "block_id": block["id"],
        }
        found.setdefault((source.casefold(), url), reference)
    return list(found.values())


def unsourced_statistics(page) -> list[str]:
    """The page's stats whose source has no year and no link: a reviewer should check them."""
    return [
        f"{value.get('figure', '')} (“{value.get('source', '')}”)"
        for block in page.body.raw_data
        if block["type"] == "stat_callout"
        and not (value := block["value"]).get("source_url")
        and not _CITATION.match(value.get("source", ""))
    ]


def crisis_resources(bundle) -> dict[str, Any] | None:
    resources = bundle.crisis_resources
    if resources is None:
        return None
    return {
        "heading": plain_text(resources.heading),
        "text": plain_text(resources.text),
        "lines": [
            line["value"]
            for line in resources.lines.stream_block.get_api_representation(resources.lines)
        ],
    }


def structured_data(bundle) -> dict[str, Any]:
    """The page's JSON-LD graph (``@context`` schema.org, ``@graph`` of nodes)."""
    page = bundle.page
    organization = _organization(bundle)
    node: dict[str, Any] = {
        "@type": "MedicalWebPage" if hasattr(page, "body") else "WebPage",
        "@id": f"{bundle.url}#webpage",
        "url": bundle.url,
        "name": plain_text(page.title),
        "headline": plain_text(page.title),
        "description": description(bundle),
        "inLanguage": "en",
        "publisher": {"@id": organization["@id"]},
        "breadcrumb": {"@id": f"{bundle.url}#breadcrumb"},
    }
    if page.first_published_at:
        node["datePublished"] = page.first_published_at.isoformat()
    if page.last_published_at:
        node["dateModified"] = page.last_published_at.isoformat()
    if hasattr(page, "body"):
        node.update(_medical(bundle))
    return {
        "@context": SCHEMA_CONTEXT,
        "@graph": [node, _breadcrumb_list(bundle), organization],
    }


def _medical(bundle) -> dict[str, Any]:
    extra: dict[str, Any] = {"audience": AUDIENCE}
    if bundle.review:
        reviewer: dict[str, Any] = {"@type": "Person", "name": bundle.review.reviewed_by}
        if bundle.review.credentials:
            reviewer["hasCredential"] = {
                "@type": "EducationalOccupationalCredential",
                "name": bundle.review.credentials,
            }
        extra["lastReviewed"] = bundle.review.reviewed_at.date().isoformat()
        extra["reviewedBy"] = reviewer
    if bundle.tags:
        extra["about"] = [{"@type": "Thing", "name": tag.name} for tag in bundle.tags]
    citations = []
    for reference in references(bundle):
        work: dict[str, Any] = {"@type": "CreativeWork", "name": reference["text"]}
        if reference["url"]:
            work["url"] = reference["url"]
        if reference["year"]:
            work["datePublished"] = str(reference["year"])
        citations.append(work)
    if citations:
        extra["citation"] = citations
    if bundle.category:
        extra["isPartOf"] = {
            "@type": "CollectionPage",
            "name": bundle.category.title,
            "url": f"{bundle.base_url}{bundle.category.path}",
        }
    return extra


def _breadcrumb_list(bundle) -> dict[str, Any]:
    items = [
        {
            "@type": "ListItem",
            "position": position,
            "name": crumb.title,
            "item": f"{bundle.base_url}{crumb.path}",
        }
        for position, crumb in enumerate(bundle.breadcrumbs, start=1)
    ]
    return {"@type": "BreadcrumbList", "@id": f"{bundle.url}#breadcrumb", "itemListElement": items}


def _organization(bundle) -> dict[str, Any]:
    publisher = bundle.publisher
    organization: dict[str, Any] = {
        "@type": "Organization",
        "@id": f"{bundle.base_url}/#organization",
        "name": publisher.organization_name if publisher else "Topicdesk",
        "url": f"{bundle.base_url}/",
    }
    logo = safe_link_target(publisher.logo_url) if publisher else ""
    if logo:
        organization["logo"] = {"@type": "ImageObject", "url": logo}
    return organization
