from django.core.management.base import BaseCommand

from pages.review.services import submit_due_reviews


class Command(BaseCommand):
    help = (
        "Submit every live topic page past its clinical re-review date to the review workflow. "
        "`manage.py scheduler` runs this daily."
    )

    def handle(self, *args, **options):
        pages = submit_due_reviews()
        for page in pages:
            self.stdout.write(f"Submitted for re-review: {page.title} (due {page.next_review_due})")
        self.stdout.write(f"{len(pages)} page(s) submitted for re-review.")
