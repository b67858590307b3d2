"""Local development: DEBUG on and email to the console, unless the environment says otherwise."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("MAILER_BACKEND", "django.core.mail.backends.console.EmailBackend")

from .base import *  # noqa: E402, F403
