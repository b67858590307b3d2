"""Security headers, and stored XSS neutralised in every block, in HTML and in the API."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from pages.blocks import TopicBodyBlock
from pages.models import TopicPage
from tests.factories import TopicPageFactory, clinical_reviewer, publish

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('xss')</script>"
ONERROR = '<img src="x" onerror="alert(1)">'
JS_LINK = '<a href="javascript:alert(1)">click</a>'


def test_reference_pages_and_api_carry_security_headers(client, demo):
    for url in ("/topics/relationships/trust-issues/", "/api/v1/tags/"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert "object-src 'none'" in policy
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize(
    ("block_type", "field", "value"),
    [
        ("hook_checklist", "items", [SCRIPT]),
        ("hook_checklist", "affirmation", ONERROR),
        ("stat_callout", "source", SCRIPT),
        ("stat_callout", "source_url", "javascript:alert(1)"),
        ("signs_list", "heading", ONERROR),
        ("exercise", "name", SCRIPT),
        ("therapy_expectations", "outcome", ONERROR),
        ("cta", "heading", SCRIPT),
        ("cta", "target_url", "javascript:alert(1)"),
        ("cta", "target_url", " JaVaScRiPt:alert(1)"),
    ],
)
def test_markup_and_script_urls_are_refused_in_plain_fields(block_type, field, value):
    from tests.pages.test_blocks import GOOD

    block = TopicBodyBlock().child_blocks[block_type]
    raw = {**GOOD[block_type], field: value}
    with pytest.raises(Exception) as excinfo:
        block.clean(block.to_python(raw))
    assert field in str(getattr(excinfo.value, "block_errors", excinfo.value))


def attack_body() -> list:
    html = f"<p>Safe words {SCRIPT} {ONERROR} {JS_LINK} <b onclick='x()'>bold</b></p>"
    return [
        ("rich_text", {"heading": "Heading", "body": html}),
        (
            "exercise",
            {
                "kicker": "Something to try",
                "name": "Name",
                "subtitle": "",
                "duration_minutes": 5,
                "instructions": html,
                "citation": "",
                "closing_note": "",
            },
        ),
        (
            "therapy_expectations",
            {
                "heading": "What to expect",
                "body": html,
                "approaches": [],
                "outcome": "What becomes possible is calm.",
            },
        ),
    ]


def assert_neutralised(text: str) -> None:
    lowered = text.lower()
    assert "<script" not in lowered
    assert "onerror" not in lowered and "onclick" not in lowered
    assert "javascript:" not in lowered


def test_rich_text_attacks_are_stripped_in_html_and_api(client, category):
    page = TopicPageFactory(parent=category, slug="attacked")
    page.body = attack_body()
    with pytest.raises(ValidationError):  # refused wherever the page is validated
        page.save_revision()
    page.save_revision(clean=False).publish(user=clinical_reviewer())  # stored anyway
    html = client.get(page.url).content.decode()
    main = str(BeautifulSoup(html, "html.parser").find("main"))
    assert_neutralised(main)
    assert "Safe words" in main and "<b>bold</b>" in main
    detail = client.get(f"/api/v1/topics/{page.pk}/").content.decode()
    assert_neutralised(detail.replace("\\u003c", "<"))
    body = TopicPage.objects.get(pk=page.pk).body.raw_data
    assert_neutralised(str(list(body)))


def test_escaped_text_stays_text_in_the_reference_page(client, category):
    page = publish(TopicPageFactory(parent=category, slug="escaped"))
    page.title = "Fear & <loathing>"  # markup is refused in titles, but stored anyway
    page.save(clean=False)
    html = client.get(page.url).content.decode()
    assert "Fear &amp; &lt;loathing&gt;" in html
