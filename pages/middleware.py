"""Turn a refused review action into a message on the page editor, with nothing changed."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from pages.review.rules import ReviewRefused


class ReviewRefusedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ReviewRefused):
            return None
        messages.error(request, str(exception))
        if exception.page is not None:
            return redirect(reverse("wagtailadmin_pages:edit", args=(exception.page.pk,)))
        return redirect("wagtailadmin_home")
