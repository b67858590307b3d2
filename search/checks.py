"""Fail at start-up, not at the first search, if modelsearch drops what we build on.

`search.backends.sqlite` reaches into modelsearch's SQLite backend: private
methods and attributes that a modelsearch release may rename without notice.
Without this check such an upgrade would surface as an AttributeError on the
first search; with it, `manage.py check` (and so every start) names what is gone.
"""

from django.core import checks
from django.db import connection

#: (module, class, attribute) that search/backends/sqlite.py uses.
REQUIRED_INTERNALS = (
    (
        "modelsearch.backends.database.sqlite.sqlite",
        "SQLiteSearchQueryCompiler",
        "_build_rank_expression",
    ),
    (
        "modelsearch.backends.database.sqlite.sqlite",
        "SQLiteSearchQueryCompiler",
        "get_search_vectors",
    ),
    (
        "modelsearch.backends.database.sqlite.sqlite",
        "SQLiteSearchQueryCompiler",
        "build_search_query",
    ),
    ("modelsearch.backends.database.sqlite.sqlite", "SQLiteSearchQueryCompiler", "get_config"),
    (
        "modelsearch.backends.database.sqlite.sqlite",
        "SQLiteSearchQueryCompiler",
        "FTS_TABLE_FIELDS",
    ),
    ("modelsearch.backends.database.sqlite.sqlite", "SQLiteSearchResults", "_do_search"),
    ("modelsearch.backends.database.sqlite.sqlite", "SQLiteSearchResults", "_do_count"),
    ("modelsearch.backends.database.sqlite.sqlite", "SQLiteFTSIndexEntry", "objects"),
    ("modelsearch.backends.database.sqlite.query", "MatchExpression", "__init__"),
    ("modelsearch.backends.database.sqlite.query", "normalize", "__call__"),
)


def missing_internals(required=REQUIRED_INTERNALS) -> list[str]:
    """Dotted names from `required` that the installed modelsearch lacks."""
    import importlib

    missing = []
    for module_name, owner, attribute in required:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            missing.append(module_name)
            continue
        target = getattr(module, owner, None)
        if target is None or not hasattr(target, attribute):
            missing.append(f"{module_name}.{owner}.{attribute}")
    return missing


@checks.register(checks.Tags.compatibility)
def check_modelsearch_internals(app_configs=None, **kwargs):
    if connection.vendor != "sqlite":
        return []  # the ranked backend is used only on SQLite
    return [
        checks.Error(
            f"The installed modelsearch has no {name}, which search/backends/sqlite.py uses.",
            hint="Pin the modelsearch version in pyproject.toml that search/backends/sqlite.py "
            "was written for, or update that module to the new internals.",
            id="search.E001",
        )
        for name in missing_internals()
    ]
