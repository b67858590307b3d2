"""The worker's half of a change: rebuild, or patch, every document that shows the pages."""

import json
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from wagtail.models import Page

from api.documents.build import BATCH, Rebuilt, etag_for, floor_of, in_turn, rebuild_in_batches
from api.documents.dependencies import dependents, ranks_ahead, shared_with, would_rank
from api.edge import document_keys, shown_ids
from api.models import DocumentDependency, PageDocument
from api.serializers import RelatedTopicSerializer
from pages.models import TopicPage
from pages.richtext import frontend_path, site_roots_read_once
from pages.selectors import RELATED_LIMIT


def rebuild_dependents(page_ids: list[int], *, addresses: bool = True) -> Rebuilt:
    """The worker's half of a change: rebuild every document that shows these pages.

    A topic republished in place has its cards patched instead (`_republished`).
    """
    if not addresses and len(page_ids) == 1:
        topic = (
            TopicPage.objects.live()
            .filter(pk=page_ids[0], pk__in=PageDocument.objects.values("pk"))
            .first()
        )
        if topic is not None:
            return _republished(topic)
    return rebuild_in_batches(dependents(page_ids, addresses=addresses))


# A topic republished at the same address shows on other documents only as a card:
# its title, path and summary in a related list or a listing's children. Those
# documents need no rebuild (whose cost is the related ranking, reading every tag
# row of the page's tags): the card is replaced in the stored JSON, and a related
# list is re-ordered by the same key the ranking SQL uses. The merge is exact when
# the topic still ranks ahead of the list's stored floor, because every topic
# outside the list ranks behind it; otherwise, and wherever the page is shown in
# another way (a link, a page chooser, a breadcrumb), the document is rebuilt.

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _rank(shared: int, published: datetime | None, pk: int) -> tuple:
    """The related SQL's order: most shared tags, then newest (nulls last), then lowest id."""
    newest = -(published - _EPOCH) if published else timedelta(0)
    return (-shared, published is None, newest, pk)


def _republished(topic: TopicPage) -> Rebuilt:
    rows = dict(
        DocumentDependency.objects.filter(page_id=topic.pk, path_only=False).values_list(
            "document_id", "cards_only"
        )
    )
    rebuild_whole = {pk for pk, cards_only in rows.items() if not cards_only}
    entering = would_rank(topic)
    ids = sorted((set(rows) | set(entering)) - rebuild_whole)
    with site_roots_read_once():
        path = frontend_path(topic.url_path)
    card = {"id": topic.pk, "title": topic.title, "slug": topic.slug, "path": path}
    result = Rebuilt()

    def patch(batch: list[int]) -> Rebuilt:
        shared = entering | shared_with(topic, set(batch) - set(entering))
        patched, unpatched = _patch_batch(topic, card, batch, shared)
        rebuild_whole.update(unpatched)
        return patched

    for start in range(0, len(ids), BATCH):
        result.add(in_turn(patch, ids[start : start + BATCH]))
    result.add(rebuild_in_batches(rebuild_whole))
    return result


def _patch_batch(
    topic: TopicPage, card: dict, ids: list[int], shared: dict[int, int]
) -> tuple[Rebuilt, set[int]]:
    """Patch these documents' cards of ``topic``; return what changed, and the ids
    that a patch cannot make exact (to be rebuilt)."""
    stored = list(
        PageDocument.objects.select_for_update()
        .filter(pk__in=ids)
        .values_list(
            "pk", "path", "content", "is_topic", "related_ids", "related_floor", "surrogate_keys"
        )
    )
    listed = {pk for row in stored for pk in row[4]} | {topic.pk}
    published = dict(Page.objects.filter(pk__in=listed).values_list("pk", "last_published_at"))
    rows = {
        (document_id, page_id): flags
        for document_id, page_id, *flags in DocumentDependency.objects.filter(
            document_id__in=ids, page_id__in=listed
        ).values_list("document_id", "page_id", "path_only", "cards_only", "linked")
    }
    result, unpatched, now = Rebuilt(), set(), timezone.now()
    changes: dict[tuple[str, ...], list[PageDocument]] = defaultdict(list)
    for pk, path, content, is_topic, related_ids, floor, keys in stored:
        data = json.loads(bytes(content))
        for child in data.get("children") or ():
            if child["id"] == topic.pk:
                child.update(title=card["title"], slug=card["slug"], path=card["path"])
        values = {}
        if is_topic:
            related = _merged(data["related"], topic, card, shared.get(pk, 0), floor, published)
            new_ids = [entry["id"] for entry in related] if related is not None else None
            left = set(related_ids) - set(new_ids or ())
            if related is None or any(not rows.get((pk, gone), [0, 0])[1] for gone in left):
                unpatched.add(pk)  # it needs the ranking, or shows a leaver another way
                continue
            data["related"] = related
            ranking = [
                (e["pinned"], e["shared_tags"], published.get(e["id"]), e["id"]) for e in related
            ]
            if new_ids != related_ids or floor_of(ranking) != floor:
                values = {"related_ids": new_ids, "related_floor": floor_of(ranking)}
            # As `_shows_on_card` and `_off_card` below change its dependency rows.
            unlinked = {leaver for leaver in left if not rows[pk, leaver][2]}
            new_keys = document_keys(pk, (shown_ids(keys) | {topic.pk}) - unlinked)
            if new_keys != keys:
                values["surrogate_keys"] = new_keys
            _shows_on_card(pk, topic.pk, row=rows.get((pk, topic.pk)))
            _off_card(pk, {gone: rows[pk, gone][2] for gone in left})
        new = JSONRenderer().render(data)
        result.documents.append({"id": pk, "path": path})
        if new != bytes(content):
            values |= {"content": new, "etag": etag_for(new), "built_at": now}
            result.changed_paths.add(path)
            result.changed_ids.add(pk)
        if values:
            changes[tuple(sorted(values))].append(PageDocument(page_id=pk, **values))
    for fields, documents in changes.items():  # one UPDATE per set of fields changed
        PageDocument.objects.bulk_update(documents, fields)
    return result, unpatched  # `in_turn` moves the version


def _shows_on_card(document_id: int, page_id: int, *, row: list[bool] | None) -> None:
    """Record that the document lists the page as a related topic; ``row`` is its
    dependency row's ``[path_only, cards_only, linked]``, if it had one."""
    if row is None:  # it entered the list
        DocumentDependency.objects.create(
            document_id=document_id, page_id=page_id, path_only=False, cards_only=True
        )
    elif row[0]:  # it entered the list of a document that links to it
        DocumentDependency.objects.filter(document_id=document_id, page_id=page_id).update(
            path_only=False, cards_only=True
        )


def _off_card(document_id: int, left: dict[int, bool]) -> None:
    """Pages that left the document's related list: ``{id: linked}``. A page it links
    to stays a dependency for its address."""
    rows = DocumentDependency.objects.filter(document_id=document_id)
    rows.filter(page_id__in=[pk for pk, linked in left.items() if linked]).update(
        path_only=True, cards_only=False
    )
    rows.filter(page_id__in=[pk for pk, linked in left.items() if not linked]).delete()


def _merged(
    related: list[dict],
    topic: TopicPage,
    card: dict,
    shared: int,
    floor: dict | None,
    published: dict[int, datetime | None],
) -> list[dict] | None:
    """The related list with ``topic``'s new card, or None if only the ranking knows it."""
    mine = next((entry for entry in related if entry["id"] == topic.pk), None)
    new_card = {"title": card["title"], "path": card["path"], "summary": topic.summary}
    if mine is not None and mine["pinned"]:
        mine.update(new_card)  # pinned: the editor's order, whatever it ranks
        return related
    if not shared or not ranks_ahead(shared, topic.last_published_at, topic.pk, floor):
        return None
    entry = RelatedTopicSerializer(
        {"id": topic.pk, **new_card, "pinned": False, "shared_tags": shared}
    ).data
    pinned = [item for item in related if item["pinned"]]
    ranked = [item for item in related if not item["pinned"] and item["id"] != topic.pk]
    ranked.append(dict(entry))
    ranked.sort(key=lambda item: _rank(item["shared_tags"], published.get(item["id"]), item["id"]))
    return pinned + ranked[: RELATED_LIMIT - len(pinned)]
