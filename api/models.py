"""Registered frontends, their webhook deliveries, saved preview drafts, and the
published delivery documents."""

import secrets
import uuid
from collections.abc import Callable
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import URLValidator
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import QuerySet
from django.utils import timezone

EVENTS = [
    ("publish", "Publish"),
    ("unpublish", "Unpublish"),
    ("delete", "Delete"),
    ("move", "Move"),
    ("slug_change", "Slug change"),
]
#: A line for each event, beside its checkbox in the frontend form.
EVENT_HELP = {
    "publish": "A page goes live, or a new revision of a live page is published.",
    "unpublish": "A live page is taken down (it stays in the admin as a draft).",
    "delete": "A page is deleted.",
    "move": "A page moves to another section, so its path changes.",
    "slug_change": "A live page's slug changes, so its path changes.",
}
SECRET_PREFIX = "whsec_"  # noqa: S105 (a label that makes leaked secrets recognisable)


def http_url(value: str) -> None:
    URLValidator(schemes=["http", "https"], message="Enter an http or https URL.")(value)


def validate_events(value) -> None:
    known = {name for name, _ in EVENTS}
    if not isinstance(value, list) or not set(value) <= known:
        raise ValidationError(f"Events must be a list drawn from: {', '.join(sorted(known))}.")


def preview_url_template_validator(value: str) -> None:
    if "{token}" not in value:
        raise ValidationError("The preview URL template must contain {token}.")
    http_url(value.replace("{token}", "t").replace("{path}", "p").replace("{page_id}", "1"))


class Frontend(models.Model):
    """A site or app that renders Topicdesk content, previews drafts and hears of changes."""

    name = models.CharField(max_length=100, unique=True)
    base_url = models.URLField(
        "base URL",
        validators=[http_url],
        help_text="For example https://www.example.org. Its origin may call the API.",
    )
    preview_url_template = models.CharField(
        "preview URL template",
        max_length=500,
        validators=[preview_url_template_validator],
        help_text="Where editors preview drafts. Placeholders: {token} (required), {path} "
        "(the page's path) and {page_id}. For example "
        "https://www.example.org/api/preview?token={token}&path={path}",
    )
    webhook_url = models.URLField(
        "webhook URL",
        blank=True,
        validators=[http_url],
        help_text="Receives a signed POST when live content changes. Leave it empty for a "
        "frontend used only for preview: it then gets no deliveries.",
    )
    events = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_events],
        help_text="The events this frontend wants delivered to its webhook URL.",
    )
    enabled = models.BooleanField(default=True)
    #: The shared HMAC secret. Shown whole once, when made; the listing shows only its
    #: first characters (`secret_hint`), and it is never logged or served.
    secret = models.CharField(max_length=100, editable=False)
    secret_rotated_at = models.DateTimeField(auto_now_add=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def secret_hint(self) -> str:
        return f"{self.secret[: len(SECRET_PREFIX) + 4]}…" if self.secret else ""

    def rotate_secret(self) -> str:
        """Make a new secret, save it, and return it: the only time it is shown."""
        self.secret = SECRET_PREFIX + secrets.token_urlsafe(32)
        self.secret_rotated_at = timezone.now()
        if self.pk:
            self.save(update_fields=["secret", "secret_rotated_at"])
        return self.secret

    @property
    def deliveries_summary(self) -> str:
        """What the listing says this frontend is sent."""
        if not self.webhook_url:
            return "None: no webhook URL (preview only)"
        if not self.events:
            return "None: no events chosen"
        labels = dict(EVENTS)
        return ", ".join(labels[event] for event in self.events if event in labels)

    def wants(self, event: str) -> bool:
        return self.enabled and bool(self.webhook_url) and event in self.events


class WebhookDelivery(models.Model):
    """One event for one frontend, and every attempt to deliver it."""

    PENDING, DELIVERED, RETRYING, FAILED = "pending", "delivered", "retrying", "failed"
    STATUSES = [
        (PENDING, "Pending"),
        (DELIVERED, "Delivered"),
        (RETRYING, "Retrying"),
        (FAILED, "Failed"),
    ]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    frontend = models.ForeignKey(Frontend, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=20, choices=EVENTS)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    #: While a worker sends it: until when the other workers leave it alone. A worker
    #: that dies mid-send leaves this to lapse, and the scheduler queues it again.
    claimed_until = models.DateTimeField(null=True, blank=True)
    #: One entry per attempt: {"attempt", "at", "status_code", "error", "duration_ms"}.
    attempt_log = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.event} → {self.frontend} ({self.status})"


class PreviewSnapshot(models.Model):
    """Unsaved page content an editor previewed, for a frontend to fetch with a token."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    content = models.JSONField(encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"Preview of page {self.page_id} at {self.created_at:%Y-%m-%d %H:%M}"


class CompiledRead:
    """One read of one row as an SQL statement the ORM compiles once, then only executes.

    Building and compiling a queryset costs about 230 µs a read (Django's query
    construction), ten times the indexed lookup itself (`benchmarks/profile.py`).
    ``queryset_for(value)`` builds the read for one value; it is compiled once,
    with `sentinel` as the value, and each read then runs the same statement with
    its own value in the sentinel's place. Same SQL, same result, as the queryset.
    """

    def __init__(self, queryset_for: Callable[[object], QuerySet], sentinel: object):
        self.queryset_for = queryset_for
        self.sentinel = sentinel
        self._statements: dict[str, tuple[str, tuple, int]] = {}

    def _statement(self, using: str) -> tuple[str, tuple, int]:
        if using not in self._statements:
            query = self.queryset_for(self.sentinel).query
            sql, params = query.get_compiler(using).as_sql()
            self._statements[using] = (sql, tuple(params), list(params).index(self.sentinel))
        return self._statements[using]

    def first(self, value, using: str = DEFAULT_DB_ALIAS) -> tuple | None:
        sql, params, slot = self._statement(using)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, (*params[:slot], value, *params[slot + 1 :]))
            return cursor.fetchone()


class PageDocumentManager(models.Manager):
    def stored_at(self, path: str) -> tuple[str, bytes, str] | None:
        """``(etag, content, surrogate_keys)`` of the document at `path` (the deepest, where sites
        share a path), or None."""
        return _STORED_AT.first(path)

    def stored_topic(self, pk: int) -> tuple[str, bytes, str] | None:
        """``(etag, content, surrogate_keys)`` of topic page `pk`'s document, or None."""
        return _STORED_TOPIC.first(pk)


class PageDocument(models.Model):
    """A live page's delivery document: the exact JSON bytes its detail endpoints return.

    Built when the page or something it shows changes (`api.documents`), never
    on read: `resolve` and `topics/{id}` answer from this row in one query.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    #: Where a frontend serves it, e.g. ``/topics/relationships/trust-issues/``.
    path = models.CharField(max_length=2000)
    #: The tree depth, so that the most specific site wins where two sites share a path.
    depth = models.PositiveIntegerField()
    is_topic = models.BooleanField(default=False)
    content = models.BinaryField()
    etag = models.CharField(max_length=40)
    built_at = models.DateTimeField()
    #: The live revision it was built from, and the revisions of the pages it shows.
    revision_id = models.BigIntegerField(null=True)
    #: The ids in ``related``, in order, and the ranking key of the last tag-ranked one
    #: (``{"shared", "published", "id"}``, or ``{"pinned_only": true}``), or null while the
    #: list holds fewer than six; the candidates' SQL reads its ``shared``.
    related_ids = models.JSONField(default=list)
    related_floor = models.JSONField(null=True)
    #: Its surrogate keys for the edge, space-separated: ``td-page-<id>`` and a
    #: ``td-shows-<id>`` per page it shows (`api.edge.keys`).
    surrogate_keys = models.TextField(default="")

    objects = PageDocumentManager()

    class Meta:
        indexes = [models.Index(fields=["path", "depth"], name="api_document_path_depth")]

    def __str__(self) -> str:
        return self.path


_STORED_AT = CompiledRead(
    lambda path: (
        PageDocument.objects.filter(path=path)
        .order_by("-depth")
        .values_list("etag", "content", "surrogate_keys")[:1]
    ),
    sentinel="\x00path\x00",
)
_STORED_TOPIC = CompiledRead(
    lambda pk: PageDocument.objects.filter(pk=pk, is_topic=True).values_list(
        "etag", "content", "surrogate_keys"
    )[:1],
    sentinel=-7_303_007,
)


class DocumentDependency(models.Model):
    """``document`` shows ``page``: its title, path or summary is in the document's bytes.

    ``path_only``: the document shows only the page's address (a rich-text link), so a
    publish that keeps the page's address and liveness leaves the document alone.
    ``cards_only``: the document shows the page on a card (a related topic, or a child
    in a listing) and otherwise at most links to it, so a republish in place patches
    the card into the stored bytes instead of rebuilding the document
    (`api.documents`). ``linked``: the document's rich text links to the page.
    """

    document = models.ForeignKey(PageDocument, on_delete=models.CASCADE, related_name="shows")
    page_id = models.BigIntegerField(db_index=True)
    path_only = models.BooleanField(default=False)
    cards_only = models.BooleanField(default=False)
    linked = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "page_id"], name="api_dependency_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} shows {self.page_id}"


class DeliveryVersion(models.Model):
    """One counter that moves when published content changes, and only then.

    Listings, navigation, routes, tags and search key their cached responses and
    ETags on it. Draft saves, workflow steps and unrelated snippet edits leave it.
    """

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)
