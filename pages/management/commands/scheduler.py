"""Run Topicdesk's periodic jobs: scheduled publishing and abandoned webhook deliveries
every minute, re-review daily. Run one scheduler per site, beside the workers."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Run periodic jobs until stopped: Wagtail's publish_scheduled (go-live and expiry "
        "times) and the webhook deliveries a dead worker left every --interval seconds, "
        "and submit_due_reviews once a day. `make run` "
        "starts it; in production run it beside the task worker. --once runs each job once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="Seconds between runs.")
        parser.add_argument("--once", action="store_true", help="Run each job once and exit.")

    def handle(self, *args, interval, once, **options):
        last_review_day = None
        while True:
            call_command("publish_scheduled", stdout=self.stdout)
            call_command("resume_deliveries", stdout=self.stdout)
            today = timezone.localdate()
            if last_review_day != today:
                call_command("submit_due_reviews", stdout=self.stdout)
                last_review_day = today
            if once:
                return
            time.sleep(max(interval, 1))
