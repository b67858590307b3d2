"""Drive the real Wagtail admin views the way a browser posts to them."""

from django.urls import reverse
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from pages.models import TopicPage


def body_data(text: str) -> dict:
    return nested_form_data(
        {"body": streamfield([("rich_text", {"heading": "", "body": rich_text(f"<p>{text}</p>")})])}
    )


def form_data(client, url: str, form_id: str, **changes) -> dict:
    response = client.get(url)
    if response.status_code != 200:  # not allowed to see the form: post what a forger would
        return {**body_data(changes.pop("body_text", "Edited text.")), **changes}
    query = querydict_from_html(response.content.decode(), form_id=form_id)
    data = {key: value.strip() for key, value in query.items() if "__prefix__" not in key}
    return {**data, **body_data(changes.pop("body_text", "Edited text.")), **changes}


def edit(client, page, *, action: str | None = None, **changes):
    """Save the edit form; ``action`` is "publish", "submit" or None for a draft."""
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = form_data(client, url, "page-edit-form", **changes)
    if action:
        data[f"action-{action}"] = "1"
    return client.post(url, data)


def create(client, parent, **fields):
    url = reverse("wagtailadmin_pages:add", args=("pages", "topicpage", parent.pk))
    response = client.get(url)
    if response.status_code != 200:
        return response
    data = form_data(client, url, "page-edit-form", **fields)
    return client.post(url, data)


def workflow_action(client, page, action: str, comment: str = "", task_state_id=None):
    if task_state_id is None:
        task_state_id = TopicPage.objects.get(pk=page.pk).current_workflow_task_state.pk
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state_id))
    return client.post(url, {"comment": comment})


def unpublish(client, page):
    return client.post(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)))


def delete(client, page):
    return client.post(reverse("wagtailadmin_pages:delete", args=(page.pk,)))


def preview(client, page):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    data = form_data(client, reverse("wagtailadmin_pages:edit", args=(page.pk,)), "page-edit-form")
    client.post(url, data)
    return client.get(url)
