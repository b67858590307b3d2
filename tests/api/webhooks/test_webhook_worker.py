"""Webhooks through the real task queue: the receiver is down, then up, and nothing is lost.

The site runs on its own SQLite file with the django-tasks database backend,
and the worker is `manage.py db_worker`, started, stopped and started again.
"""

import json
import os
import time

import pytest

from tests.api.receiver import Receiver, readme_verify
from tests.live_server import free_port, manage

SETUP = """
import json, time
from django.contrib.auth import get_user_model
from api.models import Frontend
from pages.models import TopicPage
frontend = Frontend(name="Website", base_url="https://www.example.org",
    preview_url_template="https://www.example.org/p?token={token}",
    webhook_url=%(url)r, events=["publish"])
frontend.rotate_secret(); frontend.save()
page = TopicPage.objects.get(slug="trust-issues")
page.title = "Published while the frontend is down"
started = time.monotonic()
page.save_revision().publish(user=get_user_model().objects.get(username="reviewer"))
print(json.dumps({"secret": frontend.secret, "publish_seconds": time.monotonic() - started}))
"""
REPORT = """
import json
from api.models import WebhookDelivery
print(json.dumps([
    {"status": d.status, "attempts": d.attempts, "log": d.attempt_log}
    for d in WebhookDelivery.objects.all()
]))
"""


@pytest.fixture
def site_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "MAILER_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "WEBHOOK_BACKOFF_SECONDS": "1",
        "LOG_LEVEL": "WARNING",
    }
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "db_worker", "--batch", "--no-startup-delay")  # the demo's own index tasks
    return env


def test_delivery_survives_a_receiver_outage_and_a_worker_restart(site_env):
    receiver = Receiver(free_port())
    setup = json.loads(manage(site_env, "shell", "-v", "0", "-c", SETUP % {"url": receiver.url}))
    assert setup["publish_seconds"] < 2, "publishing does not wait for the frontend"

    # The worker tries while the receiver is down, schedules a retry, and stops.
    manage(site_env, "db_worker", "--batch", "--no-startup-delay")
    (delivery,) = json.loads(manage(site_env, "shell", "-v", "0", "-c", REPORT))
    assert (delivery["status"], delivery["attempts"]) == ("retrying", 1)
    assert "Connection refused" in delivery["log"][0]["error"]

    receiver.start()
    try:
        time.sleep(1.5)  # the first retry is due after WEBHOOK_BACKOFF_SECONDS
        manage(site_env, "db_worker", "--batch", "--no-startup-delay")  # a new worker
    finally:
        receiver.stop()

    (delivery,) = json.loads(manage(site_env, "shell", "-v", "0", "-c", REPORT))
    assert (delivery["status"], delivery["attempts"]) == ("delivered", 2)
    assert [entry["status_code"] for entry in delivery["log"]] == [None, 200]
    (received,) = receiver.received
    assert readme_verify()(setup["secret"], received.headers, received.body)
    payload = json.loads(received.body)
    assert payload["event"] == "publish"
    assert payload["new_path"] == "/topics/relationships/trust-issues/"
    assert "/topics/relationships/trust-issues/" in payload["affected_paths"]


def test_the_demos_own_tasks_all_succeed(site_env):
    """`make run`'s worker starts on the tasks `load_demo` queued: none may fail."""
    statuses = manage(
        site_env,
        "shell",
        "-v",
        "0",
        "-c",
        "from django_tasks_db.models import DBTaskResult as T;"
        "import json; print(json.dumps(sorted(T.objects.values_list('status', flat=True))))",
    )
    statuses = json.loads(statuses)
    assert statuses, "load_demo queues search index tasks"
    assert set(statuses) == {"SUCCESSFUL"}
