"""HTTP caching for the delivery API, correct across processes and servers.

Every publish, unpublish, move, delete and redirect change writes a Wagtail
log entry, so the newest log entry ids are a *content version* that every
process reads from the shared database in one indexed query. Cache keys and
ETags carry that version: after a change, no process can find an old entry,
whatever cache backend it uses, and nothing stale is served.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from wagtail.models import ModelLogEntry, PageLogEntry

from pages.richtext import site_roots_read_once


def content_version() -> str:
    """The newest page and model log entry ids, e.g. ``"812.14"``: one query."""
    page_log = connection.ops.quote_name(PageLogEntry._meta.db_table)
    model_log = connection.ops.quote_name(ModelLogEntry._meta.db_table)
    # Table names come from model metadata, not from input.
    sql = f"SELECT (SELECT MAX(id) FROM {page_log}), (SELECT MAX(id) FROM {model_log})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        page, model = cursor.fetchone()
    return f"{page or 0}.{model or 0}"


def _etag(version: str, full_path: str) -> str:
    digest = hashlib.blake2b(f"{version} {full_path}".encode(), digest_size=12).hexdigest()
    return f'"{digest}"'


def _finish(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
    return response


class CachedGetMixin:
    """For DRF views: answer GET from the versioned cache, or with 304 for a fresh ETag.

    Subclasses implement ``build(request, *args, **kwargs)`` returning a DRF
    Response. Authentication, permissions and throttling still run first.
    """

    def get(self, request, *args, **kwargs):
        version = content_version()
        etag = _etag(version, request.get_full_path())
        if etag in request.headers.get("If-None-Match", ""):
            return _finish(HttpResponseNotModified(), etag)
        key = f"api:{etag}"
        cached = cache.get(key)
        if cached is None:
            with site_roots_read_once():
                built = self.build(request, *args, **kwargs)
            response = self.finalize_response(request, built)
            response.render()
            if response.status_code != 200:
                return response
            cached = response.content
            cache.set(key, cached, settings.API_RESPONSE_CACHE_SECONDS)
        return _finish(HttpResponse(cached, content_type="application/json"), etag)
