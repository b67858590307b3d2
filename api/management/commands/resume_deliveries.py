from django.core.management.base import BaseCommand

from api.tasks import resume_deliveries


class Command(BaseCommand):
    help = (
        "Queue again the webhook deliveries a worker left: one whose claim lapsed (the "
        "worker died mid-send), or one due for WEBHOOK_RESUME_AFTER_SECONDS that no worker "
        "took. The scheduler runs it every --interval."
    )

    def handle(self, *args, **options):
        resumed = resume_deliveries()
        if resumed:
            self.stdout.write(f"Queued {len(resumed)} abandoned webhook deliveries again.")
