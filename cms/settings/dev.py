"""Local development: DEBUG on, and email written to files in var/mail/ (one per
send), unless the environment says otherwise."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("MAILER_BACKEND", "django.core.mail.backends.filebased.EmailBackend")

from .base import *  # noqa: E402, F403
