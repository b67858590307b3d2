"""The publish journey's service: what a change to published content rebuilds at once,
and what it leaves to the worker.

Signal handlers (`api.signal_handlers`) call it. A page's own document (and its
descendants', when their addresses move) is rebuilt in the publish's transaction,
so that no read sees the old page after the publish returns; the webhooks are
recorded in the same transaction; once it commits, the page is purged from the edge
(`api.edge`), and the documents that show the page are rebuilt by
`api.tasks.rebuild_dependents`, which purges them and then sends the webhooks.
"""

from wagtail.models import Page

from api import tasks, webhooks
from api.documents import Rebuilt, bump_version, rebuild, subtree_ids
from api.models import PageDocument
from pages.richtext import frontend_path


def page_changed(
    page: Page, *, event: str | None = None, old_path: str | None = None, moved: bool | None = None
) -> Rebuilt:
    """Rebuild the page's own document now; what shows it after the commit.

    When the page's address moved (a move or a new slug), its descendants'
    documents move with it and are rebuilt now too. ``event`` names the webhook
    to send once the dependents are rebuilt.
    """
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
    tasks.purge_after_commit(result)
    tasks.rebuild_dependents_after_commit(
        ids, delivery_ids=delivery_ids, addresses=addresses or not page.live
    )
    if page.live:  # the worker makes any renditions its images lack, and rebuilds again
        tasks.render_images_after_commit([getattr(page.specific_deferred, "hero_image_id", None)])
    return result


def page_deleted(page: Page, *, event: str | None) -> None:
    """Before a page's rows go: drop its document and queue what showed it."""
    path = PageDocument.objects.filter(pk=page.pk).values_list("path", flat=True).first()
    result = Rebuilt()
    if path is not None:
        PageDocument.objects.filter(pk=page.pk).delete()
        bump_version()
        result = Rebuilt(
            documents=[{"id": page.pk, "path": None}], changed_paths={path}, changed_ids={page.pk}
        )
    old_path = path or frontend_path(page.url_path)
    delivery_ids = (
        webhooks.queue_event(event, page, old_path=old_path, rebuilt=result) if event else []
    )
    tasks.purge_after_commit(result)
    tasks.rebuild_dependents_after_commit([page.pk], delivery_ids=delivery_ids)
