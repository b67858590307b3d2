"""Bad input gets a clear 4xx JSON error that names the problem; never a 500."""

import pytest
from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle

pytestmark = pytest.mark.django_db

RESOLVE = "/api/v1/pages/resolve/"


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/v1/topics/?colour=blue", 400, "colour: Unknown query parameter."),
        ("/api/v1/tags/?page=2", 400, "page: Unknown query parameter."),
        (
            "/api/v1/topics/?limit=-1",
            400,
            "limit: Ensure this value is greater than or equal to 1.",
        ),
        ("/api/v1/topics/?limit=0", 400, "limit: Ensure this value is greater than or equal to 1."),
        (
            "/api/v1/topics/?limit=1000000",
            400,
            "limit: Ensure this value is less than or equal to 100.",
        ),
        ("/api/v1/topics/?limit=ten", 400, "limit: A valid integer is required."),
        (
            "/api/v1/topics/?offset=-5",
            400,
            "offset: Ensure this value is greater than or equal to 0.",
        ),
        ("/api/v1/topics/?ordering=id", 400, 'ordering: "id" is not a valid choice.'),
        ("/api/v1/topics/?tag=no-such-tag", 404, "Unknown tag 'no-such-tag'."),
        ("/api/v1/topics/?tag=trust&tag=nope", 404, "Unknown tag 'nope'."),
        ("/api/v1/topics/?tag=%3Cscript%3E", 400, "tag: "),
        ("/api/v1/topics/?category=nowhere", 404, "Unknown category 'nowhere'."),
        ("/api/v1/topics/abc/", 404, "No API endpoint at /api/v1/topics/abc/"),
        ("/api/v1/topics/-1/", 404, "No API endpoint at /api/v1/topics/-1/"),
        ("/api/v1/topics/99999999/", 404, "No live topic page 99999999."),
        (
            "/api/v1/topics/18446744073709551616/",
            404,
            "No live topic page 18446744073709551616.",
        ),
        ("/api/v1/nothing-here/", 404, "No API endpoint at /api/v1/nothing-here/"),
        (RESOLVE, 400, "path: This field is required."),
        (f"{RESOLVE}?path=", 400, "path: This field may not be blank."),
        (f"{RESOLVE}?path=topics/relationships/", 400, "path: Must start with /."),
        (f"{RESOLVE}?path=/topics/../admin/", 400, "path: Must not contain . or .. segments."),
        (f"{RESOLVE}?path=/topics/%2e%2e/admin/", 400, "path: Must not contain . or .. segments."),
        (f"{RESOLVE}?path=/topics/%00/", 400, "path: "),
        (f"{RESOLVE}?path=/topics//x/", 400, "path: Must be a plain path, without // ? or #."),
        (f"{RESOLVE}?path=/{'a' * 2001}/", 400, "path: Ensure this field has no more than 2000"),
        (f"{RESOLVE}?path=/topics/nowhere/", 404, "No live page at /topics/nowhere/."),
        (f"{RESOLVE}?path=/%F0%9F%98%80/", 404, "No live page at /\U0001f600/."),
    ],
)
def test_bad_input_is_refused_with_a_json_error(client, demo, url, status, message):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == status
    assert error["message"].startswith(message), error


def test_write_methods_are_refused(client, demo):
    response = client.post("/api/v1/topics/", {"title": "x"})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.fixture
def two_per_minute(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    cache.clear()


def test_anonymous_requests_are_throttled(client, demo, two_per_minute):
    for _ in range(2):
        assert client.get("/api/v1/tags/").status_code == 200
    response = client.get("/api/v1/tags/")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize("origin", ["https://www.example.org"])
def test_cors_allows_configured_origins_only(client, demo, settings, origin):
    settings.CORS_ALLOWED_ORIGINS = [origin]
    allowed = client.get("/api/v1/tags/", headers={"Origin": origin})
    assert allowed["Access-Control-Allow-Origin"] == origin
    other = client.get("/api/v1/tags/", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other


def test_an_unexpected_failure_is_a_json_500_not_a_html_page(client, demo, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("pages.selectors.topic_detail", broken)
    client.raise_request_exception = False
    response = client.get("/api/v1/topics/1/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "server_error"
    assert "a bug" not in response.content.decode()


def test_an_unexpected_failure_outside_the_api_keeps_djangos_page(client, demo, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("pages.models.TopicPage.serve", broken)
    client.raise_request_exception = False
    response = client.get("/topics/relationships/trust-issues/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
