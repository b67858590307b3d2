"""How the admin's "Compare" view shows a page's tags: as a set, not a sequence.

Wagtail diffs tags in the order they come back, so a revision that only lists the
same tags in another order shows them all as removed and re-added. Tags have no
order here (nothing shows them in the order an editor typed them), so they are
compared sorted by slug, and a revision with the same tags shows no change.
"""

from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.compare import TagsFieldComparison, register_comparison_class


class TagSetComparison(TagsFieldComparison):
    def get_items(self):
        def by_slug(tags):
            return sorted(tags, key=lambda tag: tag.slug)

        return by_slug(self.val_a), by_slug(self.val_b)


def register():
    register_comparison_class(ClusterTaggableManager, comparison_class=TagSetComparison)
