"""Settings for the delivery API benchmark: production-like, but plain HTTP on 127.0.0.1.

Based on `cms.settings.base` (not `production`, which redirects to HTTPS). The
database is always the benchmark's own SQLite file (or ``BENCH_DATABASE_URL``),
never the one in the environment's ``DATABASE_URL``, because the benchmark
deletes and regenerates it.

``BENCH_UNCACHED=1`` bypasses the API's response cache (``api:`` keys) while
every other cache use (Wagtail's site root paths, …) works as in production;
``BENCH_UNCACHED=dummy`` swaps in Django's DummyCache, which disables every
cache and so also turns each ``Site.get_site_root_paths()`` call into a query.
``BENCH_CEILING_BYTES`` sets the size of the ``/bench/ceiling/`` response.
``BENCH_TASKS=db`` queues tasks in the database for a worker (see below).
"""

import os
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BENCH_VAR_DIR = BENCH_DIR / "var"

os.environ["DEBUG"] = "false"  # DEBUG records every query, which would skew the numbers
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{BENCH_VAR_DIR / 'bench.sqlite3'}"
)
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-never-use-it-anywhere-0123456789")
os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
os.environ["STATIC_ROOT"] = str(BENCH_VAR_DIR / "static")
os.environ["MEDIA_ROOT"] = str(BENCH_VAR_DIR / "media")
os.environ["LOG_LEVEL"] = "WARNING"
# Publishing may notify reviewers by email; never try to reach an SMTP server.
os.environ["MAILER_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"

from cms.settings.base import *  # noqa: E402, F403
from cms.settings.base import LOGGING, REST_FRAMEWORK  # noqa: E402

# WhiteNoise warns about a missing static root; nothing is collected into it.
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # noqa: F405

ROOT_URLCONF = "benchmarks.urls"
WSGI_APPLICATION = "benchmarks.wsgi.application"

# Throttling would turn most of the load into 429s; it is measured nowhere here.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}

_uncached = os.environ.get("BENCH_UNCACHED", "").strip().lower()
if _uncached == "dummy":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif _uncached in {"1", "true", "yes", "on"}:
    CACHES = {
        "default": {
            "BACKEND": "benchmarks.cache.ResponseCacheBypass",
            "LOCATION": "topicdesk-bench",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "topicdesk-bench",
        }
    }

# Nothing in a GET enqueues tasks; the demo loader's search and reference index
# updates are dropped rather than queued in a table no worker reads.
# ``BENCH_TASKS=db`` keeps the project's database queue, for a run with a worker
# (`benchmarks.documents` times the worker's half of a publish).
if os.environ.get("BENCH_TASKS") != "db":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGGING = {
    **LOGGING,
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "wagtail": {"level": "WARNING"},
    },
}
