"""The admin sends nothing about editors to third parties."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_no_avatar_is_fetched_from_gravatar(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "gravatar.com" not in html
    assert "default-user-avatar" in html, "Wagtail's own avatar is shown instead"


@override_settings(WAGTAIL_GRAVATAR_PROVIDER_URL="//www.gravatar.com/avatar")
def test_gravatar_is_used_only_when_a_setting_asks_for_it(admin_client):
    assert "gravatar.com/avatar" in admin_client.get("/admin/").content.decode()
