"""Reads of live content, for the delivery API, the document builder and the reference templates.

Every function here decides its prefetching once, so that the number of SQL
queries does not depend on how many blocks, tags, links or related pages a
page has. Only live pages outside view restrictions are ever returned.

- `visibility`: live and public pages (outside view restrictions), and page refs;
- `related`: a topic's related pages (pins, then shared tags), in one query;
- `detail`: one page's detail bundle (what its published document holds);
- `listings`: listing scopes, topic cards and tag counts;
- `site`: navigation, routes and redirects.

May import `pages.models`, `pages.review.services`, `pages.richtext` and
`pages.trust`; never `api` or `search`. The names below are the public ones.
"""

from pages.selectors.detail import (
    TOPIC_DETAIL_RELATED,
    PageBundle,
    page_detail,
    page_detail_at_path,
    preview_detail,
    topic_detail,
)
from pages.selectors.listings import (
    TagCount,
    TopicScope,
    TopicSummary,
    categories_by_path,
    live_tag_counts,
    summarise,
    topic_scope,
    topic_summaries,
)
from pages.selectors.related import RELATED_LIMIT, RelatedTopic, related_topics
from pages.selectors.site import (
    NavigationCategory,
    RedirectRule,
    Route,
    navigation,
    redirects,
    routes,
)
from pages.selectors.visibility import PageRef, live_public, public_q, restricted_paths

__all__ = [
    "RELATED_LIMIT",
    "TOPIC_DETAIL_RELATED",
    "NavigationCategory",
    "PageBundle",
    "PageRef",
    "RedirectRule",
    "RelatedTopic",
    "Route",
    "TagCount",
    "TopicScope",
    "TopicSummary",
    "categories_by_path",
    "live_public",
    "live_tag_counts",
    "navigation",
    "page_detail",
    "page_detail_at_path",
    "preview_detail",
    "public_q",
    "redirects",
    "related_topics",
    "restricted_paths",
    "routes",
    "summarise",
    "topic_detail",
    "topic_scope",
    "topic_summaries",
]
