"""The seed article, "I Want to Trust, But I Can't", split into its blocks.

The text is copied verbatim from the publisher's plain-text article; every
part of it sits in its own block. Links are written as site paths and turned
into Wagtail page links when the demo is loaded.
"""

TRUST_ISSUES = {
    "category": "relationships",
    "slug": "trust-issues",
    "title": "I Want to Trust, But I Can't: Therapy for Trust Issues",
    "seo_title": "Therapy for Trust Issues",
    "search_description": (
        "Why trust feels out of reach after a rupture, the signs, one thing to try, "
        "and what therapy for trust issues looks like."
    ),
    "summary": (
        "Why trust can feel out of reach after a rupture, the signs of the loop, one thing "
        "to try, and how therapy rebuilds safety."
    ),
    "tags": ["trust", "relationships", "couples", "attachment", "nervous-system"],
    "body": [
        (
            "hook_checklist",
            {
                "items": [
                    "I'm constantly checking their phone even though I hate myself for it",
                    "They say all the right things but my body still freezes when they touch me",
                    "My best friend sent me this link with a 'this is you' text",
                ],
                "affirmation": (
                    "You're not broken for struggling to trust after your system has "
                    "registered danger."
                ),
            },
        ),
        (
            "stat_callout",
            {
                "figure": "over 40 percent",
                "statement": (
                    "of couples seeking therapy cite trust ruptures as a primary concern."
                ),
                "source": "relationship research",
                "source_url": "",
                "reassurance": "You're not alone in this.",
            },
        ),
        (
            "rich_text",
            {
                "heading": "",
                "body": (
                    "<p>Your nervous system is doing exactly what it should after a "
                    "rupture—scanning for threats to protect you. The gap between wanting "
                    "connection and feeling safe enough to let your guard down creates a "
                    'painful loop. This often shows up as a <a href="/topics/relationships/'
                    'conflict-cycles/">conflict cycle</a> where every small issue becomes a '
                    "test of safety. Understanding this pattern is the first step toward "
                    "changing it.</p>"
                ),
            },
        ),
        (
            "rich_text",
            {
                "heading": "Why Trust Feels Out of Reach",
                "body": (
                    "<p>Trust issues emerge when a rupture—betrayal, secrecy, or chronic "
                    "unreliability—shatters your felt sense of safety. Your nervous system "
                    "registers the gap between what you want together and what you keep "
                    "getting, activating threat-response systems even during calm moments. "
                    "Research from attachment studies shows this creates a persistent state "
                    "of hypervigilance that blocks "
                    '<a href="/topics/relationships/attachment-anxiety/">emotional safety</a> '
                    "from forming. The loop continues because the protective behavior "
                    "(checking, questioning) feels necessary, even as it erodes connection. "
                    "Moving through this requires specific "
                    '<a href="/topics/relationships/conflict-cycles/">rupture and repair</a> '
                    "work that addresses the original wound.</p>"
                ),
            },
        ),
        (
            "signs_list",
            {
                "heading": "Signs You're Dealing With Trust Issues",
                "signs": [
                    {
                        "title": "The Scan Never Stops",
                        "description": (
                            "You check phones, social media, or patterns even when you don't "
                            "want to. The relief from checking is temporary, but the urge "
                            "keeps returning."
                        ),
                    },
                    {
                        "title": "Your Body Remembers",
                        "description": (
                            "Certain tones, phrases, or touches trigger a freeze or panic "
                            "response that doesn't match the present moment. Your body is "
                            "responding to the past."
                        ),
                    },
                    {
                        "title": "Good Moments Feel Like Traps",
                        "description": (
                            "When things are calm, you wait for the other shoe to drop. Peace "
                            "feels suspicious rather than soothing."
                        ),
                    },
                    {
                        "title": "The Shame Layer",
                        "description": (
                            "You hate that you can't 'just get over it' and worry you're "
                            "ruining the relationship with your 'trust issues.'"
                        ),
                    },
                ],
            },
        ),
        (
            "exercise",
            {
                "kicker": "Something to try",
                "name": "The Transparency Window",
                "subtitle": "Trust Repair Protocol",
                "duration_minutes": 10,
                "instructions": (
                    "<p>For 10 minutes, ask one specific question you've been afraid to voice, "
                    "and agree to pause if defensiveness rises above a 5 out of 10. This "
                    "creates a 'contained rupture' where your nervous system can learn that "
                    "directness doesn't equal disaster. Research shows this helps rebuild "
                    "predictability without flooding either partner.</p>"
                ),
                "citation": "APA, 2023",
                "closing_note": (
                    "This is a single brick—rebuilding the whole foundation requires "
                    "specialized support that maps your specific rupture pattern."
                ),
            },
        ),
        (
            "therapy_expectations",
            {
                "heading": "What to expect in therapy",
                "body": (
                    "<p>Therapy for trust issues focuses on "
                    '<a href="/topics/relationships/conflict-cycles/">rupture and repair '
                    "cycles</a> using evidence-based approaches like EFCT for emotional safety "
                    "or CBCT for behavioral transparency. Your clinician will help you "
                    "understand what triggers your trust scan and practice new responses that "
                    "rebuild security. The process is structured but flexible, honoring both "
                    "partners' needs.</p>"
                ),
                "approaches": [
                    {"name": "EFCT", "addresses": "emotional safety"},
                    {"name": "CBCT", "addresses": "behavioral transparency"},
                ],
                "outcome": (
                    "What becomes possible is a relationship where safety isn't constantly "
                    "questioned—but felt."
                ),
            },
        ),
        (
            "cta",
            {
                "heading": "Ready for support that fits?",
                "body": (
                    "If reading articles or trying to 'just trust more' hasn't worked, you're "
                    "not alone. Trust repair requires specific protocols—generic advice can "
                    "actually make things worse by invalidating your protective instincts. You "
                    "don't have to figure out which therapy works; we match you to a "
                    "specialist who knows how to rebuild safety after rupture."
                ),
                "button_label": "Get matched with a specialist",
                "target_page": "",
                "target_url": "/get-matched/",
            },
        ),
    ],
}
