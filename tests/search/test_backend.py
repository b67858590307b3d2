"""`search.backends`: Wagtail's database backend, with SQLite results ranked in one query."""

import pytest
from django.db import connection
from wagtail.search.backends import get_search_backend

from pages.models import TopicPage
from tests.factories import TopicPageFactory, publish

pytestmark = pytest.mark.django_db

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 backend")

QUERIES = ["therapy", "trust", "anxiety attachment", "feel when", "body memories", "nothing-x"]


@pytest.fixture
def more_topics(demo, category_of_demo):
    """Pages that match the queries to different degrees, so that ranking matters."""
    for number in range(12):
        page = TopicPageFactory(
            parent=category_of_demo,
            slug=f"extra-{number}",
            title=f"Therapy note {number}" + (" on trust" if number % 3 == 0 else ""),
            summary=" ".join(["anxiety"] * (number % 4 + 1) + ["when you feel"] * (number % 2)),
        )
        publish(page)


def stock_sqlite_backend():
    # modelsearch's SQLite modules can only be imported on SQLite.
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    return SQLiteSearchBackend({})


@on_sqlite
def test_sqlite_gets_the_ranked_backend():
    from search.backends.sqlite import RankedSQLiteSearchBackend

    assert type(get_search_backend()) is RankedSQLiteSearchBackend


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL")
def test_other_databases_get_wagtails_own_backend():
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    assert type(get_search_backend()) is PostgresSearchBackend


@on_sqlite
@pytest.mark.parametrize("operator", ["and", "or"])
@pytest.mark.parametrize("query", QUERIES)
def test_ranks_and_counts_exactly_as_wagtails_sqlite_backend(more_topics, query, operator):
    ranked, stock = get_search_backend(), stock_sqlite_backend()
    live = TopicPage.objects.live().only("pk")
    ours = ranked.search(query, live, operator=operator)
    theirs = stock.search(query, live, operator=operator)
    assert [page.pk for page in ours[:100]] == [page.pk for page in theirs[:100]]
    assert [page.pk for page in ours[2:5]] == [page.pk for page in theirs[2:5]]
    assert ours.count() == theirs.count()
    assert ours[1:3].count() == theirs[1:3].count()
    if query != "nothing-x":
        assert ours.count() > 1


@on_sqlite
def test_only_the_searched_queryset_is_returned(more_topics):
    draft = TopicPage.objects.get(slug="extra-0")
    draft.unpublish()
    results = get_search_backend().search("therapy", TopicPage.objects.live())
    pks = [page.pk for page in results[:100]]
    assert draft.pk not in pks
    assert len(pks) == results.count() == TopicPage.objects.live().count()


@on_sqlite
def test_suggestions_rank_as_wagtails_sqlite_backend(more_topics):
    live = TopicPage.objects.live().only("pk")
    for prefix in ["thera", "tru", "note 1"]:
        ours = get_search_backend().autocomplete(prefix, live, fields=["title"])
        theirs = stock_sqlite_backend().autocomplete(prefix, live, fields=["title"])
        assert [page.pk for page in ours[:16]] == [page.pk for page in theirs[:16]], prefix
        assert ours.count() == theirs.count()


@on_sqlite
def test_ties_break_as_wagtails_sqlite_backend_even_when_reindexed_out_of_order(category):
    twins = [
        publish(TopicPageFactory(parent=category, slug=f"twin-{n}", title="Identical twin"))
        for n in range(8)  # ids past 9, where text and numbers sort apart
    ]
    backend = get_search_backend()
    backend.delete(twins[0])  # re-added last, as a late or out-of-order index task would
    backend.add(twins[0])
    live = TopicPage.objects.live().only("pk")
    ours = [page.pk for page in backend.search("identical twin", live)[:10]]
    theirs = [page.pk for page in stock_sqlite_backend().search("identical twin", live)[:10]]
    assert ours == theirs
    assert len(ours) == 8
    assert max(ours) >= 10
