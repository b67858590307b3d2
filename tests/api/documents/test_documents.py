"""Published documents: built on publish, exact dependencies, drafts change nothing, --check."""

import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from api import documents
from api.models import DocumentDependency, PageDocument
from pages.models import TopicCategoryPage, TopicPage
from tests.factories import committed, pin, publish, unpublish

pytestmark = pytest.mark.django_db


def etags() -> dict[str, str]:
    return dict(PageDocument.objects.values_list("path", "etag"))


def changed_by(action) -> set[str]:
    """The paths whose stored documents changed (or went) while ``action`` ran and committed."""
    before = etags()
    with committed():
        action()
    after = etags()
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def topic(slug: str) -> TopicPage:
    return TopicPage.objects.get(slug=slug)


def test_every_live_page_of_the_demo_has_a_fresh_document(demo):
    live = set(TopicPage.objects.live().values_list("pk", flat=True))
    assert live <= set(PageDocument.objects.values_list("pk", flat=True))
    assert [pk for pk in documents.all_page_ids() if documents.stale_path(pk)] == []


def test_a_draft_save_and_a_workflow_step_change_no_etag(client, demo):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.get(groups__name="Editors")
    page = topic("trust-issues")
    detail = client.get(f"/api/v1/topics/{page.pk}/")
    listing = client.get("/api/v1/topics/")

    def draft_and_submit():
        page.title = "A draft title"
        page.save_revision(user=editor)
        page.get_workflow().start(page, editor)

    assert changed_by(draft_and_submit) == set()
    assert client.get(f"/api/v1/topics/{page.pk}/")["ETag"] == detail["ETag"]
    assert client.get("/api/v1/topics/")["ETag"] == listing["ETag"]


def test_a_title_change_rebuilds_what_shows_the_page(demo):
    page = topic("conflict-cycles")
    showing = set(
        PageDocument.objects.filter(shows__page_id=page.pk).values_list("path", flat=True)
    )
    page.title = "Conflict cycles, renamed"
    changed = changed_by(lambda: publish(page))
    # Its own document, its category, and every topic that lists it as related. The
    # topics that only link to it keep their bytes: a link carries the path, not the title.
    assert page.url in changed
    assert "/topics/relationships/" in changed
    related_to_it = {
        document.path
        for document in PageDocument.objects.filter(is_topic=True)
        if page.pk in document.related_ids
    }
    assert related_to_it and related_to_it <= changed
    # Nothing else: the rest showed it before, or show it now (a republish is its newest
    # version, so it can rank into related lists where it ties on shared tags).
    showing_now = set(
        PageDocument.objects.filter(shows__page_id=page.pk).values_list("path", flat=True)
    )
    assert changed <= showing | showing_now | {page.url}


def link_to(page: TopicPage, target: TopicPage) -> None:
    """Publish ``page`` with a rich-text link to ``target`` at the end of its first section."""
    body = page.body.get_prep_value()
    section = next(block for block in body if block["type"] == "rich_text")
    section["value"]["body"] += f'<p>See <a linktype="page" id="{target.pk}">this</a>.</p>'
    page.body = body
    with committed():
        publish(page)


def test_a_republish_in_place_does_not_rebuild_documents_that_only_link_to_the_page(demo):
    page, linking = topic("conflict-cycles"), topic("hypervigilance")
    assert page.pk not in PageDocument.objects.get(pk=linking.pk).related_ids
    link_to(linking, page)
    built = {linking.pk: PageDocument.objects.get(pk=linking.pk).built_at}
    assert page.url.encode() in bytes(PageDocument.objects.get(pk=linking.pk).content)
    page.title = "Conflict cycles, renamed"
    with committed():
        publish(page)
    assert dict(PageDocument.objects.filter(pk__in=built).values_list("pk", "built_at")) == built
    assert [pk for pk in built if documents.stale_path(pk)] == []
    # A new address is another matter: each of them now links to the new path.
    with committed():
        page.move(TopicCategoryPage.objects.get(slug="anxiety"), pos="last-child")
    new_url = topic("conflict-cycles").url.encode()
    for document in PageDocument.objects.filter(pk__in=built):
        assert document.built_at > built[document.pk]
        assert new_url in bytes(document.content)


def rendered(monkeypatch) -> list[int]:
    """The ids of the pages whose documents are built whole from now on."""
    built, render = [], documents.render

    def counting(bundle):
        built.append(bundle.page.pk)
        return render(bundle)

    monkeypatch.setattr(documents.build, "render", counting)
    return built


def rows() -> set[tuple]:
    return set(
        DocumentDependency.objects.values_list("document_id", "page_id", "path_only", "cards_only")
    )


def rankings() -> dict[int, tuple]:
    """Each document's stored ranking, and its surrogate keys (which follow its rows)."""
    return {
        pk: (related_ids, floor, keys)
        for pk, related_ids, floor, keys in PageDocument.objects.values_list(
            "pk", "related_ids", "related_floor", "surrogate_keys"
        )
    }


def assert_as_a_full_rebuild_leaves_them() -> None:
    """Every document, its dependency rows and its stored ranking are what a rebuild makes."""
    stale = [path for pk in documents.all_page_ids() if (path := documents.stale_path(pk))]
    assert stale == []
    before = rows(), rankings()
    documents.rebuild_in_batches(documents.all_page_ids())
    assert (rows(), rankings()) == before


def test_a_republish_in_place_patches_its_cards_instead_of_rebuilding_what_shows_it(
    demo, monkeypatch
):
    page = topic("conflict-cycles")
    on_cards = set(
        DocumentDependency.objects.filter(page_id=page.pk, cards_only=True).values_list(
            "document__path", flat=True
        )
    )
    assert "/topics/relationships/" in on_cards and len(on_cards) > 2
    built = rendered(monkeypatch)
    page.title = "Conflict cycles, renamed"
    changed = changed_by(lambda: publish(page))
    # Only its own document was built; its category and the topics listing it as
    # related were patched, and now show the new title.
    assert built == [page.pk]
    assert on_cards <= changed
    for document in PageDocument.objects.filter(path__in=on_cards):
        assert b"Conflict cycles, renamed" in bytes(document.content)
    assert_as_a_full_rebuild_leaves_them()


def test_a_republish_that_ranks_lower_rebuilds_the_lists_it_may_leave(category, monkeypatch):
    from tests.factories import TopicPageFactory

    def tagged(slug, tags):
        page = TopicPageFactory(parent=category, slug=slug)
        page.tags.add(*tags)
        return publish(page)

    subject = tagged("subject", ["a", "b"])
    for number in range(6):
        tagged(f"filler-{number}", ["a"])
    leaving = tagged("leaving", ["a", "b"])  # first in the subject's list: two shared tags
    documents.rebuild_in_batches(documents.all_page_ids())  # the pages above them too
    assert PageDocument.objects.get(pk=subject.pk).related_ids[0] == leaving.pk
    # One shared tag and newest: it still ranks first, so the list is patched.
    built = rendered(monkeypatch)
    leaving.tags.set(["a"])
    publish(leaving)
    assert subject.pk not in built
    assert PageDocument.objects.get(pk=subject.pk).related_ids[0] == leaving.pk
    assert_as_a_full_rebuild_leaves_them()
    # No shared tag: it leaves, and only the ranking knows what takes its place.
    built.clear()
    leaving.tags.set(["z"])
    publish(leaving)
    assert subject.pk in built
    related = PageDocument.objects.get(pk=subject.pk).related_ids
    assert leaving.pk not in related and len(related) == 6
    assert_as_a_full_rebuild_leaves_them()


def test_a_tag_change_brings_a_page_into_the_related_lists_it_now_ranks_in(category):
    from tests.factories import TopicPageFactory

    def tagged(slug, tags):
        page = TopicPageFactory(parent=category, slug=slug)
        page.tags.add(*tags)
        return publish(page)

    subject = tagged("subject", ["a", "b"])
    full = tagged("full", ["a"])  # six related, each sharing one tag
    for number in range(6):
        tagged(f"filler-{number}", ["a"])
    newcomer = tagged("newcomer", ["z"])
    newcomer = topic("newcomer")
    newcomer.tags.set(["a", "b"])
    changed = changed_by(lambda: publish(newcomer))
    # It now shares two tags with the subject and one with "full": it enters the
    # subject's list (fewer than six), and ranks into full's list as its newest.
    assert {"/topics/relationships/subject/", "/topics/relationships/full/"} <= changed
    assert newcomer.pk in PageDocument.objects.get(pk=subject.pk).related_ids
    assert newcomer.pk in PageDocument.objects.get(pk=full.pk).related_ids
    # The fillers it did not enter keep their documents, unless it ranks into theirs too.
    for filler in TopicPage.objects.filter(slug__startswith="filler-"):
        document = PageDocument.objects.get(pk=filler.pk)
        assert (filler.url in changed) == (newcomer.pk in document.related_ids)


def test_a_full_list_is_entered_only_by_a_page_sharing_as_many_tags_as_its_last(category):
    from tests.factories import TopicPageFactory

    def tagged(slug, tags):
        page = TopicPageFactory(parent=category, slug=slug)
        page.tags.add(*tags)
        return publish(page)

    subject = tagged("subject", ["a", "b", "c"])
    for number in range(6):
        tagged(f"close-{number}", ["a", "b"])  # two shared tags each: the floor is two
    one_tag, two_tags = tagged("one-tag", ["z"]), tagged("two-tags", ["z"])
    documents.rebuild_in_batches(documents.all_page_ids())  # the pages above them too
    floor = PageDocument.objects.get(pk=subject.pk).related_floor
    assert floor["shared"] == 2
    # Newest, but one shared tag ranks behind the floor: the subject is not rebuilt.
    one_tag.tags.set(["c"])
    changed = changed_by(lambda: publish(one_tag))
    assert subject.url not in changed
    assert one_tag.pk not in PageDocument.objects.get(pk=subject.pk).related_ids
    # Two shared tags and newest: it ranks ahead of the floor and enters.
    two_tags.tags.set(["b", "c"])
    changed = changed_by(lambda: publish(two_tags))
    assert subject.url in changed
    assert PageDocument.objects.get(pk=subject.pk).related_ids[0] == two_tags.pk
    assert_as_a_full_rebuild_leaves_them()


def test_a_pin_rebuilds_the_pinning_page_only(demo):
    pinning, pinned = topic("trust-issues"), topic("body-memories")
    changed = changed_by(lambda: pin(pinning, pinned))
    assert changed == {pinning.url}
    assert PageDocument.objects.get(pk=pinning.pk).related_ids[0] == pinned.pk


def test_a_move_rebuilds_its_old_and_new_neighbours(demo):
    page = topic("conflict-cycles")
    old_url = page.url
    anxiety = TopicCategoryPage.objects.get(slug="anxiety")
    changed = changed_by(lambda: page.move(anxiety, pos="last-child"))
    new_url = topic("conflict-cycles").url
    assert {old_url, new_url, "/topics/relationships/", "/topics/anxiety/"} <= changed
    assert not PageDocument.objects.filter(path=old_url).exists()
    linking = [
        document.path
        for document in PageDocument.objects.exclude(pk=page.pk)
        if new_url.encode() in bytes(document.content)
    ]
    assert linking and set(linking) <= changed
    assert not [
        document.path
        for document in PageDocument.objects.all()
        if old_url.encode() in bytes(document.content)
    ]


def test_an_unpublish_drops_the_document_and_every_mention(demo):
    page = topic("conflict-cycles")
    changed = changed_by(lambda: unpublish(page))
    assert page.url in changed
    assert not PageDocument.objects.filter(pk=page.pk).exists()
    assert not [
        document.path
        for document in PageDocument.objects.all()
        if page.url.encode() in bytes(document.content)
    ]


def test_check_names_a_stale_document_and_rebuild_fixes_it(demo):
    page = topic("trust-issues")
    PageDocument.objects.filter(pk=page.pk).update(content=b"{}")
    with pytest.raises(CommandError, match=page.url):
        call_command("rebuild_documents", "--check", stderr=StringIO())
    call_command("rebuild_documents", stderr=StringIO())
    call_command("rebuild_documents", "--check", stderr=StringIO())


def test_no_document_is_stale_after_a_long_random_sequence_of_changes(demo):
    rng = random.Random(13)  # noqa: S311 (a reproducible sequence, not a secret)
    tags = ["anxiety", "trust", "sleep", "grief", "work", "family"]
    categories = list(TopicCategoryPage.objects.all())
    for step in range(40):
        pages = list(TopicPage.objects.order_by("pk"))
        page = rng.choice(pages)
        action = rng.choice(["tags", "title", "pin", "move", "unpublish", "publish", "delete"])
        with committed():
            if action == "tags":
                page.tags.set(rng.sample(tags, rng.randint(0, 3)))
                publish(page)
            elif action == "title":
                page.title = f"{page.title.split(' #')[0]} #{step}"
                publish(page)
            elif action == "pin":
                pinned = set(page.pinned_related.values_list("related_page_id", flat=True))
                pin(page, rng.choice([p for p in pages if p.pk not in pinned | {page.pk}]))
            elif action == "move":
                page.move(rng.choice(categories), pos="last-child")
            elif action == "unpublish" and page.live:
                page.unpublish()
            elif action == "publish":
                publish(page)
            elif action == "delete" and len(pages) > 8:
                page.delete()
    assert_as_a_full_rebuild_leaves_them()
    call_command("rebuild_documents", "--check", stderr=StringIO())


def test_a_rebuild_that_fails_keeps_the_batches_before_it_and_leaves_its_own(demo, monkeypatch):
    first, second = sorted(TopicPage.objects.live().values_list("pk", flat=True))[:2]
    TopicPage.objects.filter(pk__in=[first, second]).update(title="Retitled without publishing")
    before = dict(PageDocument.objects.values_list("pk", "etag"))
    render = documents.render

    def fail_on_second(bundle):
        if bundle.page.pk == second:
            raise RuntimeError("the builder failed")
        return render(bundle)

    monkeypatch.setattr(documents.build, "render", fail_on_second)
    with pytest.raises(RuntimeError, match="the builder failed"):
        documents.rebuild_in_batches([first, second], batch=1)
    after = dict(PageDocument.objects.values_list("pk", "etag"))
    assert after[first] != before[first], "the first batch committed"
    assert after[second] == before[second], "the failed batch left its document as it was"
    assert b"Retitled without publishing" in bytes(PageDocument.objects.get(pk=first).content)
