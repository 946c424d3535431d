"""asiointiapu-receiver's first start, password, refusals and its database file."""

import sqlite3
import stat

import requests

from asiointiapu.receiver.database import MIGRATIONS
from asiointiapu.receiver.store import DATABASE_NAME
from tests.receiver.conftest import login, run_receiver_command


def test_the_first_start_makes_a_private_token_and_shows_the_password_once(start, tmp_path):
    data_dir = tmp_path / "data"
    first = start(data_dir=data_dir)
    assert first.stdout[0] == f"api token written to {data_dir / 'token'}"
    assert first.stdout[1] == f"staff password for the inbox: {first.password}"
    assert first.stdout[2] == f"receiver ready on {first.url}"
    assert len(first.stdout) == 3
    assert first.url.startswith("http://127.0.0.1:")
    assert stat.S_IMODE((data_dir / "token").stat().st_mode) == 0o600
    assert stat.S_IMODE((data_dir / DATABASE_NAME).stat().st_mode) == 0o600
    assert len(first.token) >= 43
    first.stop()
    assert first.password not in first.log()
    with sqlite3.connect(data_dir / DATABASE_NAME) as db:
        stored = dict(db.execute("SELECT key, value FROM settings"))
    assert stored["staff_password_hash"].startswith("scrypt$")
    assert first.password not in str(stored)

    again = start(data_dir=data_dir)
    assert again.stdout == [f"receiver ready on {again.url}"]
    assert again.token == first.token
    login(again, first.password)


def test_a_new_staff_password_is_read_from_standard_input(start, tmp_path):
    data_dir = tmp_path / "data"
    result = run_receiver_command(data_dir, "--set-password", stdin="a new password 123\n")
    assert result.returncode == 0, result.stderr
    assert "staff password for the inbox" not in result.stdout
    receiver = start(data_dir=data_dir)
    assert receiver.password is None  # set before the first start: nothing to show
    login(receiver, "a new password 123")


def test_a_too_short_staff_password_is_refused(tmp_path):
    result = run_receiver_command(tmp_path / "data", "--set-password", stdin="short\n")
    assert result.returncode == 1
    assert "at least 8 characters" in result.stderr


def test_a_new_password_logs_everyone_out(start, tmp_path):
    data_dir = tmp_path / "data"
    receiver = start(data_dir=data_dir)
    session = login(receiver)
    result = run_receiver_command(data_dir, "--set-password", stdin="another password\n")
    assert result.returncode == 0, result.stderr
    response = session.get(f"{receiver.url}/inbox", allow_redirects=False, timeout=10)
    assert response.headers["Location"] == "/inbox/login"
    login(receiver, "another password")


def test_an_address_other_machines_reach_needs_allow_remote(tmp_path):
    for host in ("0.0.0.0", "192.0.2.10", "::", "example.org"):
        result = run_receiver_command(tmp_path / "data", "--host", host)
        assert result.returncode == 2
        assert "--allow-remote" in result.stderr
        assert "reverse proxy" in result.stderr
        assert "receiver ready" not in result.stdout


def test_with_allow_remote_it_says_tls_belongs_to_a_reverse_proxy(start):
    receiver = start("--host", "0.0.0.0", "--allow-remote")
    assert any("TLS must be done by a reverse proxy" in line for line in receiver.stdout)
    port = receiver.url.rsplit(":", 1)[1]
    assert receiver.url == f"http://0.0.0.0:{port}"
    health = requests.get(f"http://127.0.0.1:{port}/v1/health", timeout=10)
    assert health.json() == {"status": "ok"}


def test_the_database_is_in_wal_mode_with_a_schema_version(start, tmp_path):
    data_dir = tmp_path / "data"
    start(data_dir=data_dir).stop()
    with sqlite3.connect(data_dir / DATABASE_NAME) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(len(MIGRATIONS),)]


def test_a_database_from_a_newer_receiver_is_not_touched(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with sqlite3.connect(data_dir / DATABASE_NAME) as db:
        db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        db.execute("INSERT INTO schema_version VALUES (99)")
    result = run_receiver_command(data_dir)
    assert result.returncode == 1
    assert "schema version 99" in result.stderr


def test_negative_retention_days_are_refused(tmp_path):
    for option in ("--retention-days", "--feedback-retention-days"):
        result = run_receiver_command(tmp_path / "data", option, "-1")
        assert result.returncode == 2
        assert f"{option} must be 0 or more" in result.stderr
