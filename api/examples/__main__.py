"""Rewrite ``trust-issues.json`` from a fresh demo database (a temporary SQLite file)."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from api.examples import PAGE_DETAIL

ROOT = Path(__file__).resolve().parents[2]
DUMP = (
    "import json; from api.models import PageDocument; "
    "doc = PageDocument.objects.get(path='/topics/relationships/trust-issues/'); "
    "print(json.dumps(json.loads(bytes(doc.content)), indent=2, ensure_ascii=False))"
)


def main() -> None:
    PAGE_DETAIL.write_text("{}")  # the schema reads the file on start-up, even an old one
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DATABASE_URL": f"sqlite:///{scratch}/examples.sqlite3",
        }

        def manage(*args: str) -> str:
            return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
                [sys.executable, "manage.py", *args],
                cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=600,
            ).stdout  # fmt: skip

        manage("migrate", "--noinput", "--verbosity", "0")
        manage("load_demo")
        PAGE_DETAIL.write_text(manage("shell", "--no-imports", "-c", DUMP), encoding="utf-8")
    print(f"Wrote {PAGE_DETAIL.relative_to(ROOT)}")  # noqa: T201 (a command-line tool)


if __name__ == "__main__":
    main()
