"""Admin UI: review guards on the page editor, the re-review report, reviewer profiles."""

from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from pages.import_views import import_topic
from pages.models import ReviewerProfile
from pages.review import rules, services
from pages.views import DueForReviewView


@hooks.register("before_edit_page")
def refuse_publish_without_permission(request, page):
    """Wagtail quietly saves a draft instead; we say no and change nothing."""
    if request.method != "POST" or "action-publish" not in request.POST:
        return None
    if page.permissions_for_user(request.user).can_publish():
        return None
    messages.error(
        request,
        f"You cannot publish “{page.title}”. Submit it for review and a reviewer will publish it.",
    )
    return redirect(reverse("wagtailadmin_pages:edit", args=(page.pk,)))


@hooks.register("before_edit_page")
def refuse_stale_approval(request, page):
    if request.method != "POST" or request.POST.get("workflow-action-name") != "approve":
        return None
    refusal = rules.stale_approval_refusal(page=page, user=request.user)
    if refusal is None:
        return None
    messages.error(request, refusal)
    return redirect(reverse("wagtailadmin_pages:edit", args=(page.pk,)))


@hooks.register("after_edit_page")
def say_what_an_approval_did(request, page):
    """Wagtail says only "has been updated"; say it was approved, published and credited."""
    if request.method != "POST" or request.POST.get("workflow-action-name") != "approve":
        return None
    queued = list(messages.get_messages(request))  # reading them takes them off the queue
    for message in queued:
        if message.level == messages.SUCCESS and "has been updated." in str(message.message):
            text = services.approval_message(Page.objects.get(pk=page.pk))
            admin_messages.success(request, text, extra_tags=message.extra_tags)
        else:
            messages.add_message(
                request, message.level, message.message, extra_tags=message.extra_tags
            )
    return None


@hooks.register("before_publish_page")
def record_direct_publish_as_review(request, page):
    """The editor's Publish button bypasses `TopicPage.publish`; record the review here."""
    services.record_direct_publish(page=page, user=request.user)


@hooks.register("insert_editor_js")
def confirm_direct_publish_as_review():
    """Asks a reviewer to confirm that their direct Publish is their clinical review."""
    return format_html('<script src="{}"></script>', static("topicdesk/review-publish.js"))


@hooks.register("register_admin_urls")
def register_review_report_urls():
    return [
        path("reports/due-for-review/", DueForReviewView.as_view(), name="due_for_review"),
        path(
            "reports/due-for-review/results/",
            DueForReviewView.as_view(results_only=True),
            name="due_for_review_results",
        ),
    ]


class ReviewReportMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_permission(request.user, "publish")


@hooks.register("register_reports_menu_item")
def register_due_for_review_menu_item():
    return ReviewReportMenuItem(
        "Due for re-review",
        reverse("due_for_review"),
        name="due-for-review",
        icon_name="calendar-check",
        order=850,
    )


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action(rules.REVIEW_LOG_ACTION, "Clinical review", "Clinical review recorded")


class ReviewerProfileViewSet(SnippetViewSet):
    model = ReviewerProfile
    icon = "user"
    menu_label = "Reviewer profiles"
    add_to_settings_menu = True
    list_display = ["display_name", "credentials", "user"]


register_snippet(ReviewerProfileViewSet)


@hooks.register("register_admin_urls")
def register_import_topic_urls():
    return [path("import-topic/", import_topic, name="import_topic")]


class ImportTopicMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_permission(request.user, "add")


@hooks.register("register_admin_menu_item")
def register_import_topic_menu_item():
    return ImportTopicMenuItem(
        "Import topic", reverse("import_topic"), name="import-topic", icon_name="upload", order=250
    )
