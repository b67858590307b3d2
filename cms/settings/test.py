"""Test settings: fast hashing, local-memory cache, tasks run immediately."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault(
    "SECRET_KEY", "test-only-secret-key-with-enough-length-and-variety-0123456789"
)

from .base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["localhost", "testserver", "127.0.0.1"]
WAGTAILADMIN_BASE_URL = "http://testserver"
TOPICDESK_MEDIA_ORIGIN = "http://testserver"
# Two widths and two formats keep rendering fast; tests that need more set them.
TOPICDESK_IMAGE_WIDTHS = [320, 640]
TOPICDESK_IMAGE_FORMATS = ["webp", "jpeg"]
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
