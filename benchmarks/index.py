"""Put the benchmark's pages in the search index, timed, and count what queries match.

    python -m benchmarks.index                           # manage.py update_index, timed
    python -m benchmarks.index --count-only "trust" ...  # only count each query's matches

Runs Wagtail's ``update_index`` (which rebuilds the configured backend's index:
every indexed model, all topic pages among them) under the benchmark settings,
then counts, for each query given, the live topic pages whose indexed text has
every word of it (``operator="and"``, the API's first try) and any word of it
(``"or"``, its fallback). Prints JSON: ``{"seconds", "backend", "topic_pages",
"indexed_topic_pages", "matches": {query: {"and", "or"}}}``.
"""

import argparse
import json
import os
import time


def index(queries: list[str], *, rebuild: bool) -> dict:
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    from pages.models import TopicPage
    from search.snippets import query_words

    seconds = None
    if rebuild:
        started = time.monotonic()
        call_command("update_index", verbosity=0)
        seconds = time.monotonic() - started

    backend = get_search_backend()
    live = TopicPage.objects.live()
    matches = {}
    for query in queries:
        words = " ".join(query_words(query))
        matches[query] = {
            operator: backend.search(words, live.only("pk"), operator=operator).count()
            for operator in ("and", "or")
        }
    return {
        "seconds": seconds,
        "backend": settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
        "topic_pages": live.count(),
        "indexed_topic_pages": IndexEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(TopicPage)
        ).count(),
        "matches": matches,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("queries", nargs="*", help="queries whose matches to count")
    parser.add_argument("--count-only", action="store_true", help="do not update the index")
    args = parser.parse_args(argv)
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    import django

    django.setup()
    print(json.dumps(index(args.queries, rebuild=not args.count_only)))


if __name__ == "__main__":
    main()
