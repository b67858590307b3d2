"""SQL queries per request, measured in-process under the benchmark settings.

    BENCH_UNCACHED=1 python -m benchmarks.queries '/api/v1/topics/{trust_id}/' …

For each path: one warm-up request (for a search, one for a word that matches
nothing), then one measured request inside ``CaptureQueriesContext``. With
``--budget SECONDS`` first, paths left when that time is up are not measured
(``"queries": null``): a slow search can take a minute.
``{trust_id}`` in a path becomes the trust-issues page's id. Prints JSON:
``{"trust_id", "topic_pages", "vendor", "conn_max_age", "results": {path:
{status, queries, bytes, count, etag, sql}}}``, where ``count`` is the
response's own ``count`` if it has one (a listing's or a search's matches) and
``etag`` whether it has an ETag (``api.caching`` sets one). The runner calls
this in a subprocess with the same environment as the gunicorn it measures, so
both see the same settings.
"""

import json
import os
import re
import sys
import time

_SEARCH_Q = re.compile(r"([?&])q=[^&]*")


def measure(paths: list[str], budget: float | None = None) -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from pages.models import TopicPage

    trust_id = TopicPage.objects.get(slug="trust-issues", live=True).pk
    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    started = time.monotonic()
    for template in paths:
        path = template.format(trust_id=trust_id)
        if budget is not None and time.monotonic() - started > budget:
            results[template] = {"path": path, "status": None, "queries": None}
            continue
        # Warm-up: caches, content types, site root paths. A search warms up with a
        # word no page has: the same code, without paying for a slow search twice.
        client.get(_SEARCH_Q.sub(r"\1q=zzzwarmup", path) if "/search/" in path else path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        try:
            count = json.loads(response.content).get("count")
        except (ValueError, AttributeError):
            count = None
        results[template] = {
            "path": path,
            "status": response.status_code,
            "queries": len(captured.captured_queries),
            "bytes": len(response.content),
            "count": count,
            # api.caching.CachedGetMixin sets it, and caches under "api:" keys.
            "etag": response.has_header("ETag"),
            "sql": [query["sql"] for query in captured.captured_queries],
        }
    return {
        "trust_id": trust_id,
        "topic_pages": TopicPage.objects.live().count(),
        "vendor": connection.vendor,
        "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
        "results": results,
    }


def main(argv: list[str]) -> None:
    budget = None
    if argv[:1] == ["--budget"]:
        budget, argv = float(argv[1]), argv[2:]
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    import django

    django.setup()
    print(json.dumps(measure(argv, budget)))


if __name__ == "__main__":
    main(sys.argv[1:])
