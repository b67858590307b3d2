"""Add N generated, live topic pages to the demo site, fast enough for 10,000 pages.

    python -m benchmarks.generate --count 1000     # migrate, load_demo, add 1,000 pages

Each page is a variation of one of the nine demo articles (the trust-issues
seed and the catalogue): the same block types, with its rich-text links turned
into real page links (`pages.links.internalise_links`), a shuffled checklist,
a subset of the signs, a different statistic and exercise length, and 3-5 tags
from a vocabulary of 30. So that search matches a realistic share of pages,
not every page made from one template, the template's paragraphs lose some
sentences at random, most checklist items and signs are generated, and each
page adds a paragraph of generated sentences (20 kinds of people x 64
experiences x 20 situations), and titles name one of 30 themes. Pages are
spread over the existing categories and have unique slugs; running the command
again adds N more (``--count 0`` only migrates and loads the demo). The vocabularies and
the variations are in ``benchmarks.content``.

Wagtail's ``add_child`` and ``save_revision().publish()`` cost tens of
milliseconds per page, so the pages are written in bulk instead, with the
fields Wagtail itself would set: treebeard ``path``/``depth``/``numchild``,
``url_path``, ``content_type``, ``locale``, ``translation_key``, ``live``,
``draft_title`` and publication dates, a clinical review dated now (so none
is due), plus a ``wagtail.publish`` log entry each (which moves the API's
content version, as a real publish would). They
have no revisions (editing one in the admin creates its first), and the
search and reference indexes are not updated (``python -m benchmarks.index``
or ``manage.py update_index``, and ``rebuild_references_index``, do that).
The first page made from each template, and the first 50 pages of each run,
are validated the way the admin validates them (``full_clean``) before anything
is written, and treebeard's ``find_problems`` must report a clean tree afterwards.
"""

import argparse
import os
import random
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction

from benchmarks.content import (
    FEELINGS,
    SUBJECTS,
    TAG_VOCABULARY,
    THEMES,
    pick_tags,
    slugify,
    vary_body,
)

RICH_TEXT_FIELDS = {
    "rich_text": ["body"],
    "exercise": ["instructions"],
    "therapy_expectations": ["body"],
}
BATCH_SIZE = 500
#: Pages validated with full_clean() on each run, on top of one per template.
VALIDATE_FIRST = 50


def _templates(site) -> list[dict]:
    """The demo articles with their rich-text links internalised once, not once per page."""
    from pages.demo.catalog import TOPICS
    from pages.demo.trust_issues import TRUST_ISSUES
    from pages.links import internalise_links, page_for_path

    templates = []
    for spec in [TRUST_ISSUES, *TOPICS]:
        body = []
        for kind, value in spec["body"]:
            value = dict(value)
            for name in RICH_TEXT_FIELDS.get(kind, []):
                value[name] = internalise_links(value[name], site=site).html
            if kind == "cta":
                target = value.get("target_page")
                value["target_page"] = page_for_path(site=site, path=target) if target else None
            body.append((kind, value))
        templates.append({**spec, "body": body})
    return templates


def generate(
    count: int, *, seed: int = 20240601, log: Callable[[str], None] = lambda message: None
) -> int:
    """Add ``count`` live topic pages under the existing categories; returns how many exist.

    Needs the demo site (`pages.demo.loader.load_demo`) to be loaded first.
    """
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag
    from wagtail.models import Locale, Page, PageLogEntry, Site

    from pages.models import TopicCategoryPage, TopicPage, TopicPageTag, add_months

    started = time.monotonic()
    site = Site.objects.get(is_default_site=True)
    categories = list(TopicCategoryPage.objects.live().order_by("path"))
    if not categories:
        raise RuntimeError("No topic categories: load the demo first (manage.py load_demo).")
    templates = _templates(site)
    content_type = ContentType.objects.get_for_model(TopicPage)
    locale = Locale.get_default()
    tag_ids = []
    for name in TAG_VOCABULARY:
        tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(
            name=name, slug=name
        )
        tag_ids.append(tag.pk)
    existing = TopicPage.objects.filter(slug__startswith="bench-").count()
    rng = random.Random(f"{seed}:{existing}")  # noqa: S311 (reproducible content, not secrets)
    now = datetime.now(UTC).replace(microsecond=0)

    # The next free treebeard step under each category.
    next_step = {}
    for category in categories:
        last = category.get_last_child()
        next_step[category.pk] = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1

    validated: set[str] = set()
    page_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    with transaction.atomic():
        for batch_start in range(0, count, BATCH_SIZE):
            topics: list[TopicPage] = []
            tags_for: list[list[int]] = []
            for number in range(
                existing + batch_start, existing + min(count, batch_start + BATCH_SIZE)
            ):
                category = categories[number % len(categories)]
                template = rng.choice(templates)
                theme = rng.choice(THEMES)
                title = (
                    f"When {rng.choice(SUBJECTS)} Feels {rng.choice(FEELINGS)}: "
                    f"Therapy for {theme} ({number + 1})"
                )
                slug = f"bench-{number + 1:05d}-{slugify(theme)}"
                step = next_step[category.pk]
                next_step[category.pk] += 1
                first_published = now - timedelta(minutes=rng.randint(60, 2 * 365 * 24 * 60))
                last_published = min(
                    now, first_published + timedelta(minutes=rng.randint(0, 90 * 24 * 60))
                )
                topic = TopicPage(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    seo_title=f"Therapy for {theme}"[:255],
                    search_description=template["search_description"],
                    summary=template["summary"],
                    body=vary_body(rng, template["body"], title, theme),
                    path=Page._get_path(category.path, category.depth + 1, step),
                    depth=category.depth + 1,
                    numchild=0,
                    url_path=f"{category.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=first_published,
                    last_published_at=last_published,
                    content_type=content_type,
                    locale=locale,
                    translation_key=uuid.UUID(int=rng.getrandbits(128), version=4),
                    # Reviewed as they are generated, so that the scheduler's re-review
                    # (`pages.review.services.submit_due_reviews`) leaves them alone.
                    last_reviewed_at=now,
                    next_review_due=add_months(now, settings.TOPICDESK_REVIEW_INTERVAL_MONTHS),
                )
                if template["slug"] not in validated or number < existing + VALIDATE_FIRST:
                    # The admin's validation, once per template and for the first pages
                    # (the variations keep every limit, by construction).
                    topic.full_clean()
                    validated.add(template["slug"])
                topics.append(topic)
                tags_for.append(pick_tags(rng, tag_ids))

            rows = Page.objects.bulk_create(
                [
                    Page(**{field.attname: getattr(topic, field.attname) for field in page_fields})
                    for topic in topics
                ]
            )
            for row, topic in zip(rows, topics, strict=True):
                topic.id = topic.page_ptr_id = row.pk
                # raw=True writes only TopicPage's own table, like loaddata does.
                topic.save_base(raw=True, force_insert=True)
            TopicPageTag.objects.bulk_create(
                TopicPageTag(content_object_id=topic.pk, tag_id=tag_id)
                for topic, tags in zip(topics, tags_for, strict=True)
                for tag_id in tags
            )
            PageLogEntry.objects.bulk_create(
                PageLogEntry(
                    page_id=topic.pk,
                    content_type=content_type,
                    label=topic.title,
                    action="wagtail.publish",
                    timestamp=topic.last_published_at,
                    content_changed=True,
                )
                for topic in topics
            )
            log(f"  {existing + batch_start + len(topics)} generated pages")

        for category in categories:
            Page.objects.filter(pk=category.pk).update(
                numchild=Page.objects.filter(
                    path__startswith=category.path, depth=category.depth + 1
                ).count()
            )
        problems = Page.find_problems()
        if any(problems):
            names = ("evil_chars", "bad_steplen", "orphans", "wrong_depth", "wrong_numchild")
            found = dict(zip(names, problems, strict=True))
            raise RuntimeError(f"Page tree problems after generation: {found}")

    total = TopicPage.objects.filter(slug__startswith="bench-").count()
    log(f"Added {count} topic pages in {time.monotonic() - started:.1f}s ({total} generated)")
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, required=True, help="pages to add")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument(
        "--no-setup", action="store_true", help="skip migrate and load_demo (already done)"
    )
    args = parser.parse_args(argv)

    # Never the developer's own database: these settings point at benchmarks/var/.
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from pages.demo.loader import load_demo

    if not args.no_setup:
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        load_demo()
        print(f"Migrated and loaded the demo in {time.monotonic() - started:.1f}s")
    generate(args.count, seed=args.seed, log=print)


if __name__ == "__main__":
    main()
