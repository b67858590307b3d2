from django.core.management.base import BaseCommand

from pages.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Build the demo site: the page tree, the trust-issues article, a catalogue of topics "
        "and demo users (admin, editor, reviewer). Safe to run again: nothing that exists "
        "is changed. Passwords come from DEMO_ADMIN_PASSWORD, DEMO_EDITOR_PASSWORD and "
        "DEMO_REVIEWER_PASSWORD, or are generated and printed once."
    )

    def handle(self, *args, verbosity=1, **options):
        """Verbosity 1 sums up the pages created; 2 lists each one."""
        load_demo(log=lambda message: self.stdout.write(message), each_page=verbosity >= 2)
