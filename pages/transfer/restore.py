"""Import: validate the whole file first, then write every page in one transaction."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime
from wagtail.blocks import PageChooserBlock, StructBlockValidationError
from wagtail.models import Page, Site

from pages.models import ReviewerProfile, TopicPage, TopicPageRelatedPin
from pages.streams import block_error_messages
from pages.text import validate_plain_text
from pages.transfer.schema import (
    DRAFT_FIELDS,
    FORMAT,
    MAX_PROBLEMS_SHOWN,
    PAGE_FIELDS,
    TYPE_FIELDS,
    VERSION,
    TransferError,
    paths_to_ids,
)


def _refuse(problems: list[str]) -> None:
    shown = problems[:MAX_PROBLEMS_SHOWN]
    more = len(problems) - len(shown)
    lines = "\n".join(f"  {problem}" for problem in shown)
    tail = f"\n  … and {more} more" if more > 0 else ""
    raise TransferError(
        f"The export was refused, and nothing was written ({len(problems)} "
        f"problem{'s' if len(problems) != 1 else ''}):\n{lines}{tail}"
    )


def _refuse_invalid(records) -> None:
    """Validate every page of the file, before anything is written, as the admin would.

    An export file is input: it travels between environments, is edited by hand
    and comes from other people. Every field, block and rich text passes the
    rules a page saved in the admin passes (`TopicPage.clean`). Rules that need
    the pages' new ids (a button's target page) are checked again once they exist.
    """
    if not isinstance(records, list):
        raise TransferError("The export's “pages” must be a list.")
    problems: list[str] = []
    for number, record in enumerate(records):
        if not isinstance(record, dict) or not isinstance(record.get("url_path"), str):
            problems.append(f"pages[{number}]: a page needs a url_path")
            continue
        problems.extend(f"{record['url_path']}: {problem}" for problem in _record_problems(record))
    if problems:
        _refuse(problems)


def _record_problems(record: dict) -> list[str]:
    type_name = record.get("type")
    if type_name not in TYPE_FIELDS:
        return [f"pages of type {type_name!r} cannot be imported"]
    fields = record.get("fields")
    if not isinstance(fields, dict):
        return ["its fields are missing"]
    model = apps.get_model(*type_name.split("."))
    allowed = PAGE_FIELDS + TYPE_FIELDS[type_name]
    problems = [f"{name}: not a field of this page type" for name in fields if name not in allowed]
    values = {name: value for name, value in fields.items() if name in allowed}
    problems += _field_problems(model, values)
    if type_name == "pages.topicpage":
        problems += _body_problems(fields.get("body"), "body")
        draft = record.get("draft") or {}
        draft_values = {name: value for name, value in draft.items() if name in DRAFT_FIELDS}
        problems += [f"draft {problem}" for problem in _field_problems(model, draft_values)]
        if "body" in draft:
            problems += _body_problems(draft["body"], "draft body")
        if fields.get("live") and not (
            record.get("last_reviewed_by") and fields.get("last_reviewed_at")
        ):
            problems.append(
                "it is live but has no clinical review record (last_reviewed_by and "
                "last_reviewed_at); a topic page only goes live reviewed"
            )
    return problems


def _field_problems(model, values: dict) -> list[str]:
    """The model's own field validation and the plain-text rule, for the given fields."""
    checked = {name: value for name, value in values.items() if name != "body"}
    try:
        instance = model(**{name: _typed(model, name, value) for name, value in checked.items()})
    except (TypeError, ValueError) as error:
        return [f"fields: {error}"]
    problems = []
    exclude = [field.name for field in model._meta.fields if field.name not in checked]
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        problems += [
            f"{name}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    for name in getattr(model, "PLAIN_TEXT_FIELDS", ()):
        if name in checked:
            try:
                validate_plain_text(checked[name])
            except ValidationError as error:
                problems += [f"{name}: {message}" for message in error.messages]
    return problems


def _body_problems(raw, label: str) -> list[str]:
    """Every block's validation, as in the admin; page choosers wait for the second pass."""
    if not isinstance(raw, list):
        return [f"{label}: must be a list of blocks"]
    stream_block = TopicPage.body.field.stream_block
    problems = []
    known = []
    for index, item in enumerate(raw):
        kind = item.get("type") if isinstance(item, dict) else None
        if kind not in stream_block.child_blocks or not isinstance(item.get("value"), dict):
            problems.append(f"{label}[{index}]: unknown block type {kind!r}")
        else:
            known.append((index, item))
    for index, item in known:
        kind = item["type"]
        block = stream_block.child_blocks[kind]
        # Page links name paths in the file; any id (0 here) will do to validate the text.
        [item] = paths_to_ids([item], stream_block, {})
        try:
            _clean_without_choosers(block, item["value"])
        except ValidationError as error:
            problems += [f"{label}[{index}] {line}" for line in block_error_messages(error, kind)]
        except (TypeError, ValueError, AttributeError, KeyError):
            problems.append(f"{label}[{index}] {kind}: its value has the wrong shape")
    counts = {}
    for item in raw:
        if isinstance(item, dict):
            counts[item.get("type")] = counts.get(item.get("type"), 0) + 1
    for kind, limits in (stream_block.meta.block_counts or {}).items():
        if "max_num" in limits and counts.get(kind, 0) > limits["max_num"]:
            problems.append(f"{label}: at most {limits['max_num']} {kind} block(s)")
    return problems


def _clean_without_choosers(block, value) -> None:
    """``block.clean`` for raw data whose page choosers still hold paths.

    A block with a page chooser has each other child validated on its own; its
    rules across children run in the second pass, when the target page exists.
    """
    choosers = [
        name
        for name, child in getattr(block, "child_blocks", {}).items()
        if isinstance(child, PageChooserBlock)
    ]
    if not choosers:
        block.clean(block.to_python(value))
        return
    errors = {}
    for name, child in block.child_blocks.items():
        if name in choosers:
            continue
        try:
            child.clean(child.to_python(value.get(name)))
        except ValidationError as error:
            errors[name] = error
    if errors:
        raise StructBlockValidationError(block_errors=errors)


def import_content(data: dict, *, replace: bool = False) -> list[str]:
    """Recreate the exported pages; all or nothing. Returns the url_paths created.

    Pages already at an exported url_path are refused, unless ``replace`` is given,
    in which case the existing tree below the tree root is deleted first.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TransferError(f"This is not a Topicdesk export (its format is not {FORMAT!r}).")
    if data.get("version") != VERSION:
        raise TransferError(
            f"This export is version {data.get('version')!r}; "
            f"this Topicdesk reads version {VERSION}."
        )
    records = data.get("pages") or []
    _refuse_invalid(records)
    with transaction.atomic():
        root = Page.get_first_root_node()
        existing = set(
            Page.objects.filter(url_path__in=[r["url_path"] for r in records])
            # Wagtail's own "Welcome" placeholder is not content.
            .exclude(content_type=ContentType.objects.get_for_model(Page))
            .values_list("url_path", flat=True)
        )
        if existing and not replace:
            raise TransferError(
                f"The database already has {len(existing)} of these pages (for example "
                f"{sorted(existing)[0]}). Import into an empty database, or pass --replace "
                "to delete the existing pages first."
            )
        placeholders = list(root.get_children())
        site_records = data.get("sites") or []
        created = _create_pages(root, records)
        path_to_id = dict(Page.objects.values_list("url_path", "pk"))
        problems = _link_pages(records, path_to_id)
        if problems:  # rolls the whole import back
            _refuse(problems)
        _restore_sites(site_records, path_to_id)
        for page in placeholders:  # Wagtail's welcome page, or the tree being replaced
            Page.objects.get(pk=page.pk).delete()
    return created


def _create_pages(root: Page, records: list[dict]) -> list[str]:
    created: list[str] = []
    by_path: dict[str, Page] = {root.url_path: root}
    for page in root.get_children():  # make room: the new tree takes the same slugs
        page.slug = f"{page.slug}-replaced-{page.pk}"
        page.save(update_fields=["slug", "url_path"], clean=False)
    for record in records:
        model = apps.get_model(*record["type"].split("."))
        parent_path = record["url_path"].rsplit("/", 2)[0] + "/"
        parent = by_path.get(parent_path)
        if parent is None:
            raise TransferError(
                f"{record['url_path']}: its parent {parent_path} is not in the export."
            )
        fields = {key: _typed(model, key, value) for key, value in record["fields"].items()}
        body = fields.pop("body", None)
        page = model(**fields)
        if body is not None:
            page.body = []  # filled in once every page exists and links can resolve
        # `_refuse_invalid` has validated the record; the body is validated in full by
        # `_link_pages`, once every page exists and its links resolve.
        page.full_clean = _validated_later
        parent.add_child(instance=page)
        page.save_revision(log_action=False, clean=False)
        by_path[record["url_path"]] = page
        created.append(record["url_path"])
    return created


def _link_pages(records: list[dict], path_to_id: dict[str, int]) -> list[str]:
    """Second pass: bodies, tags, pins, reviewers and drafts, now that ids are known.

    Each topic page is saved through its full validation, now that its links
    resolve; the problems found are returned, and the caller rolls back.
    """
    problems: list[str] = []
    for record in records:
        if record["type"] != "pages.topicpage":
            continue
        page = TopicPage.objects.get(pk=path_to_id[record["url_path"]])
        stream_block = page.body.stream_block
        page.body = paths_to_ids(record["fields"]["body"], stream_block, path_to_id)
        page.tags.set(record.get("tags", []))
        page.last_reviewed_by = _import_reviewer(record.get("last_reviewed_by"))
        page.pinned_related = [
            TopicPageRelatedPin(related_page_id=path_to_id[path], sort_order=order)
            for order, path in enumerate(record.get("pinned_related", []))
        ]
        try:
            page.full_clean()
        except ValidationError as error:
            problems += _located(record["url_path"], error)
            continue
        page.save(clean=False)  # validated just above
        revision = page.save_revision(log_action=False, clean=False)
        if page.live:  # its review record came with it (checked by `_record_problems`)
            TopicPage.objects.filter(pk=page.pk).update(
                live_revision=revision,
                last_reviewed_revision=revision,
                has_unpublished_changes=False,
            )
        if draft := record.get("draft"):
            page = TopicPage.objects.get(pk=page.pk)
            for name, value in draft.items():
                if name == "body":
                    page.body = paths_to_ids(value, stream_block, path_to_id)
                elif name == "tags":
                    page.tags.set(value)
                else:
                    setattr(page, name, value)
            try:
                page.save_revision(log_action=False)
            except ValidationError as error:
                problems += _located(f"{record['url_path']} (draft)", error)
    for record in records:  # listing pages: their live revision is their current state
        if record["type"] != "pages.topicpage" and record["fields"]["live"]:
            page = Page.objects.get(pk=path_to_id[record["url_path"]])
            Page.objects.filter(pk=page.pk).update(
                live_revision=page.latest_revision, has_unpublished_changes=False
            )
    return problems


def _located(where: str, error: ValidationError) -> list[str]:
    return [
        f"{where}: {message}" if name in ("__all__", "body") else f"{where}: {name}: {message}"
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def _import_reviewer(data: dict | None) -> ReviewerProfile | None:
    """Reviewers are credited by username; a missing user is made, inactive, to hold it."""
    if not data:
        return None
    user_model = get_user_model()
    user, made = user_model.objects.get_or_create(
        **{user_model.USERNAME_FIELD: data["username"]}, defaults={"is_active": False}
    )
    if made:
        user.set_unusable_password()
        user.save()
    profile, _ = ReviewerProfile.objects.update_or_create(
        user=user,
        defaults={"display_name": data["display_name"], "credentials": data["credentials"]},
    )
    return profile


def _restore_sites(site_records: list[dict], path_to_id: dict[str, int]) -> None:
    for record in site_records:
        root_id = path_to_id.get(record["root"])
        if root_id is None:
            continue
        Site.objects.update_or_create(
            hostname=record["hostname"],
            port=record["port"],
            defaults={
                "site_name": record["site_name"],
                "is_default_site": record["is_default_site"],
                "root_page_id": root_id,
            },
        )


def _validated_later(*args, **kwargs) -> None:
    pass


def _typed(model, name: str, value):
    field = model._meta.get_field(name)
    if value is not None and field.get_internal_type() == "DateTimeField":
        return parse_datetime(value)
    return value
