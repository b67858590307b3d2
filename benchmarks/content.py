"""The generated pages' content: vocabularies, and variations of the demo articles.

For ``benchmarks.generate``: titles name one of ``THEMES``, ``pick_tags`` draws 3-5
tags from ``TAG_VOCABULARY`` (a long tail), and ``vary_body`` turns a demo body into
a valid variation with generated text of its own (sentences from ``WHO``,
``EXPERIENCES``, ``WHEN`` and ``AFTERWARDS``), so that a search matches a realistic
share of pages. Everything is drawn from the ``random.Random`` passed in.
"""

import random
import re

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
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    return _SLUG_CHARS.sub("-", text.lower()).strip("-")


def pick_tags(rng: random.Random, tag_ids: list[int]) -> list[int]:
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


def vary_body(rng: random.Random, body: list[tuple[str, dict]], title: str, theme: str) -> list:
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
