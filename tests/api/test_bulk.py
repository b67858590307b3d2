"""Bulk changes queue each rebuild once (`pages.bulk.gathered`, `api.tasks`)."""

import pytest
from django.db import transaction
from django.tasks import task_backends
from django.test import override_settings

from api import tasks
from pages import bulk


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}})
def test_rebuilds_asked_for_in_a_bulk_block_are_queued_once_with_every_page(
    django_capture_on_commit_callbacks,
):
    backend = task_backends["default"]
    backend.clear()

    def queued():
        return [(result.task.name, result.args, result.kwargs) for result in backend.results]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic(), bulk.gathered():
            tasks.rebuild_dependents_after_commit([3, 4])
            with bulk.gathered():  # nested: the outer block queues
                tasks.rebuild_dependents_after_commit([4, 5], delivery_ids=["d1"])
            tasks.rebuild_dependents_after_commit([6], addresses=False)
            assert queued() == []
    assert len(callbacks) == 4
    # The changed pages' own documents too: one changed early may show one changed later.
    assert queued() == [
        ("rebuild_documents", [[3, 4, 5]], {}),
        ("rebuild_dependents", [[3, 4, 5], ["d1"]], {"addresses": True}),
        ("rebuild_documents", [[6]], {}),
        ("rebuild_dependents", [[6], []], {"addresses": False}),
    ]


@pytest.mark.django_db
def test_a_bulk_block_that_fails_queues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError):
            with bulk.gathered():
                tasks.rebuild_dependents_after_commit([3])
                raise RuntimeError("the import failed")
        assert bulk.current() is None
    assert callbacks == []
