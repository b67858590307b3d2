"""Published documents: every live page's detail JSON, built when it changes, read in one query.

A `PageDocument` holds the exact bytes `resolve` and `topics/{id}` return, with
its own ETag, and the ids of the pages it shows (`DocumentDependency`). This
module is the only code that writes them.

- **A change to a page** (publish, unpublish, move, slug change, delete, view
  restriction) rebuilds its own document, and those of its descendants when
  their addresses move, at once, in the caller's transaction: `page_changed`.
- **What shows it** is rebuilt after the commit, by the task worker
  (`api.tasks.rebuild_dependents`): the documents that show the page (its
  related lists, links to it, the listing pages above it), and the topics whose
  related list would now include it. The second set is exact because each
  document stores the ranking key of its last tag-ranked related topic
  (``related_floor``): a page only enters a full list by ranking ahead of it.
  A topic republished in place is not rebuilt into them but patched: its card
  (title, path, summary) is replaced in their stored bytes, and a related list
  re-ordered, wherever that is exact (see "A republish in place" below).
- **Nothing else** builds: a draft save, a workflow step or an unrelated
  snippet edit leaves every document and `DeliveryVersion` alone.

A page whose document is missing (before the first build) is built by the read
that finds it missing (`document_for_bundle`).
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from wagtail.models import Page

from api.models import DeliveryVersion, DocumentDependency, PageDocument
from pages.models import TopicPage, TopicPageTag
from pages.richtext import frontend_path, site_roots_read_once
from pages.selectors import RELATED_LIMIT, PageBundle, page_detail


@dataclass
class Rebuilt:
    """What a rebuild did: the documents written and the paths whose bytes changed."""

    documents: list[dict] = field(default_factory=list)  # [{"id", "path"}]
    changed_paths: set[str] = field(default_factory=set)

    def add(self, other: "Rebuilt") -> None:
        self.documents += other.documents
        self.changed_paths |= other.changed_paths


# --- Building ----------------------------------------------------------------


def render(bundle: PageBundle) -> bytes:
    """The detail's bytes, exactly as the API's JSON renderer writes them."""
    from api.serializers import PageDetailSerializer

    return JSONRenderer().render(PageDetailSerializer(bundle).data)


def etag_for(content: bytes) -> str:
    return f'"{hashlib.blake2b(content, digest_size=16).hexdigest()}"'


def _floor(entries: list[tuple[bool, int, datetime | None, int]]) -> dict | None:
    """The ranking key a topic must beat to enter a full related list of
    ``(pinned, shared tags, published, id)``: its last entry's."""
    if len(entries) < RELATED_LIMIT:
        return None
    pinned, shared, published, pk = entries[-1]
    if pinned:
        return {"pinned_only": True}
    return {"shared": shared, "published": published.isoformat() if published else None, "id": pk}


def _write(
    bundle: PageBundle, content: bytes, *, bump: bool = True
) -> tuple[PageDocument, str | None, bool]:
    """Store the bundle's document; return it, the path it had before (None if new),
    and whether its bytes or path changed. ``bump=False`` leaves moving the version
    to the caller (`rebuild` moves it once, last)."""
    page = bundle.page
    values = {
        "path": bundle.path,
        "depth": page.depth,
        "is_topic": isinstance(page, TopicPage),
        "content": content,
        "etag": etag_for(content),
        "built_at": timezone.now(),
        "revision_id": page.live_revision_id,
        "related_ids": [topic.id for topic in bundle.related],
        "related_floor": _floor(
            [(item.pinned, item.shared_tags, item.published, item.id) for item in bundle.related]
        ),
    }
    old = PageDocument.objects.filter(pk=page.pk).values_list("path", "content").first()
    with transaction.atomic():
        created = old is None and _create(page.pk, values)
        if not created:
            PageDocument.objects.filter(pk=page.pk).update(**values)
            # Rows for pages it no longer shows, or now shows in another way.
            links_only, cards_only = bundle.links_only, bundle.cards_only
            DocumentDependency.objects.filter(document_id=page.pk).filter(
                ~Q(page_id__in=bundle.shows)
                | Q(page_id__in=links_only, path_only=False)
                | (Q(path_only=True) & ~Q(page_id__in=links_only))
                | Q(page_id__in=cards_only, cards_only=False)
                | (Q(cards_only=True) & ~Q(page_id__in=cards_only))
                | Q(page_id__in=bundle.linked, linked=False)
                | (Q(linked=True) & ~Q(page_id__in=bundle.linked))
            ).delete()
        DocumentDependency.objects.bulk_create(
            [
                DocumentDependency(
                    document_id=page.pk,
                    page_id=pk,
                    path_only=pk in bundle.links_only,
                    cards_only=pk in bundle.cards_only,
                    linked=pk in bundle.linked,
                )
                for pk in sorted(bundle.shows)
            ],
            ignore_conflicts=True,
        )
    document = PageDocument(page_id=page.pk, **values)
    old_path = old[0] if old else None
    changed = old is None or bytes(old[1]) != content or old_path != bundle.path
    if changed and bump:
        bump_version()
    return document, old_path, changed


def _create(pk: int, values: dict) -> bool:
    """Insert a new document; False if a concurrent read or rebuild inserted it first."""
    try:
        with transaction.atomic():
            PageDocument.objects.create(page_id=pk, **values)
    except IntegrityError:
        return False
    return True


def document_for_bundle(bundle: PageBundle) -> PageDocument:
    """Build and store the document of a page that had none (a read found it missing)."""
    document, _, _ = _write(bundle, render(bundle))
    return document


def rebuild(page_ids: Iterable[int], *, gone: Iterable[int] = ()) -> Rebuilt:
    """Rebuild these pages' documents; drop those of pages no longer live and public.

    ``gone`` are pages being unpublished or deleted whose rows may not say so yet
    (Wagtail unpublishes a page before deleting it, without saving).
    """
    result, gone = Rebuilt(), set(gone)
    with site_roots_read_once():
        for pk in sorted(set(page_ids)):
            bundle = None if pk in gone else page_detail(pk=pk)
            if bundle is None:
                path = PageDocument.objects.filter(pk=pk).values_list("path", flat=True).first()
                if path is not None:
                    PageDocument.objects.filter(pk=pk).delete()
                    result.changed_paths.add(path)
                    result.documents.append({"id": pk, "path": None})
                continue
            document, old_path, changed = _write(bundle, render(bundle), bump=False)
            result.documents.append({"id": pk, "path": document.path})
            if changed:
                result.changed_paths.add(document.path)
                if old_path and old_path != document.path:
                    result.changed_paths.add(old_path)
    if result.changed_paths:
        # Once, last: the version's one row stays locked from here until the commit, and
        # a publish (which moves it too) waits for that lock.
        bump_version()
    return result


def bump_version() -> None:
    """Move the version that listings, navigation and search are cached under."""
    if not DeliveryVersion.objects.filter(pk=1).update(value=F("value") + 1):
        try:
            with transaction.atomic():
                DeliveryVersion.objects.create(pk=1, value=1)
        except IntegrityError:
            DeliveryVersion.objects.filter(pk=1).update(value=F("value") + 1)


def delivery_version() -> int:
    """One indexed read; 0 before anything was ever published."""
    return DeliveryVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0


# --- What a change rebuilds --------------------------------------------------


def subtree_ids(page: Page) -> list[int]:
    """The page and its descendants, whose addresses move with it."""
    return list(Page.objects.filter(path__startswith=page.path).values_list("pk", flat=True))


def page_changed(
    page: Page, *, event: str | None = None, old_path: str | None = None, moved: bool | None = None
) -> Rebuilt:
    """Rebuild the page's own document now; what shows it after the commit.

    When the page's address moved (a move or a new slug), its descendants'
    documents move with it and are rebuilt now too. ``event`` names the webhook
    to send once the dependents are rebuilt.
    """
    from api import webhooks

    if moved is None:
        stored = PageDocument.objects.filter(pk=page.pk).values_list("path", flat=True).first()
        moved = stored is not None and stored != frontend_path(page.url_path)
        # A first publish makes links to the page live; a republish in place does not.
        addresses = moved or stored is None
    else:
        addresses = True  # a move, a new slug, a view restriction or an unpublish
    ids = subtree_ids(page) if moved else [page.pk]
    result = rebuild(ids, gone=() if page.live else [page.pk])
    delivery_ids = (
        webhooks.queue_event(event, page, old_path=old_path, rebuilt=result) if event else []
    )
    schedule_dependents(ids, delivery_ids=delivery_ids, addresses=addresses or not page.live)
    return result


def schedule_dependents(
    page_ids: Iterable[int], *, delivery_ids: list[str] = (), addresses: bool = True
) -> None:
    """After the commit, rebuild what shows these pages (see `api.tasks`).

    ``addresses``: whether the pages' addresses or liveness changed, so that the
    documents that only link to them must be rebuilt too.
    """
    from api.tasks import rebuild_dependents

    ids, deliveries = list(page_ids), list(delivery_ids)
    transaction.on_commit(lambda: rebuild_dependents.enqueue(ids, deliveries, addresses=addresses))


def page_deleted(page: Page, *, event: str | None) -> None:
    """Before a page's rows go: drop its document and queue what showed it."""
    from api import webhooks

    path = PageDocument.objects.filter(pk=page.pk).values_list("path", flat=True).first()
    result = Rebuilt()
    if path is not None:
        PageDocument.objects.filter(pk=page.pk).delete()
        bump_version()
        result = Rebuilt(documents=[{"id": page.pk, "path": None}], changed_paths={path})
    old_path = path or frontend_path(page.url_path)
    delivery_ids = (
        webhooks.queue_event(event, page, old_path=old_path, rebuilt=result) if event else []
    )
    schedule_dependents([page.pk], delivery_ids=delivery_ids)


def rebuild_later(page_ids: Iterable[int]) -> None:
    """Rebuild these pages' own documents after the commit, in the worker."""
    from api.tasks import rebuild_documents

    ids = sorted(set(page_ids))
    if ids:
        transaction.on_commit(lambda: rebuild_documents.enqueue(ids))


def pages_reviewed_by(user_id: int) -> list[int]:
    return list(TopicPage.objects.filter(last_reviewed_by_id=user_id).values_list("pk", flat=True))


def pages_showing_crisis_resources(resources_id: int) -> list[int]:
    """Topics with documents that chose these resources, or show a site's default."""
    from pages.trust import PublisherSettings

    shows = Q(crisis_resources_id=resources_id)
    is_default = PublisherSettings.objects.filter(default_crisis_resources_id=resources_id)
    if is_default.exists() or not PublisherSettings.objects.exists():
        shows |= Q(crisis_resources_id__isnull=True)
    topics = TopicPage.objects.filter(shows, pk__in=PageDocument.objects.values("pk"))
    return list(topics.values_list("pk", flat=True))


def pages_of_site(site_id: int) -> list[int]:
    from wagtail.models import Site

    site = Site.objects.filter(pk=site_id).select_related("root_page").first()
    if site is None:
        return list(PageDocument.objects.values_list("pk", flat=True))
    return list(
        PageDocument.objects.filter(page__path__startswith=site.root_page.path).values_list(
            "pk", flat=True
        )
    )


def pages_tagged(tag_id: int) -> list[int]:
    return list(
        TopicPageTag.objects.filter(tag_id=tag_id).values_list("content_object_id", flat=True)
    )


def dependents(page_ids: Iterable[int], *, addresses: bool = True) -> set[int]:
    """The pages whose documents show any of ``page_ids``, or would once rebuilt.

    - documents that show them now (dependency rows: related lists, links,
      breadcrumbs and children lists; links only when ``addresses`` changed);
    - the live pages above them (a category and the topic index list their children);
    - topics whose related list they would now enter (shared tags, ranked
      ahead of the list's stored floor).
    """
    ids = set(page_ids)
    rows = DocumentDependency.objects.filter(page_id__in=ids)
    if not addresses:
        rows = rows.filter(path_only=False)
    found = set(rows.values_list("document_id", flat=True))
    paths = Page.objects.filter(pk__in=ids).values_list("path", flat=True)
    ancestor_paths = {
        path[:end] for path in paths for end in range(Page.steplen * 3, len(path), Page.steplen)
    }
    found |= set(Page.objects.filter(path__in=ancestor_paths).values_list("pk", flat=True))
    for topic in TopicPage.objects.live().filter(pk__in=ids):
        found.update(_would_rank(topic))
    return found - ids


def _shared_with(topic: TopicPage, ids: Iterable[int]) -> dict[int, int]:
    """How many of ``topic``'s tags each of these topics has (those with one or more)."""
    tags = TopicPageTag.objects.filter(content_object_id=topic.pk).values("tag_id")
    return dict(
        TopicPageTag.objects.filter(tag_id__in=tags, content_object_id__in=ids)
        .exclude(content_object_id=topic.pk)
        .values("content_object_id")
        .annotate(shared=Count("id"))
        .values_list("content_object_id", "shared")
    )


# The stored topics whose related list ``topic`` may rank into: those sharing a tag
# with it whose list is not full, or whose floor shares no more tags with its own
# page than they share with ``topic`` (the exact key is compared in Python). The
# floor is compared here, so that a topic whose tags tens of thousands of pages share
# reads only the few candidates, not a row per page. Table names are fixed by
# migrations; a list floor of pinned pages only has no ``shared`` and is a candidate.
_CANDIDATES_SQL = """
SELECT doc.page_id, tagged.shared
FROM (
    SELECT content_object_id AS id, COUNT(*) AS shared
    FROM pages_topicpagetag
    WHERE tag_id IN (SELECT tag_id FROM pages_topicpagetag WHERE content_object_id = %(page)s)
      AND content_object_id <> %(page)s
    GROUP BY content_object_id
) AS tagged
JOIN api_pagedocument AS doc ON doc.page_id = tagged.id
WHERE {floor_shared} IS NULL OR {floor_shared} <= tagged.shared
"""
_FLOOR_SHARED = {
    "sqlite": "json_extract(doc.related_floor, '$.shared')",
    "postgresql": "(doc.related_floor ->> 'shared')::integer",
}


def _would_rank(topic: TopicPage) -> dict[int, int]:
    """Topics whose full related list ``topic`` ranks into by shared tags, with how
    many tags each shares with it."""
    floor_shared = _FLOOR_SHARED.get(connection.vendor, "NULL")  # elsewhere: all, in Python
    with connection.cursor() as cursor:
        cursor.execute(_CANDIDATES_SQL.format(floor_shared=floor_shared), {"page": topic.pk})
        shared = dict(cursor.fetchall())
    documents = PageDocument.objects.filter(pk__in=shared).values_list(
        "pk", "related_ids", "related_floor"
    )
    entering = {}
    for pk, related_ids, floor in documents:
        if topic.pk in related_ids:
            continue  # shown already: a dependency row covers it
        if _ranks_ahead(shared[pk], topic.last_published_at, topic.pk, floor):
            entering[pk] = shared[pk]
    return entering


def _ranks_ahead(shared: int, published: datetime | None, pk: int, floor: dict | None) -> bool:
    """Ordered as the related SQL orders: shared tags, then newest, then lowest id."""
    if floor is None:
        return True
    if floor.get("pinned_only"):
        return False
    if shared != floor["shared"]:
        return shared > floor["shared"]
    floor_published = floor["published"]
    mine = published.isoformat() if published else None
    if mine != floor_published:
        if mine is None or floor_published is None:
            return floor_published is None  # nulls rank last
        return _instant(mine) > _instant(floor_published)
    return pk < floor["id"]


def _instant(text: str) -> datetime:
    """An ISO timestamp as an aware datetime (naive ones are UTC, as the database stores)."""
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


#: Documents rebuilt per transaction outside a publish: each batch commits whole and
#: holds the write lock (all of SQLite's, or these rows' on PostgreSQL) only briefly.
BATCH = 50


def rebuild_in_batches(page_ids: Iterable[int], *, batch: int = BATCH, progress=None) -> Rebuilt:
    """`rebuild`, one transaction per ``batch`` pages; ``progress(done, total)`` after each.

    Each document is correct on its own, so a failure keeps the batches before it
    and leaves its own batch as it was; running it again finishes the work.
    """
    ids, result = sorted(set(page_ids)), Rebuilt()
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            result.add(rebuild(ids[start : start + batch]))
        if progress:
            progress(min(start + batch, len(ids)), len(ids))
    return result


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


# --- A republish in place: cards patched into the stored bytes ---------------
#
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
    entering = _would_rank(topic)
    ids = sorted((set(rows) | set(entering)) - rebuild_whole)
    with site_roots_read_once():
        path = frontend_path(topic.url_path)
    card = {"id": topic.pk, "title": topic.title, "slug": topic.slug, "path": path}
    result = Rebuilt()
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            batch = ids[start : start + BATCH]
            shared = entering | _shared_with(topic, set(batch) - set(entering))
            patched, unpatched = _patch_batch(topic, card, batch, shared)
        result.add(patched)
        rebuild_whole |= unpatched
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
        .values_list("pk", "path", "content", "is_topic", "related_ids", "related_floor")
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
    for pk, path, content, is_topic, related_ids, floor in stored:
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
            keys = [
                (e["pinned"], e["shared_tags"], published.get(e["id"]), e["id"]) for e in related
            ]
            if new_ids != related_ids or _floor(keys) != floor:
                values = {"related_ids": new_ids, "related_floor": _floor(keys)}
            _shows_on_card(pk, topic.pk, row=rows.get((pk, topic.pk)))
            _off_card(pk, {gone: rows[pk, gone][2] for gone in left})
        new = JSONRenderer().render(data)
        result.documents.append({"id": pk, "path": path})
        if new != bytes(content):
            values |= {"content": new, "etag": etag_for(new), "built_at": now}
            result.changed_paths.add(path)
        if values:
            PageDocument.objects.filter(pk=pk).update(**values)
    if result.changed_paths:
        bump_version()
    return result, unpatched


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
    from api.serializers import RelatedTopicSerializer

    mine = next((entry for entry in related if entry["id"] == topic.pk), None)
    new_card = {"title": card["title"], "path": card["path"], "summary": topic.summary}
    if mine is not None and mine["pinned"]:
        mine.update(new_card)  # pinned: the editor's order, whatever it ranks
        return related
    if not shared or not _ranks_ahead(shared, topic.last_published_at, topic.pk, floor):
        return None
    entry = RelatedTopicSerializer(
        {"id": topic.pk, **new_card, "pinned": False, "shared_tags": shared}
    ).data
    pinned = [item for item in related if item["pinned"]]
    ranked = [item for item in related if not item["pinned"] and item["id"] != topic.pk]
    ranked.append(dict(entry))
    ranked.sort(key=lambda item: _rank(item["shared_tags"], published.get(item["id"]), item["id"]))
    return pinned + ranked[: RELATED_LIMIT - len(pinned)]


def all_page_ids() -> list[int]:
    """Every page that has, or should have, a document: live pages and stored documents."""
    live = Page.objects.live().filter(depth__gt=1).values_list("pk", flat=True)
    return sorted(set(live) | set(PageDocument.objects.values_list("pk", flat=True)))


def stale_path(pk: int) -> str | None:
    """The page's path if its stored document differs from a fresh build (or should not be)."""
    stored = PageDocument.objects.filter(pk=pk).values_list("path", "content").first()
    with site_roots_read_once():
        bundle = page_detail(pk=pk)
        fresh = (bundle.path, render(bundle)) if bundle else None
    old = (stored[0], bytes(stored[1])) if stored else None
    if fresh == old:
        return None
    return (fresh or old)[0]
