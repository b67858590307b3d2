"""Authentication for reviewers' tools: Wagtail API tokens as ``Authorization: Bearer``."""

from rest_framework import authentication, exceptions
from wagtail.models import APIToken


class WagtailAPITokenAuthentication(authentication.BaseAuthentication):
    """Accept a token made with ``manage.py api_tokens create`` or in the admin."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send exactly one token: Bearer <token>.")
        try:
            token = header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("The token is not valid text.") from None
        api_token = (
            APIToken.objects.select_related("user")
            .filter(key_hash__in=APIToken.candidate_key_hashes(token), revoked_at__isnull=True)
            .first()
        )
        if api_token is None or not api_token.user.is_active:
            raise exceptions.AuthenticationFailed("The token is unknown, revoked or inactive.")
        return api_token.user, api_token

    def authenticate_header(self, request):
        return self.keyword
