"""An upgrade of modelsearch that drops an internal we use fails `check`, by name."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the ranked backend is used only on SQLite"
)


def test_the_installed_modelsearch_has_every_internal_we_use():
    call_command("check", tags=["compatibility"])  # raises SystemCheckError otherwise


def test_a_missing_internal_fails_the_check_and_names_it(monkeypatch):
    from modelsearch.backends.database.sqlite import sqlite

    monkeypatch.delattr(sqlite.SQLiteSearchQueryCompiler, "_build_rank_expression")
    with pytest.raises(SystemCheckError) as error:
        call_command("check", tags=["compatibility"])
    assert "search.E001" in str(error.value)
    assert "SQLiteSearchQueryCompiler._build_rank_expression" in str(error.value)
