"""`judge migrate` on each kind of database, many processes migrating at once, a missing
driver, and database URLs that never show their password."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from api import db

JUDGE = Path(sys.executable).with_name("judge")
TABLES = {"submissions", "test_results", "workers", "verdict_counts", "rate_buckets"}


def head() -> str:
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def migrate(url: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(JUDGE), "migrate"],
        env={**os.environ, "JUDGE_DATABASE_URL": url, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def schema(url: str) -> tuple[list[str], set[str]]:
    """The revisions recorded, and the tables there are."""
    engine = db.make_engine(url)
    try:
        with engine.connect() as connection:
            revisions = connection.execute(text("SELECT version_num FROM alembic_version"))
            return [row[0] for row in revisions], set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_judge_migrate_brings_an_empty_database_to_head_and_is_idempotent(database_url):
    for _ in range(2):
        process = migrate(database_url)
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert "is up to date" in out
        revisions, tables = schema(database_url)
        assert revisions == [head()] and tables >= TABLES


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_eight_processes_migrating_an_empty_database_at_once_all_succeed(database_url):
    processes = [migrate(database_url) for _ in range(8)]
    results = [(p.communicate(timeout=180), p.returncode) for p in processes]
    assert [code for _, code in results] == [0] * 8, [err for (_, err), _ in results]
    revisions, tables = schema(database_url)
    assert revisions == [head()] and tables >= TABLES


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_a_missing_driver_is_one_line_exit_3_and_never_the_password(tmp_path):
    hidden = tmp_path / "hidden" / "psycopg"
    hidden.mkdir(parents=True)
    (hidden / "__init__.py").write_text("raise ImportError('psycopg is not installed here')\n")
    url = "postgresql://judge:s3cret-pw@127.0.0.1:1/judge"
    process = migrate(url, PYTHONPATH=str(hidden.parent))
    out, err = process.communicate(timeout=120)
    assert process.returncode == 3
    assert len(err.strip().splitlines()) == 1, err
    assert "pyjudge[postgres]" in err
    assert "s3cret" not in out + err


def test_masked_urls_hide_the_password():
    shown = db.masked("postgresql://judge:p%40ss%3Aw0rd@db.example:5432/judge")
    assert "p%40ss" not in shown and "p@ss" not in shown and "w0rd" not in shown
    assert "***" in shown and "judge@db.example:5432/judge" in shown.replace(":***", "")
    assert "s3cret" not in db.masked(db.normalized("postgresql://u:s3cret@h/d"))
    assert db.masked("sqlite:////var/judge.db") == "sqlite:////var/judge.db"
    assert db.masked("not a url ::: s3cret") == "<unparsable database URL>"


def test_masked_urls_hide_a_password_given_as_a_query_parameter():
    shown = db.masked("postgresql://judge@db/judge?password=s3cret&sslmode=require")
    assert "s3cret" not in shown and "sslmode=require" in shown


def test_postgres_scheme_counts_as_postgresql():
    assert db.is_postgres("postgres://judge@db/judge")
    assert not db.is_postgres("sqlite:////var/judge.db")


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_an_unreachable_database_at_start_is_one_line_exit_3_and_never_the_password():
    process = migrate("postgresql://judge:s3cret-pw@127.0.0.1:1/judge")
    out, err = process.communicate(timeout=120)
    assert process.returncode == 3
    assert len(err.strip().splitlines()) == 1, err
    assert "unreachable" in err
    assert "s3cret" not in out + err
