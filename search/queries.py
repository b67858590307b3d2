"""Full-text search over live topic pages, through Wagtail's configured search backend.

The backend ranks; this module applies the visibility and facet rules the
delivery API has everywhere else, and builds each result's snippet.
"""

from dataclasses import dataclass

from django.db.models import Count
from wagtail.search.backends import get_search_backend

from pages.models import TopicPage, TopicPageTag
from pages.richtext import frontend_path
from pages.selectors import PageRef, categories_by_path, restricted_paths, topic_scope
from search.snippets import block_text, query_terms, query_words, snippet, terms_pattern

#: Ranked matches considered for counts and facets. Beyond this a reader refines the query.
MAX_MATCHES = 1000
SUGGESTIONS = 8


@dataclass(frozen=True)
class Facet:
    name: str
    slug: str
    count: int


@dataclass(frozen=True)
class Hit:
    id: int
    title: str
    path: str
    summary: str
    snippet: str
    category: PageRef | None


@dataclass(frozen=True)
class SearchResults:
    count: int
    hits: list[Hit]
    facets: list[Facet]


def search_topics(
    *, query: str, tags: list[str], category: str | None, limit: int, offset: int
) -> tuple[SearchResults | None, list[str]]:
    """Ranked live topics matching ``query``; also the unknown tags or category, if any."""
    scope = topic_scope(tags=tags, category=category)
    if scope.unknown:
        return None, scope.unknown
    ranked = _ranked_ids(query)
    titles = dict(scope.pages.filter(pk__in=ranked).values_list("pk", "title"))
    terms = query_terms(query)
    matched = _titles_first([pk for pk in ranked if pk in titles], titles, terms)
    window = matched[offset : offset + limit]
    pages = {
        page.pk: page
        for page in TopicPage.objects.filter(pk__in=window).only(
            "pk", "title", "url_path", "path", "summary", "body"
        )
    }
    categories = categories_by_path(list(pages.values()))
    hits = [
        Hit(
            id=page.pk,
            title=page.title,
            path=frontend_path(page.url_path) or "/",
            summary=page.summary,
            snippet=_snippet_for(page, terms),
            category=categories.get(page.path[: -TopicPage.steplen]),
        )
        for pk in window
        if (page := pages.get(pk)) is not None
    ]
    return SearchResults(count=len(matched), hits=hits, facets=_facets(matched)), []


def suggest_titles(*, prefix: str) -> list[PageRef]:
    """Titles of live topics that start matching what the reader has typed so far."""
    # Only the words reach the backend, as in search: an unbalanced " is a syntax
    # error in SQLite's FTS5, and other characters are syntax there too.
    words = " ".join(query_words(prefix))
    if not words:
        return []
    restricted = restricted_paths()
    backend = get_search_backend()
    candidates = TopicPage.objects.live().only("pk", "title", "slug", "url_path", "path")
    results = backend.autocomplete(words, candidates, fields=["title"])
    suggestions = []
    for page in results[: SUGGESTIONS * 2]:
        path = frontend_path(page.url_path)
        if path is None or any(page.path.startswith(prefix) for prefix in restricted):
            continue
        suggestions.append(PageRef(id=page.pk, title=page.title, slug=page.slug, path=path))
        if len(suggestions) == SUGGESTIONS:
            break
    return suggestions


def _ranked_ids(query: str) -> list[int]:
    """Ids of live topics, best match first: every word must match, failing that any word.

    Only the query's words reach the backend, lower-cased: quotes, brackets, ``*``,
    ``-``, ``=`` and upper-case ``OR``/``NEAR``/``AND`` are full text syntax on
    SQLite's FTS5 and would otherwise be parsed (or fail to parse) as such.
    """
    words = " ".join(query_words(query))
    if not words:
        return []
    backend = get_search_backend()
    candidates = TopicPage.objects.live().only("pk")
    for operator in ("and", "or"):
        results = backend.search(words, candidates, operator=operator)
        ids = [page.pk for page in results[:MAX_MATCHES]]
        if ids:
            return ids
    return []


def _titles_first(ranked: list[int], titles: dict[int, str], terms: list[str]) -> list[int]:
    """Keep the backend's order, but pages whose title has a searched word come first.

    The database backend weighs title and body alike on SQLite; readers expect a
    page named for what they typed above one that mentions it.
    """
    if not terms:
        return ranked
    pattern = terms_pattern(terms)
    in_title = [pk for pk in ranked if pattern.search(titles[pk])]
    first = set(in_title)
    return in_title + [pk for pk in ranked if pk not in first]


def _snippet_for(page: TopicPage, terms: list[str]) -> str:
    """A snippet from the block text with the most searched words, else from the summary."""
    if terms:
        pattern = terms_pattern(terms)
        scored = [
            (len({match.lower() for match in pattern.findall(text)}), text)
            for text in block_text(list(page.body.raw_data))
        ]
        best_score, best_text = max(scored, key=lambda pair: pair[0], default=(0, ""))
        if best_score:
            return snippet(best_text, terms)
    return snippet(page.summary, terms)


def _facets(matched: list[int]) -> list[Facet]:
    rows = (
        TopicPageTag.objects.filter(content_object_id__in=matched)
        .values("tag__name", "tag__slug")
        .annotate(count=Count("content_object", distinct=True))
        .order_by("-count", "tag__name")
    )
    return [Facet(row["tag__name"], row["tag__slug"], row["count"]) for row in rows]
