"""Admin views for editorial review."""

import datetime

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports.base import PageReportView

from pages.review.services import pages_due_for_review


class DueForReviewView(PageReportView):
    """Live topic pages past their clinical re-review date, for reviewers."""

    page_title = _("Due for re-review")
    header_icon = "calendar-check"
    index_url_name = "due_for_review"
    index_results_url_name = "due_for_review_results"
    permission_required = "publish"
    results_template_name = "pages/admin/due_for_review_results.html"
    list_export = PageReportView.list_export + ["next_review_due", "last_reviewed_at"]
    export_headings = {
        **PageReportView.export_headings,
        "next_review_due": _("Review due"),
        "last_reviewed_at": _("Last reviewed"),
    }

    def get_filename(self):
        return f"due-for-re-review-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        publishable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "publish"
        )
        self.queryset = (
            pages_due_for_review()
            .filter(pk__in=publishable.values("pk"))
            # Never reviewed first, then the longest overdue.
            .order_by(F("next_review_due").asc(nulls_first=True), "pk")
        )
        return super().get_queryset()
