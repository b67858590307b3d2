"""A topic the demo leaves in review, so the reviewer has something to approve at once."""

IN_REVIEW = {
    "category": "relationships",
    "slug": "loneliness-in-relationships",
    "title": "Lonely Together: Therapy for Loneliness in a Relationship",
    "seo_title": "Therapy for Loneliness in a Relationship",
    "search_description": "Why you can feel alone next to the person you love, and how therapy "
    "helps partners reach each other again.",
    "summary": "Feeling alone while partnered is common and painful. Here's why it happens and "
    "how therapy helps you reach each other again.",
    "tags": ["relationships", "couples", "attachment", "communication"],
    "body": [
        (
            "hook_checklist",
            {
                "items": [
                    "We sit on the same couch and I still feel invisible",
                    "I rehearse conversations I never actually start",
                ],
                "affirmation": "Loneliness inside a relationship is a signal, not a verdict.",
            },
        ),
        (
            "rich_text",
            {
                "heading": "Why it happens",
                "body": "<p>Loneliness grows when bids for connection go unanswered for long "
                "enough that you stop making them. It often sits beside "
                '<a href="/topics/relationships/communication-breakdown/">communication '
                "breakdown</a>.</p>",
            },
        ),
        (
            "signs_list",
            {
                "heading": "Signs You're Lonely Together",
                "signs": [
                    {
                        "title": "Parallel Lives",
                        "description": "You share logistics but not your inner world.",
                    },
                    {
                        "title": "Quiet Resentment",
                        "description": "You keep score of the moments nobody noticed you.",
                    },
                ],
            },
        ),
        (
            "cta",
            {
                "heading": "Ready to feel close again?",
                "body": "A couples specialist can help you both turn toward each other.",
                "button_label": "Find a couples therapist",
                "target_page": "",
                "target_url": "/get-matched/",
            },
        ),
    ],
}
