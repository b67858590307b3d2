"""Settings shared by every environment.

Every environment variable the project reads is read here, and only here;
`.env.example` lists them all. The defaults are safe: DEBUG is off and there
is no secret key, so a misconfigured server refuses to start rather than run
insecurely. `cms.settings.dev` turns DEBUG on for local work.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import cache_from_url, env_bool, env_int, env_list, search_backend_from_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = BASE_DIR / "var"


# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (for example the output of `python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'`), or set DEBUG=true for local development."
        )
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "pages",
    "api",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "django_tasks_db",
    "health_check",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "pages.middleware.ReviewRefusedMiddleware",
    "api.edge.middleware.EdgeKeysMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'topicdesk.sqlite3'}",
        # Reusing connections spares each request a connect (and SQLite a schema read).
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        # A reused connection is checked (one `SELECT 1`) on each request's first
        # query, so that a restarted database costs no request an error. Off only
        # behind a pooler that checks connections itself.
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's database search backend uses PostgreSQL's full text search fields.
    INSTALLED_APPS.append("django.contrib.postgres")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The server, the task worker and the scheduler all write. A transaction that reads
    # and then writes cannot wait for another writer ("database is locked" at once), so
    # each takes the write lock when it begins and waits up to `timeout` seconds for it;
    # WAL lets readers carry on while one process writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )

CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "locmem://"))}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Auth -------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
#: Files served at the site's root by WhiteNoise: /favicon.ico.
WHITENOISE_ROOT = PROJECT_DIR / "root"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Complex StreamFields post many fields from the page editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Email ------------------------------------------------------------------

# SMTP unless MAILER_BACKEND says otherwise; `cms.settings.dev` defaults to the console.
MAILER_BACKEND = os.environ.get("MAILER_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": MAILER_BACKEND,
        "OPTIONS": (
            {
                "host": os.environ.get("SMTP_HOST", "localhost"),
                "port": env_int("SMTP_PORT", 587),
                "username": os.environ.get("SMTP_USERNAME", ""),
                "password": os.environ.get("SMTP_PASSWORD", ""),
                "use_tls": env_bool("SMTP_USE_TLS", default=True),
            }
            if MAILER_BACKEND.endswith("smtp.EmailBackend")
            else {"file_path": os.environ.get("MAIL_DIR", str(VAR_DIR / "mail"))}
            if MAILER_BACKEND.endswith("filebased.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Topicdesk <topicdesk@localhost>")

# --- Security ---------------------------------------------------------------

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if env_bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# The reference pages and the API load nothing from elsewhere and run no inline code.
# Wagtail's admin and the API docs page need inline scripts, so they go without.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/", "/api/v1/docs/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
# Wagtail marks its own preview iframe SAMEORIGIN; nothing else is framed.
X_FRAME_OPTIONS = "DENY"

CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", "")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")

# --- API --------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_THROTTLE_RATE", "600/minute")},
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    # Behind an edge cache or a load balancer, the client is the last address the
    # proxies add to X-Forwarded-For: the throttle counts per client, not per proxy.
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0) or None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
API_PAGE_SIZE = 20
API_MAX_PAGE_SIZE = 100
# Browsers and CDNs may reuse a response this long; the server itself never serves stale.
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 30)
API_RESPONSE_CACHE_SECONDS = 60 * 60

# --- Edge cache ---------------------------------------------------------------

EDGE_PURGE_BACKENDS = {
    "varnish": "api.edge.backends.VarnishXkey",
    "cloudflare": "api.edge.backends.CloudflareTags",
    "wagtail": "api.edge.backends.WagtailFrontendCache",
}
#: Which edge cache to purge on publish: varnish, cloudflare, wagtail (any backend in
#: WAGTAILFRONTENDCACHE, by URL), a dotted path, or empty for none. With one, the
#: edge keeps responses EDGE_CACHE_MAX_AGE seconds (browsers API_CACHE_MAX_AGE).
EDGE_PURGE_BACKEND = EDGE_PURGE_BACKENDS.get(
    os.environ.get("EDGE_PURGE_BACKEND", ""), os.environ.get("EDGE_PURGE_BACKEND", "")
)
#: The Varnish servers to purge (every edge node), or Cloudflare's API address.
EDGE_PURGE_LOCATIONS = env_list("EDGE_PURGE_LOCATIONS", "")
EDGE_PURGE_TIMEOUT = env_int("EDGE_PURGE_TIMEOUT", 2)
#: Tries of a purge the edge did not confirm, 2, 4, 8... seconds apart.
EDGE_PURGE_ATTEMPTS = env_int("EDGE_PURGE_ATTEMPTS", 6)
EDGE_CACHE_MAX_AGE = env_int("EDGE_CACHE_MAX_AGE", 6 * 60 * 60)
EDGE_STALE_WHILE_REVALIDATE = env_int("EDGE_STALE_WHILE_REVALIDATE", 60)
EDGE_STALE_IF_ERROR = env_int("EDGE_STALE_IF_ERROR", 24 * 60 * 60)
#: Response headers naming the surrogate keys: xkey (Varnish), Surrogate-Key (Fastly),
#: Cache-Tag (Cloudflare). The VCL in cms/deploy/ strips them before the browser.
EDGE_KEY_HEADERS = env_list("EDGE_KEY_HEADERS", "xkey,Surrogate-Key,Cache-Tag")
#: The public address readers use, for URL-based purges (default WAGTAILADMIN_BASE_URL).
EDGE_PUBLIC_URL = os.environ.get("EDGE_PUBLIC_URL", "")
CLOUDFLARE_ZONE_ID = os.environ.get("CLOUDFLARE_ZONE_ID", "")
CLOUDFLARE_API_TOKEN = os.environ.get("CLOUDFLARE_API_TOKEN", "")
SPECTACULAR_SETTINGS = {
    "TITLE": "Topicdesk delivery API",
    "DESCRIPTION": "Published topic pages as typed JSON, for frontends.",
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "OAS_VERSION": "3.1.0",
    "PREPROCESSING_HOOKS": ["api.schema.only_delivery_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_block_components",
        "api.schema.add_error_responses",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    # The docs page's JavaScript and CSS are served from here, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Wagtail ----------------------------------------------------------------

WAGTAIL_SITE_NAME = "Topicdesk"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": search_backend_from_url(os.environ.get("SEARCH_URL", ""))}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_I18N_ENABLED = False
#: Avatars come from the user's uploaded picture, or Wagtail's default icon: no request
#: to gravatar.com (editors' email hashes stay here, and the admin works offline) unless
#: GRAVATAR_PROVIDER_URL names a provider, for example //www.gravatar.com/avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = os.environ.get("GRAVATAR_PROVIDER_URL") or None
TAGGIT_CASE_INSENSITIVE = True

# --- Images -----------------------------------------------------------------

#: The widths every image is rendered at (for srcset), at publish time in the worker.
TOPICDESK_IMAGE_WIDTHS = sorted(int(w) for w in env_list("IMAGE_WIDTHS", "320,640,960,1280,1920"))
#: The formats, best first; AVIF is left out where Pillow cannot write it, and JPEG
#: (the <img src> fallback) is always made.
TOPICDESK_IMAGE_FORMATS = env_list("IMAGE_FORMATS", "avif,webp,jpeg")
if any(w <= 0 or w > 6000 for w in TOPICDESK_IMAGE_WIDTHS) or not TOPICDESK_IMAGE_WIDTHS:
    raise ImproperlyConfigured("IMAGE_WIDTHS must list widths between 1 and 6000 pixels.")
if set(TOPICDESK_IMAGE_FORMATS) - {"avif", "webp", "jpeg"}:
    raise ImproperlyConfigured("IMAGE_FORMATS may list only avif, webp and jpeg.")
#: Where rendition URLs that the storage gives as paths are served from (frontends
#: live on other hosts): the CMS's own address unless set.
TOPICDESK_MEDIA_ORIGIN = os.environ.get("MEDIA_ORIGIN", "") or WAGTAILADMIN_BASE_URL

# --- Editorial review -------------------------------------------------------

#: What offers the page editor's frontend preview modes (see `pages.models.FrontendPreviewMixin`).
TOPICDESK_PREVIEW_PROVIDER = "api.preview.FrontendPreviews"
TOPICDESK_REVIEW_INTERVAL_MONTHS = env_int("REVIEW_INTERVAL_MONTHS", 12)
#: Flesch–Kincaid grade above which a page is flagged to its editor and reviewer.
TOPICDESK_READING_GRADE_TARGET = env_int("READING_GRADE_TARGET", 8)
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False

# --- Frontends: preview and webhooks ----------------------------------------

PREVIEW_TOKEN_MAX_AGE = env_int("PREVIEW_TOKEN_MAX_AGE", 60 * 60)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 5)
#: The first retry waits this long; each next one twice as long (2, 4, 8, 16 minutes).
WEBHOOK_BACKOFF_SECONDS = env_int("WEBHOOK_BACKOFF_SECONDS", 120)
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10)
#: A due delivery no worker took for this long is queued again by the scheduler.
WEBHOOK_RESUME_AFTER_SECONDS = env_int("WEBHOOK_RESUME_AFTER_SECONDS", 5 * 60)

# --- Logging ----------------------------------------------------------------

#: ``LOG_FILE`` (`make run` sets one per background process) takes the routine lines
#: (each task's state, Wagtail's audit lines); the console then shows only warnings
#: and failures. Handler levels, not logger levels, because `db_worker` sets its
#: loggers' levels itself.
LOG_FILE = os.environ.get("LOG_FILE", "")
LOG_HANDLERS = ["console", *(["file"] if LOG_FILE else [])]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"timestamped": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "level": "WARNING" if LOG_FILE else 0},
        **(
            {
                "file": {
                    "class": "logging.FileHandler",
                    "filename": LOG_FILE,
                    "delay": True,
                    "formatter": "timestamped",
                }
            }
            if LOG_FILE
            else {}
        ),
    },
    "root": {"handlers": LOG_HANDLERS, "level": os.environ.get("LOG_LEVEL", "INFO")},
    # One line per task state change drowns everything else; failures still show.
    "loggers": {
        "django": {"handlers": LOG_HANDLERS, "level": "INFO", "propagate": False},
        "django.tasks": {"level": "WARNING"},
    },
}
