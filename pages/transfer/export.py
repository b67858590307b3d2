"""Export: every site and page, in tree order, as one JSON document."""

from typing import Any

from wagtail.models import Page, Site

from pages.models import ReviewerProfile, TopicPage
from pages.transfer.schema import (
    DRAFT_FIELDS,
    FORMAT,
    PAGE_FIELDS,
    TYPE_FIELDS,
    VERSION,
    TransferError,
    ids_to_paths,
)


def export_content() -> dict:
    """Every page below the tree root, in tree order, with ids turned into paths."""
    id_to_path = dict(Page.objects.values_list("pk", "url_path"))
    pages = [
        _export_page(page, id_to_path)
        for page in Page.objects.filter(depth__gt=1).order_by("path").specific()
    ]
    sites = [
        {
            "hostname": site.hostname,
            "port": site.port,
            "site_name": site.site_name,
            "is_default_site": site.is_default_site,
            "root": site.root_page.url_path,
        }
        for site in Site.objects.select_related("root_page").order_by("hostname", "port")
    ]
    return {"format": FORMAT, "version": VERSION, "sites": sites, "pages": pages}


def _export_page(page: Page, id_to_path: dict[int, str]) -> dict:
    type_name = f"{page._meta.app_label}.{page._meta.model_name}"
    if type_name not in TYPE_FIELDS:
        raise TransferError(f"{page.url_path}: pages of type {type_name} cannot be exported.")
    fields = {name: _plain(getattr(page, name)) for name in PAGE_FIELDS + TYPE_FIELDS[type_name]}
    if "body" in fields:
        fields["body"] = ids_to_paths(list(page.body.raw_data), page.body.stream_block, id_to_path)
    record: dict[str, Any] = {"type": type_name, "url_path": page.url_path, "fields": fields}
    if isinstance(page, TopicPage):
        record["tags"] = sorted(tag.name for tag in page.tags.all())
        record["pinned_related"] = [
            id_to_path[pin.related_page_id] for pin in page.pinned_related.order_by("sort_order")
        ]
        record["last_reviewed_by"] = _export_reviewer(page.last_reviewed_by)
    if page.has_unpublished_changes and page.live:
        draft = page.get_latest_revision_as_object()
        record["draft"] = {
            name: _plain(getattr(draft, name)) for name in DRAFT_FIELDS if hasattr(draft, name)
        }
        if "body" in record["draft"]:
            record["draft"]["body"] = ids_to_paths(
                list(draft.body.raw_data), draft.body.stream_block, id_to_path
            )
        if isinstance(draft, TopicPage):
            record["draft"]["tags"] = sorted(tag.name for tag in draft.tags.all())
    return record


def _export_reviewer(profile: ReviewerProfile | None) -> dict | None:
    if profile is None:
        return None
    return {
        "username": profile.user.get_username(),
        "display_name": profile.display_name,
        "credentials": profile.credentials,
    }


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
