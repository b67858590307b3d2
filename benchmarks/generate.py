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
again adds N more (``--count 0`` only migrates and loads the demo).

Wagtail's ``add_child`` and ``save_revision().publish()`` cost tens of
milliseconds per page, so the pages are written in bulk instead, with the
fields Wagtail itself would set: treebeard ``path``/``depth``/``numchild``,
``url_path``, ``content_type``, ``locale``, ``translation_key``, ``live``,
``draft_title`` and publication dates, plus a ``wagtail.publish`` log entry
each (which moves the API's content version, as a real publish would). They
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
import re
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.db import transaction

#: Demo tags first (so generated pages share tags with the seed article), then more.
TAG_VOCABULARY = [
    "relationships",
    "trust",
    "couples",
    "attachment",
    "nervous-system",
    "communication",
    "anxiety",
    "panic",
    "trauma",
    "body",
    "shame",
    "boundaries",
    "grief",
    "depression",
    "self-esteem",
    "stress",
    "sleep",
    "burnout",
    "parenting",
    "family",
    "loneliness",
    "anger",
    "ptsd",
    "ocd",
    "mindfulness",
    "breakups",
    "intimacy",
    "work",
    "identity",
    "perfectionism",
]

SUBJECTS = [
    "Closeness",
    "Rest",
    "Saying No",
    "Letting Go",
    "Silence",
    "Conflict",
    "Asking for Help",
    "Slowing Down",
    "Being Seen",
    "Change",
    "Home",
    "Work",
    "Sleep",
    "Good News",
    "Feedback",
]
FEELINGS = [
    "Unsafe",
    "Impossible",
    "Exhausting",
    "Too Much",
    "Like a Test",
    "Out of Reach",
    "Frightening",
    "Pointless",
]
THEMES = [
    "Trust Issues",
    "Conflict Cycles",
    "Attachment Anxiety",
    "Panic",
    "Social Anxiety",
    "Hypervigilance",
    "Burnout",
    "Grief",
    "Perfectionism",
    "Loneliness",
    "Shame",
    "Anger",
    "Insomnia",
    "Depression",
    "Health Anxiety",
    "Postpartum Mood",
    "Caregiver Stress",
    "Divorce",
    "Infertility",
    "Chronic Pain",
    "Procrastination",
    "Body Image",
    "Workplace Bullying",
    "Empty Nest",
    "Phobias",
    "Intrusive Thoughts",
    "People Pleasing",
    "Life Transitions",
    "Money Worries",
    "Coming Out",
]
#: Sentence parts for the text each generated page adds to its template, so that words
#: (and so a search's matches) vary from page to page, not only from template to
#: template. The first experiences carry the benchmark's search phrases and are drawn
#: less often, so that each appears in a few percent of pages.
WHO = [
    "Many people",
    "Some partners",
    "New parents",
    "Students",
    "Caregivers",
    "People in recovery",
    "Veterans",
    "Nurses and teachers",
    "Couples in their first year",
    "Adults raised in chaotic homes",
    "Freelancers",
    "Older adults",
    "Grieving siblings",
    "First responders",
    "Long-distance partners",
    "People who moved abroad",
    "Managers under pressure",
    "Teenagers",
    "Remarried couples",
    "Adoptive parents",
]
EXPERIENCES = [
    "keep checking their phone for messages",
    "freeze when touched unexpectedly",
    "struggle to trust a partner who means well",
    "feel panic rising before meetings",
    "notice a racing heart at night",
    "lie awake replaying conversations",
    "avoid crowded supermarkets",
    "apologize for things that are not their fault",
    "snap at the people closest to them",
    "go numb during arguments",
    "feel homesick in their own kitchen",
    "overthink every text they send",
    "cancel plans at the last minute",
    "miss a parent they barely knew",
    "carry tension in their jaw and shoulders",
    "startle at slammed doors",
    "dread Sunday evenings",
    "hide their loneliness behind humor",
    "measure their worth by productivity",
    "feel guilty resting",
    "rehearse difficult conversations in the shower",
    "lose their appetite",
    "binge television to avoid their thoughts",
    "fear being a burden to friends",
    "struggle with intrusive memories",
    "feel detached from their own body",
    "keep score in their relationship",
    "shut down when criticized",
    "need reassurance after every disagreement",
    "find holidays exhausting rather than restful",
    "worry constantly about their children",
    "doubt their own memory of events",
    "feel jealous of a partner's friendships",
    "withdraw after an embarrassing moment",
    "wake up with a sense of dread",
    "struggle to say no to family",
    "feel invisible at work",
    "relive an accident while driving",
    "ruminate about money",
    "feel ashamed of needing help",
    "scroll late into the night",
    "skip meals when deadlines loom",
    "google every new symptom",
    "compare their bodies with strangers online",
    "put off opening letters",
    "count steps and calories obsessively",
    "avoid bridges and lifts",
    "wash their hands until they are raw",
    "drink more than they planned",
    "feel flat even on good days",
    "cry without knowing why",
    "find it hard to leave the house",
    "sleep through the afternoon",
    "lose interest in hobbies",
    "feel like an impostor in meetings",
    "hear a critical voice when they make mistakes",
    "struggle to concentrate on reading",
    "feel older than their years",
    "miss the person they were before",
    "worry about what the neighbours think",
    "avoid eye contact with colleagues",
    "keep the peace at any cost",
    "feel responsible for everyone's mood",
    "struggle to ask for a raise",
]
WHEN = [
    "after a breakup",
    "during the holidays",
    "at work",
    "in a new relationship",
    "after moving house",
    "when money is tight",
    "after a loss",
    "during exam season",
    "after becoming parents",
    "when a friend pulls away",
    "in the weeks after surgery",
    "during a long winter",
    "after a betrayal",
    "when they are tired",
    "after an argument",
    "while caring for a sick relative",
    "when plans change suddenly",
    "after a job loss",
    "on social media",
    "around anniversaries",
]
AFTERWARDS = [
    "and small routines help them feel steadier",
    "and naming the feeling takes some of its power away",
    "and a therapist can help them understand the pattern",
    "and therapy for couples gives both partners a shared language",
    "and slow breathing calms the body before the mind follows",
    "and journaling shows them the triggers over time",
    "and a supportive friend makes the first step easier",
    "and the signs of anxiety ease once they are understood",
    "and gentle movement helps release stored tension",
    "and setting one boundary at a time feels manageable",
]
_RARE_EXPERIENCES = 5
_EXPERIENCE_WEIGHTS = [0.25] * _RARE_EXPERIENCES + [1.0] * (len(EXPERIENCES) - _RARE_EXPERIENCES)
HEADINGS = [
    "Understanding",
    "Why It Happens:",
    "What Keeps Going:",
    "Living With",
    "Where It Comes From:",
    "The Body and",
]
SIGN_TITLES = [
    "It Shows Up in Your Body",
    "The Loop Repeats",
    "Rest Feels Unsafe",
    "Small Things Feel Big",
    "You Brace for Bad News",
    "Others Notice First",
    "The Evenings Are Hardest",
    "You Keep It to Yourself",
]
#: Each later sentence of a template paragraph, and each checklist item and sign,
#: is kept from the template with these probabilities; the rest is generated.
KEEP_SENTENCE = 0.3
KEEP_ITEM = 0.2
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z<])")
RICH_TEXT_FIELDS = {
    "rich_text": ["body"],
    "exercise": ["instructions"],
    "therapy_expectations": ["body"],
}
BATCH_SIZE = 500
#: Pages validated with full_clean() on each run, on top of one per template.
VALIDATE_FIRST = 50
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")


def _slugify(text: str) -> str:
    return _SLUG_CHARS.sub("-", text.lower()).strip("-")


def _pick_tags(rng: random.Random, tag_ids: list[int]) -> list[int]:
    """3-5 distinct tags, the first ones in the vocabulary more often (a long tail)."""
    weights = [1 / (rank + 1) ** 0.6 for rank in range(len(tag_ids))]
    wanted = rng.randint(3, 5)
    chosen: list[int] = []
    while len(chosen) < wanted:
        (tag,) = rng.choices(tag_ids, weights=weights)
        if tag not in chosen:
            chosen.append(tag)
    return chosen


def _experience(rng: random.Random) -> str:
    (experience,) = rng.choices(EXPERIENCES, weights=_EXPERIENCE_WEIGHTS)
    return f"{experience} {rng.choice(WHEN)}"


def _sentence(rng: random.Random) -> str:
    """One generated sentence, e.g. "Students dread Sunday evenings after a loss."."""
    text = f"{rng.choice(WHO)} {_experience(rng)}"
    if rng.random() < 0.5:
        text += f", {rng.choice(AFTERWARDS)}"
    return text + "."


def _thin(rng: random.Random, html: str) -> str:
    """Each paragraph keeps some of its sentences, at random, or gets a generated one."""

    def keep(match: re.Match) -> str:
        sentences = _SENTENCE_BREAK.split(match.group(1))
        kept = [sentence for sentence in sentences if rng.random() < KEEP_SENTENCE]
        return "<p>" + " ".join(kept or [_sentence(rng)]) + "</p>"

    return _PARAGRAPH.sub(keep, html)


def _vary_body(rng: random.Random, body: list[tuple[str, dict]], title: str, theme: str) -> list:
    """A copy of a demo body with valid variations, and much generated text of its own.

    The nine demo articles are about one cluster of subjects, so copied whole they
    would put words like "trust" or "anxiety" in most pages. Instead the template's
    paragraphs (text, exercise, therapy) keep only some of their sentences, headings
    name the page's theme, most checklist items and signs are replaced by generated
    ones, and the first text block gains a paragraph of 3-5 generated sentences: any
    one word or phrase then appears in a realistic share of pages.
    """
    result = []
    first_text = True
    for kind, value in body:
        value = dict(value)
        if kind == "hook_checklist":
            items = [
                item if rng.random() < KEEP_ITEM else f"I {_experience(rng)}"
                for item in value["items"]
            ]
            rng.shuffle(items)
            value["items"] = items
        elif kind == "stat_callout":
            value["figure"] = f"over {rng.randint(12, 68)} percent"
        elif kind == "rich_text":
            value["body"] = _thin(rng, value["body"])
            if value.get("heading"):
                value["heading"] = f"{rng.choice(HEADINGS)} {theme}"
            if first_text:
                first_text = False
                generated = " ".join(_sentence(rng) for _ in range(rng.randint(3, 5)))
                value["body"] = (
                    f"<p>{title}: a guide in plain language.</p><p>{generated}</p>" + value["body"]
                )
        elif kind == "therapy_expectations":
            value["body"] = _thin(rng, value["body"])
        elif kind == "signs_list":
            value["heading"] = f"Signs of {theme}"
            signs = [
                sign
                if rng.random() < KEEP_ITEM
                else {"title": rng.choice(SIGN_TITLES), "description": _sentence(rng)}
                for sign in value["signs"]
            ]
            rng.shuffle(signs)
            value["signs"] = signs[: rng.randint(min(2, len(signs)), len(signs))]
        elif kind == "exercise":
            value["duration_minutes"] = rng.randint(5, 30)
            value["instructions"] = _thin(rng, value["instructions"])
        result.append((kind, value))
    return result


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

    from pages.models import TopicCategoryPage, TopicPage, TopicPageTag

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
                slug = f"bench-{number + 1:05d}-{_slugify(theme)}"
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
                    body=_vary_body(rng, template["body"], title, theme),
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
                )
                if template["slug"] not in validated or number < existing + VALIDATE_FIRST:
                    # The admin's validation, once per template and for the first pages
                    # (the variations keep every limit, by construction).
                    topic.full_clean()
                    validated.add(template["slug"])
                topics.append(topic)
                tags_for.append(_pick_tags(rng, tag_ids))

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
