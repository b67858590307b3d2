"""Settings come from the environment, and production refuses to start unsafely."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cms.settings.base import BASE_DIR, cache_from_url, env_bool

PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-production-secret-key-with-plenty-of-variety-0123456789-xyz",
    "ALLOWED_HOSTS": "topics.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


def run_django(code: str, settings_module: str, **env: str) -> subprocess.CompletedProcess:
    """Start a fresh interpreter with only the given variables, as a server would start."""
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS", "CACHE_URL"}
    }
    clean_env |= {"DJANGO_SETTINGS_MODULE": settings_module, **env}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_django("print('started')", "cms.settings.production")
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_production_refuses_debug_even_with_a_secret_key():
    result = run_django(
        "print('started')", "cms.settings.production", DEBUG="true", **PRODUCTION_ENV
    )
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "ImproperlyConfigured: DEBUG=true is not allowed with cms.settings.production" in (
        result.stderr
    )


def test_base_settings_are_safe_by_default():
    result = run_django("print('started')", "cms.settings.base")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_starts_with_a_secret_key_and_passes_deploy_checks():
    result = run_django(
        "from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')",
        "cms.settings.production",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_debug_must_be_true_or_false():
    result = run_django("print('started')", "cms.settings.dev", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr


def test_environment_configures_hosts_database_and_cache():
    result = run_django(
        "from django.conf import settings as s; "
        "print(s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], "
        "s.CACHES['default']['BACKEND'], s.DEBUG)",
        "cms.settings.production",
        **PRODUCTION_ENV
        | {
            "ALLOWED_HOSTS": "a.example.org, b.example.org",
            "DATABASE_URL": "postgres://u:p@db.internal:5432/topics",
            "CACHE_URL": "redis://cache.internal:6379/1",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "['a.example.org',",
        "'b.example.org']",
        "django.db.backends.postgresql",
        "topics",
        "django_redis.cache.RedisCache",
        "False",
    ]


@pytest.mark.parametrize(("raw", "checked"), [(None, "True"), ("false", "False")])
def test_connection_health_checks_are_on_unless_turned_off(raw, checked):
    env = {"DATABASE_CONN_HEALTH_CHECKS": raw} if raw is not None else {}
    result = run_django(
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['CONN_HEALTH_CHECKS'])",
        "cms.settings.dev",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == checked


def test_database_defaults_to_sqlite_under_var():
    result = run_django(
        "from django.conf import settings as s; print(s.DATABASES['default']['NAME'])",
        "cms.settings.dev",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(BASE_DIR / "var" / "topicdesk.sqlite3")


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
        ("redis://localhost:6379/0", "django_redis.cache.RedisCache"),
        ("dummy://", "django.core.cache.backends.dummy.DummyCache"),
    ],
)
def test_cache_url_schemes(url, backend):
    assert cache_from_url(url)["BACKEND"] == backend


def test_unknown_cache_url_is_named_in_the_error():
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL scheme 'memcached' is not supported"):
        cache_from_url("memcached://localhost")


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("0", False), ("", True)])
def test_env_bool(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", default=True) is expected


def test_static_and_media_have_their_own_roots():
    assert settings.STATIC_ROOT != settings.MEDIA_ROOT


def test_log_file_takes_routine_lines_and_the_console_keeps_failures(tmp_path):
    log_file = tmp_path / "worker.log"
    code = (
        "import logging; log = logging.getLogger('django_tasks_db'); "
        "log.info('Task id=1 state=SUCCESSFUL'); log.error('Task id=2 state=FAILED')"
    )
    result = run_django(code, "cms.settings.dev", LOG_FILE=str(log_file))
    assert result.returncode == 0, result.stderr
    assert "state=SUCCESSFUL" not in result.stderr
    assert "Task id=2 state=FAILED" in result.stderr
    written = log_file.read_text()
    assert "INFO django_tasks_db: Task id=1 state=SUCCESSFUL" in written
    assert "ERROR django_tasks_db: Task id=2 state=FAILED" in written


def test_without_a_log_file_every_line_goes_to_the_console():
    code = "import logging; logging.getLogger('django_tasks_db').info('routine line')"
    result = run_django(code, "cms.settings.dev")
    assert "routine line" in result.stderr


def test_development_writes_email_to_files(tmp_path):
    code = (
        "from django.core.mail import send_mail; "
        "send_mail('Awaiting review', 'Body', 'a@example.org', ['b@example.org'])"
    )
    result = run_django(code, "cms.settings.dev", MAIL_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "Awaiting review" not in result.stdout + result.stderr
    (written,) = tmp_path.iterdir()
    assert "Subject: Awaiting review" in written.read_text()
