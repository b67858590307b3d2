"""Build the demo site: the page tree, the seed article, the catalogue and demo users.

Loading is idempotent. Pages and users that already exist are left exactly
as they are (an editor's changes to demo pages are never overwritten), so a
second run creates nothing, publishes nothing and prints that it did nothing.
"""

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Page, Site

from pages import bulk
from pages.demo.catalog import CATEGORIES, TOPICS
from pages.demo.in_review import IN_REVIEW
from pages.demo.trust_issues import TRUST_ISSUES
from pages.links import internalise_links, page_for_path
from pages.models import HomePage, ReviewerProfile, TopicCategoryPage, TopicIndexPage, TopicPage
from pages.trust import CrisisResources, PublisherSettings

HOME = {
    "title": "Topicdesk",
    "slug": "home",
    "intro": "Plain-language guides to what you're feeling, and how therapy can help.",
}
TOPIC_INDEX = {
    "title": "Topics",
    "slug": "topics",
    "intro": "Browse by area. Each guide explains the signs, something to try, and therapy.",
}
RICH_TEXT_FIELDS = {
    "rich_text": ["body"],
    "exercise": ["instructions"],
    "therapy_expectations": ["body"],
}

#: (username, first and last name, environment variable for the password, group, superuser)
DEMO_USERS = [
    ("admin", ("Ada", "Admin"), "DEMO_ADMIN_PASSWORD", "Administrators", True),
    ("editor", ("Eli", "Editor"), "DEMO_EDITOR_PASSWORD", "Editors", False),
    ("reviewer", ("Dana", "Ortiz"), "DEMO_REVIEWER_PASSWORD", "Reviewers", False),
]
REVIEWER_CREDENTIALS = "LMFT"
#: A live page the editor has changed since; the change waits as a draft.
DRAFT_CHANGE = ("panic-attacks", "summary", "Draft, not yet reviewed: ")


@dataclass
class DemoReport:
    created_pages: list[str] = field(default_factory=list)
    in_review: list[str] = field(default_factory=list)
    created_users: list[tuple[str, str, bool]] = field(default_factory=list)
    unresolved_links: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created_pages or self.created_users)


def load_demo(
    *, log: Callable[[str], None] = lambda message: None, each_page: bool = False
) -> DemoReport:
    """Create whatever part of the demo site is missing, in one transaction.

    ``log`` gets a line per kind of thing created (``each_page``: a line per page)."""
    report = DemoReport()
    # Each document showing a demo page is rebuilt once, after the last publish.
    with transaction.atomic(), bulk.gathered():
        users = _ensure_users(report)
        site, home = _ensure_home(report)
        _ensure_publisher(site)
        index = _ensure_child(site, home, TopicIndexPage, report, **TOPIC_INDEX)
        categories = {
            category["slug"]: _ensure_child(site, index, TopicCategoryPage, report, **category)
            for category in CATEGORIES
        }
        created = _ensure_topics(site, categories, [*TOPICS, TRUST_ISSUES], report)
        for page in created:
            # Publishing as the reviewer is their clinical review (see TopicPage.publish).
            _publish(page, user=users["reviewer"])
        for page in _ensure_topics(site, categories, [IN_REVIEW], report):
            page.save_revision(user=users["editor"], log_action=True)
            page.get_workflow().start(page, users["editor"])
            report.in_review.append(_site_path(site, page))
        if created:
            _make_draft_change(users["editor"])
    if each_page:
        for path in report.created_pages:
            log(f"Created {path}")
    elif report.created_pages:
        log(f"Created {len(report.created_pages)} pages (the home page, /topics/ and below)")
    for path in report.in_review:
        log(f"Submitted {path} for review")
    for username, password, from_env in report.created_users:
        shown = "(from the environment)" if from_env else password
        log(f"Created user {username!r} with password {shown}")
    for href in report.unresolved_links:
        log(f"Warning: no page at {href}; kept as a plain link")
    if not report.changed:
        log("Demo content is already loaded; nothing changed.")
    return report


#: The demo's crisis resources: the United States' 988 Lifeline and Crisis Text Line.
CRISIS_RESOURCES = {
    "name": "United States (988)",
    "heading": "If you are in crisis",
    "text": "If you are thinking about harming yourself or are in danger, get help now. "
    "These services are free, confidential and open 24 hours a day.",
    "lines": [
        ("line", {"label": "988 Suicide & Crisis Lifeline", "kind": "phone", "value": "988"}),
        ("line", {"label": "988 Suicide & Crisis Lifeline", "kind": "sms", "value": "988"}),
        ("line", {"label": "Crisis Text Line (text HOME)", "kind": "sms", "value": "741741"}),
        ("line", {"label": "Emergency services", "kind": "phone", "value": "911"}),
    ],
}


def _ensure_publisher(site: Site) -> None:
    """The site's publisher settings, with the demo's crisis resources as the default."""
    resources = CrisisResources.objects.filter(name=CRISIS_RESOURCES["name"]).first()
    if resources is None:
        resources = CrisisResources(**CRISIS_RESOURCES)
        resources.full_clean()
        resources.save()
    settings, _ = PublisherSettings.objects.get_or_create(site=site)
    if settings.default_crisis_resources_id is None:
        settings.default_crisis_resources = resources
        settings.save()


def _publish(page: Page, *, user=None) -> None:
    page.save_revision(log_action=True).publish(user=user)


def _site_path(site: Site, page: Page) -> str:
    return "/" + page.url_path.removeprefix(site.root_page.url_path)


def _ensure_home(report: DemoReport) -> tuple[Site, HomePage]:
    """Make a HomePage the default site's root, replacing Wagtail's welcome page."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return site, site.root_page.specific

    root = Page.get_first_root_node()
    # Wagtail's initial migration creates a plain "Welcome" page with the slug we want.
    welcome = root.get_children().filter(slug=HOME["slug"]).first()
    if welcome is not None and welcome.specific_class is Page and not welcome.get_children():
        # Free the slug without save(): a save would queue a search index task for
        # a page that is deleted below, and the task worker would then fail on it.
        Page.objects.filter(pk=welcome.pk).update(slug="wagtail-welcome-page")
    else:
        welcome = None

    home = HomePage(**HOME)
    root.add_child(instance=home)
    _publish(home)
    report.created_pages.append("/")

    site = site or Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page = home
    site.site_name = HOME["title"]
    site.save()
    if welcome is not None:
        welcome.delete()
    return site, home


def _ensure_child(
    site: Site, parent: Page, model: type[Page], report: DemoReport, **fields
) -> Page:
    existing = model.objects.child_of(parent).filter(slug=fields["slug"]).first()
    if existing is not None:
        return existing
    page = model(**fields)
    parent.add_child(instance=page)
    _publish(page)
    report.created_pages.append(_site_path(site, page))
    return page


def _ensure_topics(
    site: Site, categories: dict[str, Page], topics: list[dict], report: DemoReport
) -> list[TopicPage]:
    """Create missing topics in two passes, so links between new topics resolve.

    Pass one adds each missing page as a draft with plain links; pass two,
    once every page has an id, gives it its body with page links and tags.
    The caller publishes or submits them. Returns the pages created.
    """
    created: list[tuple[TopicPage, dict]] = []
    for spec in topics:
        category = categories[spec["category"]]
        if TopicPage.objects.child_of(category).filter(slug=spec["slug"]).exists():
            continue
        page = TopicPage(
            title=spec["title"],
            slug=spec["slug"],
            seo_title=spec["seo_title"],
            search_description=spec["search_description"],
            summary=spec["summary"],
            body=[_without_page_targets(kind, value) for kind, value in spec["body"]],
            live=False,
        )
        category.add_child(instance=page)
        created.append((page, spec))

    for page, spec in created:
        page.body = [_with_page_links(site, kind, value, report) for kind, value in spec["body"]]
        page.tags.add(*spec["tags"])
        page.save()
        report.created_pages.append(_site_path(site, page))
    return [page for page, _ in created]


def _make_draft_change(editor) -> None:
    slug, field_name, prefix = DRAFT_CHANGE
    page = TopicPage.objects.get(slug=slug)
    setattr(page, field_name, prefix + getattr(page, field_name))
    page.save_revision(user=editor, log_action=True)


def _without_page_targets(kind: str, value: dict) -> tuple[str, dict]:
    return kind, {**value, "target_page": None} if kind == "cta" else value


def _with_page_links(site: Site, kind: str, value: dict, report: DemoReport) -> tuple[str, dict]:
    value = dict(value)
    for name in RICH_TEXT_FIELDS.get(kind, []):
        linked = internalise_links(value[name], site=site)
        value[name] = linked.html
        report.unresolved_links.extend(linked.unresolved)
    if kind == "cta":
        target = value.get("target_page")
        value["target_page"] = page_for_path(site=site, path=target) if target else None
    return kind, value


def _ensure_users(report: DemoReport) -> dict:
    user_model = get_user_model()
    users = {}
    for username, (first, last), env_var, group_name, is_superuser in DEMO_USERS:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            password = os.environ.get(env_var) or ""
            from_env = bool(password)
            if not from_env:
                password = secrets.token_urlsafe(12)
            user = user_model.objects.create_user(
                username=username,
                email=f"{username}@example.com",
                password=password,
                first_name=first,
                last_name=last,
                is_staff=is_superuser,
                is_superuser=is_superuser,
            )
            user.groups.add(Group.objects.get(name=group_name))
            report.created_users.append((username, password, from_env))
        users[username] = user
    ReviewerProfile.objects.get_or_create(
        user=users["reviewer"],
        defaults={"display_name": "Dana Ortiz", "credentials": REVIEWER_CREDENTIALS},
    )
    return users
