"""Wagtail's SQLite (FTS5) search backend, ranked in one query.

Wagtail's SQLite backend orders the matching objects by a score subquery that
repeats the FTS5 match once for every matching object, so a search costs the
square of its matches: 13 s for a common word over 10,000 pages. Here the FTS5
table is matched once, each row scored by the same rank expression (BM25, with
titles weighted as Wagtail weighs them), filtered to the searched queryset, and
sorted with the limit the caller sliced; the objects in that window are then
fetched by primary key. Counting counts the same filtered matches.

Anything this does not cover (an unsliced search, a score field, ordering by a
field instead of relevance, negated or match-all queries, facets) is left to
Wagtail's implementation unchanged.

Import this module only on SQLite: modelsearch's SQLite models exist only there.
"""

from django.db.models import F, IntegerField, QuerySet, TextField
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


def ranked_entries(compiler, config) -> QuerySet | None:
    """FTS rows matching the compiler's query within its queryset, best first.

    ``None`` when the query is not a plain relevance-ranked match.
    """
    query = normalize(compiler.query)
    if not compiler.order_by_relevance or isinstance(query, (MatchAll, Not)):
        return None
    searched = compiler.queryset.annotate(object_id=Cast("pk", TextField())).values("object_id")
    match = MatchExpression(
        compiler.fields or compiler.FTS_TABLE_FIELDS,
        compiler.build_search_query(query, config=config),
    )
    # The same rank expression Wagtail orders by; bm25() is negative, lower is better.
    rank = compiler._build_rank_expression(compiler.get_search_vectors(), config)
    return (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(
            index_entry__content_type__in=get_descendants_content_types_pks(
                compiler.queryset.model
            ),
            index_entry__object_id__in=searched,
        )
        .annotate(score=rank)
        # Ties as Wagtail breaks them: the higher primary key first.
        .order_by("score", _object_id_order(compiler.queryset.model).desc())
    )


def _object_id_order(model):
    """The index entry's object id (text) as the model's primary key sorts."""
    pk = model._meta.pk
    while pk.is_relation:  # a page type's pk is its link to wagtailcore.Page
        pk = pk.target_field
    if isinstance(pk, IntegerField):  # AutoField and BigAutoField too
        return Cast("index_entry__object_id", IntegerField())
    return F("index_entry__object_id")


class RankedSQLiteSearchResults(SQLiteSearchResults):
    def _ranked(self) -> QuerySet | None:
        if self._score_field is not None:
            return None
        return ranked_entries(self.query_compiler, self.query_compiler.get_config(self.backend))

    def _do_search(self):
        ranked = self._ranked()
        if ranked is None or self.stop is None:
            return super()._do_search()
        window = ranked.values_list("index_entry__object_id", flat=True)[self.start : self.stop]
        ids = [self.query_compiler.queryset.model._meta.pk.to_python(pk) for pk in window]
        objects = self.query_compiler.queryset.in_bulk(ids)
        return [objects[pk] for pk in ids if pk in objects]

    def _do_count(self):
        ranked = self._ranked()
        if ranked is None:
            return super()._do_count()
        count = ranked.count()
        if self.stop is not None:
            count = min(count, self.stop)
        return max(count - self.start, 0)


class RankedSQLiteSearchBackend(SQLiteSearchBackend):
    results_class = RankedSQLiteSearchResults
