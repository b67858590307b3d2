"""Sample content for each body block's preview in the admin's block picker
(each block's ``Meta.preview_value``): demo data, kept out of `pages.blocks`."""

HOOK_CHECKLIST = {
    "items": [
        "I'm constantly checking their phone even though I hate myself for it",
        "They say all the right things but my body still freezes when they touch me",
    ],
    "affirmation": "You're not broken for struggling to trust.",
}


STAT_CALLOUT = {
    "figure": "over 40 percent",
    "statement": "of couples seeking therapy cite trust ruptures as a primary concern.",
    "source": "relationship research",
    "source_url": "",
    "reassurance": "You're not alone in this.",
}


RICH_TEXT_SECTION = {
    "heading": "Why Trust Feels Out of Reach",
    "body": "<p>Trust issues emerge when a rupture shatters your felt sense of safety.</p>",
}


SIGNS_LIST = {
    "heading": "Signs You're Dealing With Trust Issues",
    "signs": [
        {
            "title": "The Scan Never Stops",
            "description": "You check phones, social media, or patterns.",
        },
        {
            "title": "Your Body Remembers",
            "description": "Certain tones or touches trigger a freeze.",
        },
    ],
}


EXERCISE = {
    "kicker": "Something to try",
    "name": "The Transparency Window",
    "subtitle": "Trust Repair Protocol",
    "duration_minutes": 10,
    "instructions": "<p>For 10 minutes, ask one specific question.</p>",
    "citation": "APA, 2023",
    "closing_note": "This is a single brick.",
}


THERAPY_EXPECTATIONS = {
    "heading": "What to expect in therapy",
    "body": "<p>Therapy focuses on rupture and repair cycles.</p>",
    "approaches": [
        {"name": "EFCT", "addresses": "emotional safety"},
        {"name": "CBCT", "addresses": "behavioral transparency"},
    ],
    "outcome": "What becomes possible is a relationship where safety is felt.",
}


CTA = {
    "heading": "Ready for support that fits?",
    "body": "We match you to a specialist who knows how to rebuild safety after rupture.",
    "button_label": "Get matched",
    "target_page": None,
    "target_url": "/get-matched/",
}
