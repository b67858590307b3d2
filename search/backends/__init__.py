"""Wagtail's database search backend, with SQLite results ranked in one query.

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}`` behaves
exactly like ``wagtail.search.backends.database``: PostgreSQL, MySQL and the
fallback backend are Wagtail's own. Only on SQLite with FTS5 is the backend
`search.backends.sqlite.RankedSQLiteSearchBackend`, which returns the same
results in the same order, computed in one query instead of one per match.
"""

from django.db import connection
from wagtail.search.backends.database import SearchBackend as database_backend


def SearchBackend(params):  # noqa: N802 (Wagtail looks the factory up by this name)
    """Wagtail's database backend for this database, ranked in one query on SQLite."""
    backend = database_backend(params)
    if connection.vendor != "sqlite":
        return backend
    # modelsearch's SQLite modules can only be imported on SQLite.
    from search.backends.sqlite import RankedSQLiteSearchBackend, SQLiteSearchBackend

    return RankedSQLiteSearchBackend(params) if type(backend) is SQLiteSearchBackend else backend
