"""Writing documents: build a page's detail JSON, store it with its ETag and the
ids of the pages it shows, and move the delivery version when anything changed."""

import hashlib
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from wagtail.models import Page

from api.edge import document_keys
from api.models import DeliveryVersion, DocumentDependency, PageDocument
from api.serializers import PageDetailSerializer
from pages.models import TopicPage
from pages.richtext import site_roots_read_once
from pages.selectors import RELATED_LIMIT, PageBundle, page_detail


@dataclass
class Rebuilt:
    """What a rebuild did: the documents written, and the ids and paths of those whose
    bytes or address changed (or that went)."""

    documents: list[dict] = field(default_factory=list)  # [{"id", "path"}]
    changed_paths: set[str] = field(default_factory=set)
    changed_ids: set[int] = field(default_factory=set)

    def add(self, other: "Rebuilt") -> None:
        self.documents += other.documents
        self.changed_paths |= other.changed_paths
        self.changed_ids |= other.changed_ids


def render(bundle: PageBundle) -> bytes:
    """The detail's bytes, exactly as the API's JSON renderer writes them."""
    return JSONRenderer().render(PageDetailSerializer(bundle).data)


def etag_for(content: bytes) -> str:
    return f'"{hashlib.blake2b(content, digest_size=16).hexdigest()}"'


def floor_of(entries: list[tuple[bool, int, datetime | None, int]]) -> dict | None:
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
        "related_floor": floor_of(
            [(item.pinned, item.shared_tags, item.published, item.id) for item in bundle.related]
        ),
        "surrogate_keys": document_keys(page.pk, bundle.shows),
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


def rebuild(page_ids: Iterable[int], *, gone: Iterable[int] = (), bump: bool = True) -> Rebuilt:
    """Rebuild these pages' documents; drop those of pages no longer live and public.

    ``gone`` are pages being unpublished or deleted whose rows may not say so yet
    (Wagtail unpublishes a page before deleting it, without saving). It first holds
    the documents (`lock_documents`). ``bump=False`` leaves moving the version to
    the caller.
    """
    result, gone, page_ids = Rebuilt(), set(gone), set(page_ids)
    lock_documents(page_ids | gone)
    with site_roots_read_once():
        for pk in sorted(page_ids):
            bundle = None if pk in gone else page_detail(pk=pk)
            if bundle is None:
                path = PageDocument.objects.filter(pk=pk).values_list("path", flat=True).first()
                if path is not None:
                    PageDocument.objects.filter(pk=pk).delete()
                    result.changed_paths.add(path)
                    result.changed_ids.add(pk)
                    result.documents.append({"id": pk, "path": None})
                continue
            document, old_path, changed = _write(bundle, render(bundle), bump=False)
            result.documents.append({"id": pk, "path": document.path})
            if changed:
                result.changed_ids.add(pk)
                result.changed_paths.add(document.path)
                if old_path and old_path != document.path:
                    result.changed_paths.add(old_path)
    if result.changed_paths and bump:
        # Once, last: the version's one row stays locked from here until the commit, and
        # a publish (which moves it too) waits for that lock.
        bump_version()
    return result


class Busy(Exception):
    """Another transaction is building one of these documents."""


#: The first key of the documents' advisory locks on PostgreSQL (the second is the id).
LOCK_NAMESPACE = 7_303_007
_IDS = "FROM (SELECT unnest(%s::bigint[]) AS id ORDER BY 1) AS ids"
_LOCK = "SELECT pg_advisory_xact_lock(%s, mod(id, 2147483647)::int) " + _IDS
_TRY_LOCK = "SELECT bool_and(pg_try_advisory_xact_lock(%s, mod(id, 2147483647)::int)) " + _IDS


def lock_documents(page_ids: Iterable[int], *, wait: bool = True) -> None:
    """Hold these documents until the caller's transaction ends, so that two workers
    (or a worker and a publish) never build the same document at once: the second
    waits, then reads what the first committed.

    On PostgreSQL, transaction-level advisory locks, taken in id order in one
    statement (a session may take one it holds again). ``wait=False`` raises `Busy`
    instead of waiting: the worker's batches take them so (`in_turn`), and so never
    wait while holding some, and never deadlock with a publish. SQLite's writers
    already run one at a time (each takes the write lock at BEGIN).
    """
    ids = sorted(set(page_ids))
    if not ids or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(_LOCK if wait else _TRY_LOCK, [LOCK_NAMESPACE, ids])
        if not wait and not cursor.fetchone()[0]:
            raise Busy(f"{len(ids)} documents are being built elsewhere")


def in_turn(build: Callable[[list[int]], "Rebuilt"], ids: list[int]) -> "Rebuilt":
    """``build(ids)`` in a transaction of its own, once it holds the documents without
    waiting (trying again a moment later while a publish or another worker holds one);
    the version moves after it commits, in a transaction of its own, so that a worker
    never holds a document while it waits for the version's row."""
    for attempt in range(1, 41):
        try:
            with transaction.atomic():
                lock_documents(ids, wait=False)
                result = build(ids)
            break
        except Busy:
            time.sleep(random.uniform(0.01, 0.05) * attempt)  # noqa: S311 (jitter)
    else:  # held for long (a huge publish): wait for it, as a publish would
        with transaction.atomic():
            lock_documents(ids)
            result = build(ids)
    if result.changed_paths:
        with transaction.atomic():
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
        result.add(in_turn(lambda chunk: rebuild(chunk, bump=False), ids[start : start + batch]))
        if progress:
            progress(min(start + batch, len(ids)), len(ids))
    return result


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
