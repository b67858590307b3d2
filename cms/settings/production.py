"""Production: HTTPS-only defaults, each still overridable from the environment.

`cms.settings.base` refuses to start without SECRET_KEY when DEBUG is off,
which it is here unless DEBUG=true is set explicitly.
"""

import os

for name, default in {
    "DEBUG": "false",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": str(60 * 60 * 24 * 365),
    "SECURE_HSTS_PRELOAD": "true",
    "SECURE_COOKIES": "true",
}.items():
    os.environ.setdefault(name, default)

from .base import *  # noqa: E402, F403
