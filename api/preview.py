"""Preview tokens: a frontend fetches one draft, for a limited time, and nothing else.

A token is signed with the project's SECRET_KEY and names one page and either one
revision or one `PreviewSnapshot` (the unsaved content an editor was looking at).
"""

from urllib.parse import quote

from django.conf import settings
from django.core import signing
from wagtail.models import Page, Revision

from api.models import Frontend, PreviewSnapshot
from pages.richtext import frontend_path

SALT = "topicdesk.preview"


class PreviewTokenError(Exception):
    """Why a token was refused: ``expired``, ``invalid`` or ``gone``."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def token_for_revision(revision: Revision) -> str:
    return signing.dumps({"page": int(revision.object_id), "revision": revision.pk}, salt=SALT)


def token_for_unsaved(page: Page) -> str:
    """Save what the editor is previewing (not as a revision) and sign a token for it."""
    snapshot = PreviewSnapshot.objects.create(page_id=page.pk, content=page.serializable_data())
    return signing.dumps({"page": page.pk, "snapshot": str(snapshot.pk)}, salt=SALT)


def preview_url(frontend: Frontend, page: Page, token: str) -> str:
    path = frontend_path(page.url_path) or "/"
    return (
        frontend.preview_url_template.replace("{token}", quote(token, safe=""))
        .replace("{path}", quote(path, safe=""))
        .replace("{page_id}", str(page.pk))
    )


def page_for_token(token: str) -> Page:
    """The draft a token stands for, as a page object (never saved)."""
    try:
        claims = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise PreviewTokenError("expired", "The preview token has expired.") from None
    except signing.BadSignature:
        raise PreviewTokenError("invalid", "The preview token is not valid.") from None
    page = Page.objects.filter(pk=claims.get("page")).first()
    if page is None:
        raise PreviewTokenError("gone", "The page this preview token was for no longer exists.")
    page = page.specific
    if "revision" in claims:
        revision = page.revisions.filter(pk=claims["revision"]).first()
        if revision is None:
            raise PreviewTokenError("gone", "The revision this token was for no longer exists.")
        return revision.as_object()
    snapshot = PreviewSnapshot.objects.filter(pk=claims.get("snapshot"), page_id=page.pk).first()
    if snapshot is None:
        raise PreviewTokenError("gone", "The preview this token was for no longer exists.")
    return page.with_content_json(snapshot.content)


class FrontendPreviews:
    """The preview modes pages offer: one per enabled frontend, beside the reference
    template. Pages look it up by dotted path (``TOPICDESK_PREVIEW_PROVIDER``), so that
    the page models import nothing from the delivery API."""

    PREFIX = "frontend-"

    @staticmethod
    def modes() -> list[tuple[str, str]]:
        frontends = Frontend.objects.filter(enabled=True).only("pk", "name")
        return [
            (f"{FrontendPreviews.PREFIX}{frontend.pk}", frontend.name) for frontend in frontends
        ]

    @staticmethod
    def url(page: Page, mode_name: str) -> str | None:
        """Where the frontend previews ``page`` as it is being edited; None if the
        mode is not an enabled frontend's."""
        if not mode_name.startswith(FrontendPreviews.PREFIX):
            return None
        pk = mode_name.removeprefix(FrontendPreviews.PREFIX)
        frontend = Frontend.objects.filter(enabled=True, pk=pk).first() if pk.isdigit() else None
        if frontend is None:
            return None
        return preview_url(frontend, page, token_for_unsaved(page))
