"""Demo topic catalogue used by manage.py load_demo.

Pure Python data with no Django imports, so it can be imported and checked on its own.

``CATEGORIES`` lists the three demo topic categories (``slug``, ``title``, ``intro``).

``TOPICS`` lists eight demo topic pages. Each has a ``category`` (a ``CATEGORIES`` slug), ``slug``,
``title``, ``seo_title`` (60 characters or fewer), ``search_description`` (160 or fewer), a listing
``summary`` (240 or fewer), lowercase ``tags`` drawn from a shared vocabulary so "related pages by
shared tags" has matches, and ``body``: a list of ``(block_type, value)`` tuples for the
StreamField. Block types are ``hook_checklist``, ``stat_callout``, ``rich_text``, ``signs_list``,
``exercise``, ``therapy_expectations`` and ``cta``. Optional values are ``""``.

Internal links point only at pages in this catalogue or at the separate trust-issues article,
``/topics/relationships/trust-issues/``.
"""

CATEGORIES: list[dict] = [
    {
        "slug": "relationships",
        "title": "Relationships",
        "intro": (
            "Support for the patterns that show up between partners, from recurring arguments to "
            "rebuilding trust. Explore how connection gets stuck and what can help it move again."
        ),
    },
    {
        "slug": "anxiety",
        "title": "Anxiety",
        "intro": (
            "Understand what anxiety is doing in your mind and body, and find approaches that can "
            "help you feel steadier day to day."
        ),
    },
    {
        "slug": "trauma",
        "title": "Trauma & Stress",
        "intro": (
            "Learn how overwhelming experiences can stay with the body and nervous system, and how "
            "trauma-informed therapy can help you feel safer."
        ),
    },
]

TOPICS: list[dict] = [
    # Relationships --------------------------------------------------------------------------------
    {
        "category": "relationships",
        "slug": "conflict-cycles",
        "title": "The Same Fight, Again: Therapy for Conflict Cycles in Relationships",
        "seo_title": "Conflict Cycles in Relationships: Therapy That Helps",
        "search_description": (
            "Keep having the same argument? Learn how conflict cycles form, the signs to notice, "
            "and how couples therapy helps partners step out of the loop."
        ),
        "summary": (
            "When every disagreement follows the same script, you may be caught in a conflict "
            "cycle. Here's how the loop works and how therapy can help you both step out of it."
        ),
        "tags": ["relationships", "couples", "communication", "nervous-system", "attachment"],
        "body": [
            (
                "hook_checklist",
                {
                    "items": [
                        (
                            "We can start arguing about the dishes and end up questioning the "
                            "whole relationship"
                        ),
                        (
                            "I already know exactly how our fights will go, and I still can't stop "
                            "them"
                        ),
                        (
                            "One of us pushes for answers while the other shuts down or leaves the "
                            "room"
                        ),
                        "After we make up, I'm quietly waiting for the next blow-up",
                    ],
                    "affirmation": (
                        "Getting stuck in the same fight doesn't mean you're with the wrong "
                        "person; it usually means you're both protecting something important."
                    ),
                },
            ),
            (
                "stat_callout",
                {
                    "figure": "about two-thirds of",
                    "statement": (
                        "ongoing conflicts between partners are about recurring issues that never "
                        "fully resolve, so learning how to talk about them matters more than "
                        "settling them."
                    ),
                    "source": "relationship research",
                    "source_url": "",
                    "reassurance": (
                        "Recurring disagreements are a normal part of close relationships."
                    ),
                },
            ),
            (
                "rich_text",
                {
                    "heading": "How a Conflict Cycle Takes Hold",
                    "body": (
                        "<p>A conflict cycle is a predictable loop in which each partner's way of "
                        "protecting themselves sets off the other's. One person may <b>pursue</b>, "
                        "pressing for closeness or answers, while the other <b>withdraws</b> to "
                        "calm things down. Each move makes sense on its own, yet together they "
                        "keep the argument spinning.</p><p>Underneath the content of the fight "
                        "there is often a quieter fear: of not mattering, or of getting it wrong. "
                        "When those fears stay unspoken, small issues can start to feel like tests "
                        "of safety, which is also how <a "
                        'href="/topics/relationships/trust-issues/">trust issues</a> and <a '
                        'href="/topics/relationships/attachment-anxiety/">attachment anxiety</a> '
                        "can take root.</p>"
                    ),
                },
            ),
            (
                "signs_list",
                {
                    "heading": "Signs You're Caught in a Conflict Cycle",
                    "signs": [
                        {
                            "title": "The Script Feels Familiar",
                            "description": (
                                "You could predict who says what, and when, before the argument "
                                "even starts."
                            ),
                        },
                        {
                            "title": "The Topic Changes, the Pattern Doesn't",
                            "description": (
                                "Money, chores or in-laws: the fight ends up feeling the same no "
                                "matter what it's about."
                            ),
                        },
                        {
                            "title": "Pursue and Withdraw",
                            "description": (
                                "One of you pushes harder for a response while the other goes "
                                "quiet, leaves, or shuts down."
                            ),
                        },
                        {
                            "title": "Repair Never Quite Lands",
                            "description": (
                                "Apologies happen, but the hurt lingers and nothing feels fully "
                                "resolved."
                            ),
                        },
                    ],
                },
            ),
            (
                "exercise",
                {
                    "kicker": "Something to try",
                    "name": "The Soft Start-Up",
                    "subtitle": "Opening a hard conversation without setting off alarms",
                    "duration_minutes": 10,
                    "instructions": (
                        "<p>Pick one small, recurring issue. Before you raise it, write a single "
                        "sentence using this shape: <i>I feel ... about ... and I need ...</i> "
                        "Keep it about your experience rather than your partner's character, and "
                        "say it at a calm moment rather than in the middle of "
                        "tension.</p><p>Notice how your body responds as you speak, and how your "
                        "partner responds. If either of you starts to feel flooded, agree to pause "
                        "for 20 minutes and come back.</p>"
                    ),
                    "citation": "Gottman & Silver, 1999",
                    "closing_note": (
                        "One gentler opening won't end a cycle on its own, but it shows you both "
                        "that a different conversation is possible."
                    ),
                },
            ),
            (
                "therapy_expectations",
                {
                    "heading": "What to expect in therapy",
                    "body": (
                        "<p>Couples therapy for conflict cycles helps you map your loop together: "
                        "what sets it off, what each of you does to protect yourself, and what "
                        "you're each feeling underneath. Rather than deciding who is right, your "
                        "therapist helps you both slow the pattern down and try new ways of "
                        "reaching for each other. If a past hurt such as <a "
                        'href="/topics/relationships/infidelity-recovery/">infidelity</a> is '
                        "fueling the cycle, that can be addressed too.</p>"
                    ),
                    "approaches": [
                        {
                            "name": "Emotionally Focused Therapy (EFT)",
                            "addresses": (
                                "the pursue-withdraw pattern and the emotions underneath it"
                            ),
                        },
                        {
                            "name": "Gottman Method Couples Therapy",
                            "addresses": "harsh start-ups, flooding and repair attempts",
                        },
                    ],
                    "outcome": (
                        "What becomes possible is a relationship where disagreements still happen "
                        "but no longer threaten the connection."
                    ),
                },
            ),
            (
                "cta",
                {
                    "heading": "Ready to step out of the loop?",
                    "body": (
                        "You don't have to untangle the pattern on your own. We can match you with "
                        "a couples therapist who works with conflict cycles."
                    ),
                    "button_label": "Find a couples therapist",
                    "target_page": "",
                    "target_url": "/get-matched/",
                },
            ),
        ],
    },
    {
        "category": "relationships",
        "slug": "attachment-anxiety",
        "title": "Why Do I Need So Much Reassurance? Therapy for Attachment Anxiety",
        "seo_title": "Attachment Anxiety: Signs, Roots and Therapy Support",
        "search_description": (
            "Worried they'll pull away, or need constant reassurance? Learn how attachment anxiety "
            "shows up in relationships and how therapy can help you feel more secure."
        ),
        "summary": (
            "If a slow reply can send your mind spiraling, attachment anxiety may be at work. "
            "Learn where the fear of being left comes from and how therapy can help you feel "
            "steadier."
        ),
        "tags": ["attachment", "relationships", "anxiety", "trust", "shame"],
        "body": [
            (
                "hook_checklist",
                {
                    "items": [
                        (
                            "If they take a while to text back, I start imagining they're losing "
                            "interest"
                        ),
                        "I ask for reassurance, feel better for an hour, and then need it again",
                        "I change who I am to keep people from leaving",
                        "Even in a good relationship, I brace for it to end",
                    ],
                    "affirmation": (
                        "Needing closeness isn't a flaw; your attachment system is working hard to "
                        "keep you connected."
                    ),
                },
            ),
            (
                "rich_text",
                {
                    "heading": "",
                    "body": (
                        "<p>Attachment anxiety isn't a diagnosis. It describes a pattern in which "
                        "closeness feels essential but never quite secure, so your mind keeps "
                        "checking whether the connection is still there. It can be exhausting for "
                        "you, and confusing for the people who love you.</p>"
                    ),
                },
            ),
            (
                "rich_text",
                {
                    "heading": "Where the Fear of Being Left Comes From",
                    "body": (
                        "<p>Our earliest relationships teach the nervous system what to expect "
                        "from the people we depend on. If care felt unpredictable, present one "
                        "moment and out of reach the next, you may have learned to stay alert for "
                        "signs of distance and to work hard to close the gap. That strategy once "
                        "made sense.</p><p>In adult relationships, the same alertness can turn a "
                        "delayed reply into an emergency. Reassurance-seeking can become part of a "
                        '<a href="/topics/relationships/conflict-cycles/">conflict cycle</a>, and '
                        "old hurts can make it harder to <a "
                        'href="/topics/relationships/trust-issues/">trust</a> even a steady '
                        "partner.</p>"
                    ),
                },
            ),
            (
                "signs_list",
                {
                    "heading": "Signs of Attachment Anxiety",
                    "signs": [
                        {
                            "title": "Reading Between Every Line",
                            "description": (
                                "You analyze tone, punctuation and response times, looking for "
                                "signs that something has changed."
                            ),
                        },
                        {
                            "title": "Reassurance That Doesn't Last",
                            "description": (
                                "Hearing 'I'm not going anywhere' brings relief, but the worry "
                                "soon comes back."
                            ),
                        },
                        {
                            "title": "Protest Behavior",
                            "description": (
                                "When you sense distance, you might call repeatedly, pick a fight, "
                                "or pull away to see if they'll follow."
                            ),
                        },
                        {
                            "title": "Losing Yourself",
                            "description": (
                                "You set aside your own needs, plans or opinions to keep the "
                                "relationship feeling safe."
                            ),
                        },
                    ],
                },
            ),
            (
                "exercise",
                {
                    "kicker": "Something to try",
                    "name": "Name It Before You Reach",
                    "subtitle": "A pause between the worry and the text",
                    "duration_minutes": 5,
                    "instructions": (
                        "<p>The next time you feel the urge to seek reassurance, set a timer for "
                        "five minutes before you act. Put a hand on your chest and name what's "
                        "happening: <i>My attachment alarm is going off.</i> Then write down the "
                        "story your mind is telling you, and one other possible "
                        "explanation.</p><p>When the timer ends, you can still reach out if you "
                        "want to. The aim isn't to stop needing people; it's to give yourself a "
                        "moment of steadiness first.</p>"
                    ),
                    "citation": "",
                    "closing_note": (
                        "Over time, small pauses like this can help your nervous system learn that "
                        "a worry is not the same as a warning."
                    ),
                },
            ),
            (
                "therapy_expectations",
                {
                    "heading": "What to expect in therapy",
                    "body": (
                        "<p>Therapy for attachment anxiety explores how your early experiences "
                        "shaped what you expect from closeness, and helps you build a steadier "
                        "sense of yourself inside relationships. You'll practice noticing the "
                        "alarm, soothing it, and asking for what you need in ways that invite "
                        "connection. If you're in a relationship, your therapist may suggest some "
                        "sessions together.</p>"
                    ),
                    "approaches": [
                        {
                            "name": "Attachment-focused therapy",
                            "addresses": "how early relationships shape present fears",
                        },
                        {
                            "name": "Schema therapy",
                            "addresses": "long-standing patterns of abandonment fear",
                        },
                        {
                            "name": "Emotionally Focused Therapy (EFT)",
                            "addresses": "reaching for a partner without protest",
                        },
                    ],
                    "outcome": (
                        "What becomes possible is closeness that feels restful rather than "
                        "something you have to keep earning."
                    ),
                },
            ),
            (
                "cta",
                {
                    "heading": "Looking for a steadier kind of closeness?",
                    "body": (
                        "A therapist who understands attachment can help you feel more secure, "
                        "with or without a partner. We'll match you with someone who fits."
                    ),
                    "button_label": "Find a therapist",
                    "target_page": "",
                    "target_url": "/get-matched/",
                },
            ),
        ],
    },
    {
        "category": "relationships",
        "slug": "infidelity-recovery",
        "title": "After the Affair: Therapy for Infidelity Recovery",
        "seo_title": "Infidelity Recovery: How Couples Therapy Can Help",
        "search_description": (
            "Discovering an affair can upend your sense of safety. Learn what recovery from "
            "infidelity can look like and how couples therapy supports both partners."
        ),
        "summary": (
            "Discovering or disclosing an affair can turn your world upside down. Learn what "
            "recovery can involve, whether or not you stay together, and how therapy supports both "
            "partners."
        ),
        "tags": ["trust", "couples", "relationships", "shame", "trauma"],
        "body": [
            (
                "hook_checklist",
                {
                    "items": [
                        "I keep replaying the moment I found out, over and over",
                        "I want to know every detail, and every detail hurts",
                        "Some days I want to rebuild, other days I want to leave",
                        "I'm the one who had the affair, and I don't know how to make this right",
                    ],
                    "affirmation": (
                        "Whatever you're feeling right now, and however quickly it changes, makes "
                        "sense after a betrayal."
                    ),
                },
            ),
            (
                "rich_text",
                {
                    "heading": "Why an Affair Can Feel Like a Shock to the System",
                    "body": (
                        "<p>For the partner who was betrayed, discovering an affair can feel less "
                        "like bad news and more like the ground giving way. Intrusive images, "
                        "sleeplessness, anger and numbness can arrive in waves. Some of these "
                        "reactions resemble a stress response, and some people recognize "
                        "themselves in our page on <a "
                        'href="/topics/trauma/hypervigilance/">hypervigilance</a>.</p><p>For the '
                        "partner who had the affair, shame and defensiveness can make it hard to "
                        "stay present with the hurt they caused. Recovery usually means addressing "
                        'both: rebuilding <a href="/topics/relationships/trust-issues/">trust</a> '
                        "step by step, and understanding what made the relationship vulnerable in "
                        "the first place.</p>"
                    ),
                },
            ),
            (
                "signs_list",
                {
                    "heading": "Signs the Affair Is Still Running Your Days",
                    "signs": [
                        {
                            "title": "Intrusive Replaying",
                            "description": (
                                "Images, messages or dates come back unbidden, often at the worst "
                                "moments."
                            ),
                        },
                        {
                            "title": "Checking and Questioning",
                            "description": (
                                "You feel pulled to check devices or ask for details, even when "
                                "the answers bring more pain."
                            ),
                        },
                        {
                            "title": "Emotional Whiplash",
                            "description": (
                                "Closeness and rage can sit side by side, sometimes within the "
                                "same hour."
                            ),
                        },
                        {
                            "title": "Stuck in Shame",
                            "description": (
                                "Whether you were betrayed or did the betraying, shame makes it "
                                "hard to talk honestly about what happened."
                            ),
                        },
                    ],
                },
            ),
            (
                "exercise",
                {
                    "kicker": "Something to try",
                    "name": "The Agreed Check-In",
                    "subtitle": "A predictable space for hard questions",
                    "duration_minutes": 20,
                    "instructions": (
                        "<p>Agree on a set time, two or three times a week, for questions about "
                        "the affair. Outside those times, write questions down rather than raising "
                        "them in the moment. During the check-in, the partner who had the affair "
                        "answers honestly, and either of you can call a break if things "
                        "escalate.</p><p>Keep each check-in to about 20 minutes, and end with "
                        "something steadying, such as a short walk or a few quiet minutes "
                        "apart.</p>"
                    ),
                    "citation": "",
                    "closing_note": (
                        "Containing hard conversations isn't avoiding them; it gives you both a "
                        "structure that feels safer to return to."
                    ),
                },
            ),
            (
                "therapy_expectations",
                {
                    "heading": "What to expect in therapy",
                    "body": (
                        "<p>Affair recovery often moves through stages: steadying the crisis, "
                        "understanding how the affair happened, and deciding, together or "
                        "separately, what comes next. A couples therapist stays balanced, making "
                        "room for the betrayed partner's hurt and the involved partner's "
                        "accountability. Individual sessions can help too, especially if the "
                        "discovery has stirred up older wounds.</p>"
                    ),
                    "approaches": [
                        {
                            "name": "Gottman Method Couples Therapy",
                            "addresses": "atonement, attunement and rebuilding commitment",
                        },
                        {
                            "name": "Emotionally Focused Therapy (EFT)",
                            "addresses": "the emotional injury and reconnecting safely",
                        },
                        {
                            "name": "Integrative Behavioral Couple Therapy",
                            "addresses": "acceptance and change in long-standing patterns",
                        },
                    ],
                    "outcome": (
                        "What becomes possible is a clearer path forward, whether that means a "
                        "rebuilt relationship or a more peaceful ending."
                    ),
                },
            ),
            (
                "cta",
                {
                    "heading": "Not sure where to start after an affair?",
                    "body": (
                        "You don't have to decide the future of your relationship today. We can "
                        "match you with a therapist experienced in infidelity recovery."
                    ),
                    "button_label": "Get matched",
                    "target_page": "",
                    "target_url": "/get-matched/",
                },
            ),
        ],
    },
    {
        "category": "relationships",
        "slug": "communication-breakdown",
        "title": "We Don't Really Talk Anymore: Therapy for Communication Breakdown",
        "seo_title": "Communication Breakdown in Relationships: Getting Help",
        "search_description": (
            "Feel like roommates, or like every talk turns into a fight? Learn the signs of "
            "communication breakdown and how couples therapy can help you reconnect."
        ),
        "summary": (
            "When conversations shrink to logistics or blow up into arguments, it can feel like "
            "you've lost each other. Learn the signs of communication breakdown and how to start "
            "talking again."
        ),
        "tags": ["communication", "couples", "relationships", "nervous-system"],
        "body": [
            (
                "hook_checklist",
                {
                    "items": [
                        (
                            "Our conversations are mostly about schedules, bills and who's picking "
                            "up the kids"
                        ),
                        "I stopped bringing things up because it always turns into a fight",
                        "I feel lonelier sitting next to my partner than I do on my own",
                        "When I try to explain how I feel, it comes out as criticism",
                    ],
                    "affirmation": (
                        "Drifting apart in conversation is common, and it can change with support."
                    ),
                },
            ),
            (
                "rich_text",
                {
                    "heading": "How Couples Stop Really Talking",
                    "body": (
                        "<p>Communication rarely breaks down all at once. It tends to erode "
                        "through small moments: a bid for attention that goes unanswered, a "
                        "complaint that lands as an attack, a hard topic quietly shelved. Over "
                        "time, many couples settle into talking only about logistics because it "
                        "feels safer than talking about what matters.</p><p>Often the silence is "
                        "protecting you both from another round of a familiar <a "
                        'href="/topics/relationships/conflict-cycles/">conflict cycle</a>. For '
                        "some people, it also connects to <a "
                        'href="/topics/anxiety/social-anxiety/">social anxiety</a> or a fear of '
                        "getting it wrong that started long before this relationship.</p>"
                    ),
                },
            ),
            (
                "signs_list",
                {
                    "heading": "Signs of a Communication Breakdown",
                    "signs": [
                        {
                            "title": "Talking Only About Logistics",
                            "description": (
                                "Conversations revolve around tasks and schedules, with little "
                                "room for feelings, hopes or humor."
                            ),
                        },
                        {
                            "title": "Topics You Both Avoid",
                            "description": (
                                "Certain subjects feel too risky to raise, so they go unspoken for "
                                "months or even years."
                            ),
                        },
                        {
                            "title": "Criticism and Defensiveness",
                            "description": (
                                "Complaints land as personal attacks, and responses come out as "
                                "counterattacks or excuses."
                            ),
                        },
                        {
                            "title": "Shutting Down",
                            "description": (
                                "One or both of you goes quiet, scrolls, or leaves the room when "
                                "things get tense."
                            ),
                        },
                    ],
                },
            ),
            (
                "exercise",
                {
                    "kicker": "Something to try",
                    "name": "The Daily Debrief",
                    "subtitle": "A low-stakes way to hear each other again",
                    "duration_minutes": 15,
                    "instructions": (
                        "<p>Once a day, take turns spending about seven minutes each talking about "
                        "something that happened outside your relationship. The listener's only "
                        "job is to be curious and on the speaker's side: ask questions, reflect "
                        "back what you hear, and hold off on advice.</p><p>Keep it light at first. "
                        "The goal is to rebuild the habit of listening before you try it with "
                        "harder topics.</p>"
                    ),
                    "citation": "",
                    "closing_note": (
                        "Small, regular moments of being heard often do more than one big "
                        "conversation."
                    ),
                },
            ),
            (
                "therapy_expectations",
                {
                    "heading": "What to expect in therapy",
                    "body": (
                        "<p>In therapy, you and your partner learn to slow conversations down "
                        "enough to hear what's underneath the words. Your therapist may coach you "
                        "through speaking and listening in the session itself, so new habits are "
                        "practiced with support rather than just discussed.</p>"
                    ),
                    "approaches": [
                        {
                            "name": "Gottman Method Couples Therapy",
                            "addresses": "criticism, defensiveness and turning toward each other",
                        },
                        {
                            "name": "Emotionally Focused Therapy (EFT)",
                            "addresses": "the emotions hiding behind silence or anger",
                        },
                    ],
                    "outcome": (
                        "What becomes possible is a relationship where you can raise what matters "
                        "without bracing for the fallout."
                    ),
                },
            ),
            (
                "cta",
                {
                    "heading": "Want to feel heard again?",
                    "body": (
                        "A couples therapist can help you both find your way back to real "
                        "conversation. We'll match you with someone who fits your needs."
                    ),
                    "button_label": "Find a couples therapist",
                    "target_page": "",
                    "target_url": "/get-matched/",
                },
            ),
        ],
    },
    # Anxiety --------------------------------------------------------------------------------------
    {
        "category": "anxiety",
        "slug": "panic-attacks",
        "title": "It Feels Like Something Is Terribly Wrong: Therapy for Panic Attacks",
        "seo_title": "Panic Attacks: What's Happening and How Therapy Helps",
        "search_description": (
            "Racing heart, tight chest, fear of losing control? Learn what panic attacks are, why "
            "they happen, and how therapy can help you feel safer in your body again."
        ),
        "summary": (
            "A panic attack can feel terrifying, even when you're physically safe. Learn what's "
            "happening in your body, what you can try in the moment, and how therapy can help."
        ),
        "tags": ["panic", "anxiety", "nervous-system", "body"],
        "body": [
            (
                "hook_checklist",
                {
                    "items": [
                        "My heart races out of nowhere and I'm sure something is seriously wrong",
                        "I've been to the emergency room and was told it was panic",
                        "I avoid places where I've had an attack in case it happens again",
                        (
                            "I worry about the next panic attack almost as much as the attacks "
                            "themselves"
                        ),
                    ],
                    "affirmation": (
                        "Panic is frightening, but you're not alone, and there are well-studied "
                        "ways to help."
                    ),
                },
            ),
            (
                "stat_callout",
                {
                    "figure": "about 1 in 3",
                    "statement": (
                        "adults will experience an anxiety disorder at some point in their lives."
                    ),
                    "source": "the National Institute of Mental Health",
                    "source_url": "",
                    "reassurance": "Panic is one of the most widely researched forms of anxiety.",
                },
            ),
            (
                "rich_text",
                {
                    "heading": "What's Happening in Your Body",
                    "body": (
                        "<p>A panic attack is a sudden surge of your body's alarm response: a "
                        "racing heart, fast breathing, dizziness, tingling or a sense of "
                        "unreality, often peaking within minutes. Your <b>nervous system</b> is "
                        "preparing you to fight or flee, even though there's nothing to fight or "
                        "flee from. Because the sensations are so intense, it's natural to fear a "
                        "heart attack or losing control.</p><p>It's always worth checking new or "
                        "changing physical symptoms with a doctor. Once medical causes have been "
                        "ruled out, the fear of the next attack can become its own trap. For some "
                        "people, panic is linked to past experiences the body still carries, which "
                        'we explore in <a href="/topics/trauma/body-memories/">body '
                        "memories</a>.</p>"
                    ),
                },
            ),
            (
                "signs_list",
                {
                    "heading": "Signs You May Be Experiencing Panic Attacks",
                    "signs": [
                        {
                            "title": "A Sudden Surge",
                            "description": (
                                "Intense fear and strong physical sensations arrive quickly, often "
                                "peaking within minutes."
                            ),
                        },
                        {
                            "title": "Fear of the Next One",
                            "description": (
                                "You spend a lot of time worrying about when another attack might "
                                "come."
                            ),
                        },
                        {
                            "title": "Scanning Your Body",
                            "description": (
                                "You monitor your heartbeat or breathing closely, and small "
                                "changes feel alarming."
                            ),
                        },
                        {
                            "title": "Shrinking Your World",
                            "description": (
                                "You start avoiding places, travel or activities where an attack "
                                "happened before."
                            ),
                        },
                    ],
                },
            ),
            (
                "exercise",
                {
                    "kicker": "Something to try",
                    "name": "Slow Exhale Breathing",
                    "subtitle": "Signaling safety to your nervous system",
                    "duration_minutes": 5,
                    "instructions": (
                        "<p>Sit or stand comfortably. Breathe in gently through your nose for a "
                        "count of four, then breathe out slowly through your mouth for a count of "
                        "six, as if blowing through a straw. A longer out-breath can help settle "
                        "your body's alarm response.</p><p>Practice for five minutes a day when "
                        "you feel calm, so the rhythm feels familiar when you need it. If focusing "
                        "on your breath makes you more anxious, try resting your attention on your "
                        "feet instead.</p>"
                    ),
                    "citation": "",
                    "closing_note": (
                        "Breathing won't switch panic off like a light, but it can help you ride "
                        "the wave rather than fight it."
                    ),
                },
            ),
            (
                "therapy_expectations",
                {
                    "heading": "What to expect in therapy",
                    "body": (
                        "<p>Therapy for panic usually combines understanding what's happening in "
                        "your body with gradually, and at your own pace, facing the sensations and "
                        "situations you've been avoiding. Your therapist will help you notice the "
                        "catastrophic thoughts that turn a racing heart into an emergency, and "
                        "practice responding to them differently.</p>"
                    ),
                    "approaches": [
                        {
                            "name": "CBT",
                            "addresses": "catastrophic thoughts about physical sensations",
                        },
                        {
                            "name": "Exposure therapy",
                            "addresses": "avoidance of sensations and places linked to panic",
                        },
                        {
                            "name": "ACT",
                            "addresses": "making room for discomfort while living fully",
                        },
                    ],
                    "outcome": (
                        "What becomes possible is a life shaped by what matters to you, not by the "
                        "fear of the next attack."
                    ),
                },
            ),
            (
                "cta",
                {
                    "heading": "Ready to feel safer in your body?",
                    "body": (
                        "Panic can feel isolating, but support is available. We'll match you with "
                        "a therapist experienced in panic and anxiety."
                    ),
                    "button_label": "Find a therapist",
                    "target_page": "",
                    "target_url": "/get-matched/",
                },
            ),
        ],
    },
    {
        "category": "anxiety",
        "slug": "social-anxiety",
        "title": "Everyone's Watching Me: Therapy for Social Anxiety",
        "seo_title": "Social Anxiety: Signs and How Therapy Can Help",
        "search_description": (
            "Dread small talk, replay conversations for days, or avoid speaking up? Learn how "
            "social anxiety works and how therapy can help you feel more at ease."
        ),
        "summary": (
            "If social situations leave you dreading judgment and replaying every word afterward, "
            "you may be living with social anxiety. Here's how it works and how therapy can help."
        ),
        "tags": ["anxiety", "shame", "nervous-system", "communication"],
        "body": [
            (
                "hook_checklist",
                {
                    "items": [
                        "I rehearse what I'm going to say, then replay it for days afterward",
                        "I'd rather stay quiet in meetings than risk saying something stupid",
                        "I cancel plans I was looking forward to because the dread gets too big",
                        "I'm sure people can see how nervous I am",
                    ],
                    "affirmation": (
                        "Wanting to connect while fearing judgment is a deeply human bind, and it "
                        "can loosen."
                    ),
                },
            ),
            (
                "stat_callout",
                {
                    "figure": "roughly 1 in 8",
                    "statement": (
                        "adults will experience social anxiety disorder at some point in their "
                        "lives."
                    ),
                    "source": "the National Institute of Mental Health",
                    "source_url": "",
                    "reassurance": (
                        "Many more feel its pull without ever meeting criteria for a diagnosis."
                    ),
                },
            ),
            (
                "rich_text",
                {
                    "heading": "More Than Shyness",
                    "body": (
                        "<p>Social anxiety is an intense, persistent fear of being judged, "
                        "embarrassed or rejected by others. It isn't the same as being shy or "
                        "introverted. Many people with social anxiety enjoy company and want "
                        "closeness; the fear simply gets in the way. Before a social situation "
                        "there's dread, during it there's a harsh inner critic, and afterward "
                        "there's the replay.</p><p>Your body joins in too: blushing, shaking or a "
                        "racing heart can feel like proof that everyone can see your discomfort. "
                        "For some people these surges tip into <a "
                        'href="/topics/anxiety/panic-attacks/">panic attacks</a>, and the fear of '
                        "speaking up can quietly feed a <a "
                        'href="/topics/relationships/communication-breakdown/">communication '
                        "breakdown</a> at home.</p>"
                    ),
                },
            ),
            (
                "signs_list",
                {
                    "heading": "Signs of Social Anxiety",
                    "signs": [
                        {
                            "title": "Dread Before, Replay After",
                            "description": (
                                "You worry for days before an event and pick apart every moment "
                                "once it's over."
                            ),
                        },
                        {
                            "title": "The Spotlight Feeling",
                            "description": (
                                "You feel as if people are closely watching and judging how you "
                                "look or what you say."
                            ),
                        },
                        {
                            "title": "Safety Behaviors",
                            "description": (
                                "You rehearse lines, avoid eye contact or stay on your phone to "
                                "get through social moments."
                            ),
                        },
                        {
                            "title": "Avoidance That Grows",
                            "description": (
                                "You turn down invitations, skip meetings or let calls go to "
                                "voicemail to avoid the fear."
                            ),
                        },
                    ],
                },
            ),
            (
                "exercise",
                {
                    "kicker": "Something to try",
                    "name": "Turn the Spotlight Outward",
                    "subtitle": "Shifting attention from yourself to the room",
                    "duration_minutes": 10,
                    "instructions": (
                        "<p>In your next low-stakes conversation, such as buying a coffee or "
                        "chatting with a colleague, try moving your attention away from how you're "
                        "coming across. Instead, get curious about the other person: what they're "
                        "saying, what they're wearing, what they seem to care "
                        "about.</p><p>Afterward, take a few minutes to jot down what actually "
                        "happened, rather than what you feared would happen.</p>"
                    ),
                    "citation": "",
                    "closing_note": (
                        "Social anxiety narrows your attention onto yourself; gently widening it "
                        "is a skill that grows with practice."
                    ),
                },
            ),
            (
                "cta",
                {
                    "heading": "Ready to feel more at ease with people?",
                    "body": (
                        "Social anxiety is common, and the right support can help. We can match "
                        "you with a therapist who specializes in anxiety."
                    ),
                    "button_label": "Find a therapist",
                    "target_page": "",
                    "target_url": "/get-matched/",
                },
            ),
        ],
    },
    # Trauma & Stress ------------------------------------------------------------------------------
    {
        "category": "trauma",
        "slug": "body-memories",
        "title": "My Body Remembers What My Mind Wants to Forget: Therapy for Body Memories",
        "seo_title": "Body Memories and Trauma: Understanding Your Reactions",
        "search_description": (
            "Sudden tension, nausea or panic with no clear cause? Learn how stressful experiences "
            "can be held in the body and how trauma-informed therapy can help."
        ),
        "summary": (
            "Sometimes the body reacts to reminders of the past before the mind catches up. Learn "
            "what body memories are, why they happen, and how trauma-informed therapy can help."
        ),
        "tags": ["trauma", "body", "nervous-system", "panic"],
        "body": [
            (
                "hook_checklist",
                {
                    "items": [
                        "A certain smell or tone of voice and suddenly my whole body tenses up",
                        "I feel panic or nausea and I can't explain where it's coming from",
                        "Being touched, even kindly, can make me freeze",
                        "My mind says I'm safe, but my body doesn't believe it",
                    ],
                    "affirmation": (
                        "Your body's reactions aren't a sign you're broken; they're a sign it "
                        "worked hard to protect you."
                    ),
                },
            ),
            (
                "stat_callout",
                {
                    "figure": "about half of all adults",
                    "statement": "will go through at least one traumatic event during their lives.",
                    "source": "the National Center for PTSD",
                    "source_url": "",
                    "reassurance": "Reactions like these are common, and support can help.",
                },
            ),
            (
                "rich_text",
                {
                    "heading": "Why the Body Holds On",
                    "body": (
                        "<p>'Body memories' is a term many people use for physical reactions "
                        "linked to past experiences: tension, nausea, a racing heart, numbness or "
                        "a sudden urge to get away. When something overwhelming happens, the "
                        "<b>nervous system</b> learns to respond fast to anything that resembles "
                        "it. Later, a sound, smell, touch or time of year can set off the same "
                        "response before you've consciously recognized the reminder.</p><p>These "
                        'reactions can look like <a href="/topics/anxiety/panic-attacks/">panic '
                        "attacks</a> or sit alongside constant <a "
                        'href="/topics/trauma/hypervigilance/">hypervigilance</a>. In '
                        "relationships, they can make closeness and <a "
                        'href="/topics/relationships/trust-issues/">trust</a> feel complicated, '
                        "even with someone safe.</p>"
                    ),
                },
            ),
            (
                "signs_list",
                {
                    "heading": "Signs Your Body May Be Holding Past Stress",
                    "signs": [
                        {
                            "title": "Reactions Without a Clear Cause",
                            "description": (
                                "Your body responds strongly to something small, and only later, "
                                "if ever, do you connect it to the past."
                            ),
                        },
                        {
                            "title": "Freezing or Numbing",
                            "description": (
                                "You go still, feel far away, or lose sensation when something "
                                "feels too close."
                            ),
                        },
                        {
                            "title": "Anniversary Reactions",
                            "description": (
                                "Certain dates, seasons or places bring a rise in tension, low "
                                "mood or physical symptoms."
                            ),
                        },
                        {
                            "title": "Touch Feels Complicated",
                            "description": (
                                "Physical closeness, even with someone you love, can bring "
                                "discomfort or an urge to pull away."
                            ),
                        },
                    ],
                },
            ),
            (
                "exercise",
                {
                    "kicker": "Something to try",
                    "name": "5-4-3-2-1 Grounding",
                    "subtitle": "Coming back to the present through your senses",
                    "duration_minutes": 5,
                    "instructions": (
                        "<p>When you notice a wave of reaction, pause and look around. Name "
                        "<b>five</b> things you can see, <b>four</b> you can feel, <b>three</b> "
                        "you can hear, <b>two</b> you can smell and <b>one</b> you can taste. Say "
                        "them aloud or in your head, slowly.</p><p>You can also press your feet "
                        "into the floor and remind yourself of today's date and where you are. "
                        "Stop if it feels like too much; grounding should feel steadying, not "
                        "forced.</p>"
                    ),
                    "citation": "",
                    "closing_note": (
                        "Grounding doesn't erase a memory, but it can remind your body that the "
                        "danger is in the past."
                    ),
                },
            ),
            (
                "therapy_expectations",
                {
                    "heading": "What to expect in therapy",
                    "body": (
                        "<p>Trauma-informed therapy goes at a pace your nervous system can manage. "
                        "Early sessions usually focus on safety and stabilization: learning to "
                        "notice body signals and settle them. Only when you feel ready does the "
                        "work turn toward processing what happened, so that reminders can "
                        "gradually lose some of their charge.</p>"
                    ),
                    "approaches": [
                        {
                            "name": "EMDR",
                            "addresses": "distressing memories and the body's reactions to them",
                        },
                        {
                            "name": "Somatic therapies",
                            "addresses": "tension, freezing and other physical stress responses",
                        },
                        {
                            "name": "Trauma-focused CBT",
                            "addresses": "the beliefs and avoidance that keep trauma active",
                        },
                    ],
                    "outcome": (
                        "What becomes possible is feeling more at home in your body, with "
                        "reminders that no longer run the show."
                    ),
                },
            ),
            (
                "cta",
                {
                    "heading": "Ready for support that goes at your pace?",
                    "body": (
                        "You deserve care that respects what your body has been through. We'll "
                        "match you with a trauma-informed therapist who understands how the body "
                        "holds stress."
                    ),
                    "button_label": "Find a trauma therapist",
                    "target_page": "",
                    "target_url": "/get-matched/",
                },
            ),
        ],
    },
    {
        "category": "trauma",
        "slug": "hypervigilance",
        "title": "I Can Never Fully Relax: Therapy for Hypervigilance",
        "seo_title": "Hypervigilance: Why You're Always on Guard and What Helps",
        "search_description": (
            "Always scanning for danger, startling easily, unable to switch off? Learn how "
            "hypervigilance develops after stress or trauma and how therapy can help."
        ),
        "summary": (
            "If you're always scanning for danger and struggle to switch off, your nervous system "
            "may be stuck on high alert. Learn why it happens and how therapy can help you settle."
        ),
        "tags": ["trauma", "nervous-system", "anxiety", "trust", "body"],
        "body": [
            (
                "hook_checklist",
                {
                    "items": [
                        "I always sit where I can see the door",
                        "I notice every tiny change in someone's tone or expression",
                        "Loud noises make me jump, even at home",
                        "By the end of the day I'm exhausted, and I can't say why",
                    ],
                    "affirmation": (
                        "Being on guard once kept you safe; it makes sense that your body hasn't "
                        "let go of it yet."
                    ),
                },
            ),
            (
                "rich_text",
                {
                    "heading": "A Nervous System Stuck on Alert",
                    "body": (
                        "<p>Hypervigilance is a state of heightened alertness in which your mind "
                        "and body keep scanning for threats. It often develops after trauma, "
                        "ongoing stress, or growing up somewhere that felt unpredictable. In those "
                        "situations, staying watchful was protective. The trouble is that the "
                        "alarm can keep running long after the danger has passed.</p><p>Living on "
                        "alert is draining. It can disturb sleep, concentration and digestion, and "
                        "it can make relationships hard, because people become something to "
                        "monitor rather than lean on. It often overlaps with <a "
                        'href="/topics/trauma/body-memories/">body memories</a> and <a '
                        'href="/topics/relationships/trust-issues/">trust issues</a>.</p>'
                    ),
                },
            ),
            (
                "signs_list",
                {
                    "heading": "Signs of Hypervigilance",
                    "signs": [
                        {
                            "title": "Constant Scanning",
                            "description": (
                                "You keep track of exits, sounds and people's moods, often without "
                                "realizing you're doing it."
                            ),
                        },
                        {
                            "title": "A Hair-Trigger Startle",
                            "description": (
                                "Sudden noises or movements make you jump, and it takes a while to "
                                "settle again."
                            ),
                        },
                        {
                            "title": "Trouble Switching Off",
                            "description": (
                                "Sleep is light or restless, and resting feels uncomfortable "
                                "rather than restorative."
                            ),
                        },
                        {
                            "title": "Reading Every Face",
                            "description": (
                                "You notice tiny shifts in tone or expression and quickly brace "
                                "for conflict."
                            ),
                        },
                    ],
                },
            ),
            (
                "exercise",
                {
                    "kicker": "Something to try",
                    "name": "The Orienting Pause",
                    "subtitle": "Letting your eyes tell your body where you are",
                    "duration_minutes": 3,
                    "instructions": (
                        "<p>Sit somewhere comfortable. Slowly let your head and eyes turn to look "
                        "around the room, taking in the corners, the ceiling and the floor. Let "
                        "your gaze rest on anything that feels neutral or pleasant. Take your "
                        "time; there's no need to hurry.</p><p>Notice any small signs of settling, "
                        "such as a deeper breath, a swallow or your shoulders dropping. If nothing "
                        "changes, that's fine too.</p>"
                    ),
                    "citation": "",
                    "closing_note": (
                        "This is a small signal of safety, not a fix, but signals like this can "
                        "add up over time."
                    ),
                },
            ),
            (
                "therapy_expectations",
                {
                    "heading": "What to expect in therapy",
                    "body": (
                        "<p>Therapy for hypervigilance starts by helping you understand your alarm "
                        "system rather than fight it. You'll learn ways to notice when you're on "
                        "alert and to bring your body down a notch, and, when you're ready, to "
                        "work through the experiences that taught your system to stay watchful.</p>"
                    ),
                    "approaches": [
                        {
                            "name": "Trauma-focused CBT",
                            "addresses": "threat-focused thinking and avoidance",
                        },
                        {
                            "name": "EMDR",
                            "addresses": "memories that keep the alarm switched on",
                        },
                        {
                            "name": "Somatic therapies",
                            "addresses": "bodily tension and a heightened startle response",
                        },
                    ],
                    "outcome": (
                        "What becomes possible is being able to rest, knowing you can still "
                        "respond if something truly needs your attention."
                    ),
                },
            ),
            (
                "cta",
                {
                    "heading": "Ready to let your guard down, safely?",
                    "body": (
                        "You don't have to stay on high alert on your own. We can match you with a "
                        "trauma-informed therapist who can help you find your way back to rest."
                    ),
                    "button_label": "Find a trauma therapist",
                    "target_page": "",
                    "target_url": "/get-matched/",
                },
            ),
        ],
    },
]
