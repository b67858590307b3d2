"""Production: HTTPS-only defaults, each still overridable from the environment.

`cms.settings.base` refuses to start without SECRET_KEY when DEBUG is off. Here
DEBUG is always off: DEBUG=true is refused rather than honoured, because with it
`base` would quietly fall back to the insecure development key and serve tracebacks.
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

from django.core.exceptions import ImproperlyConfigured  # noqa: E402

from .base import *  # noqa: E402, F403

if DEBUG:  # noqa: F405
    raise ImproperlyConfigured(
        "DEBUG=true is not allowed with cms.settings.production. Unset DEBUG, "
        "or use cms.settings.dev for local work."
    )
