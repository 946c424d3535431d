import base64
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from asiointiapu.kiosk.staff_pin import (
    Outcome,
    PinGuard,
    hash_pin,
    parse_pin_hash,
    verify_pin,
)

ROOT = Path(__file__).resolve().parents[2]
PIN = "246810"
# Hashed once: each hash costs scrypt's full work, which is the point of it.
STORED = parse_pin_hash(hash_pin(PIN))


def test_round_trip():
    line = hash_pin(PIN)
    assert line.isascii() and "\n" not in line
    parts = line.split("$")
    assert parts[:4] == ["scrypt", "16384", "8", "1"]
    assert len(base64.b64decode(parts[4], validate=True)) == 16
    assert len(base64.b64decode(parts[5], validate=True)) == 32
    stored = parse_pin_hash(line)
    assert (stored.n, stored.r, stored.p) == (2**14, 8, 1)
    assert stored.line() == line
    assert verify_pin(PIN, stored)


def test_wrong_pin_is_refused():
    assert not verify_pin("246811", STORED)
    assert not verify_pin("", STORED)
    assert not verify_pin(PIN + " ", STORED)


def test_same_pin_twice_gives_different_hashes():
    first, second = hash_pin(PIN), hash_pin(PIN)
    assert first != second
    assert first.split("$")[4] != second.split("$")[4]  # the salt differs
    assert verify_pin(PIN, parse_pin_hash(first)) and verify_pin(PIN, parse_pin_hash(second))


def test_given_salt_is_used():
    salt = bytes(range(16))
    assert hash_pin(PIN, salt=salt) == hash_pin(PIN, salt=salt)
    assert parse_pin_hash(hash_pin(PIN, salt=salt)).salt == salt


def test_same_pin_in_either_unicode_form_matches():
    stored = parse_pin_hash(hash_pin("k\u00e4ytt\u00e4j\u00e4"))  # ä as one code point
    assert verify_pin("ka\u0308ytta\u0308ja\u0308", stored)  # a + combining diaeresis


def test_surrounding_whitespace_of_the_line_is_ignored():
    assert verify_pin(PIN, parse_pin_hash(f"  {STORED.line()}\n"))


SALT = base64.b64encode(b"s" * 16).decode()
HASH = base64.b64encode(b"h" * 32).decode()


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("", "empty"),
        (f"bcrypt$16384$8$1${SALT}${HASH}", "must start with 'scrypt$'"),
        (f"pbkdf2_sha256$16384$8$1${SALT}${HASH}", "must start with 'scrypt$'"),
        (f"scrypt$16384$8${SALT}${HASH}", "6 parts"),
        (f"scrypt$16384$8$1$1${SALT}${HASH}", "6 parts"),
        ("246810", "must start with 'scrypt$'"),
        (f"scrypt$abc$8$1${SALT}${HASH}", "n is not a whole number"),
        (f"scrypt$16384$-8$1${SALT}${HASH}", "r is not a whole number"),
        (f"scrypt$16384$8$1.0${SALT}${HASH}", "p is not a whole number"),
        (f"scrypt$ 16384$8$1${SALT}${HASH}", "n is not a whole number"),
        (f"scrypt$016384$8$1${SALT}${HASH}", "n is not a whole number"),
        (f"scrypt$\u0661\u0666$8$1${SALT}${HASH}", "n is not a whole number"),  # Arabic digits
        (f"scrypt$10000$8$1${SALT}${HASH}", "power of two"),
        (f"scrypt$0$8$1${SALT}${HASH}", "power of two"),
        (f"scrypt$1$8$1${SALT}${HASH}", "power of two"),
        (f"scrypt${2**21}$8$1${SALT}${HASH}", "n is too large"),
        (f"scrypt${2**40}$8$1${SALT}${HASH}", "n is too large"),
        (f"scrypt$16384$0$1${SALT}${HASH}", "r must be from 1"),
        (f"scrypt$16384$1000$1${SALT}${HASH}", "r must be from 1"),
        (f"scrypt$16384$8$0${SALT}${HASH}", "p must be from 1"),
        (f"scrypt$16384$8$99999${SALT}${HASH}", "p must be from 1"),
        (f"scrypt${2**16}$1$1${SALT}${HASH}", "too large for r"),
        (f"scrypt${2**20}$16$1${SALT}${HASH}", "MiB of memory"),
        (f"scrypt${2**20}$8$2${SALT}${HASH}", "take too long"),
        (f"scrypt$16384$8$1$not*base64${HASH}", "salt is not valid base64"),
        (f"scrypt$16384$8$1${SALT}$abc", "hash is not valid base64"),  # padding missing
        (f"scrypt$16384$8$1$s\u00e4lt${HASH}", "salt is not valid base64"),
        (f"scrypt$16384$8$1$$${HASH}", "6 parts"),
        (f"scrypt$16384$8$1$${HASH}", "salt is too short"),
        (f"scrypt$16384$8$1${SALT}$", "hash is 0 bytes long"),
        (f"scrypt$16384$8$1${SALT}${base64.b64encode(b'h' * 100).decode()}", "100 bytes"),
    ],
)
def test_malformed_line_says_what_is_wrong(line, words):
    with pytest.raises(ValueError) as raised:
        parse_pin_hash(line)
    assert words in str(raised.value)


def test_largest_allowed_parameters_are_read():
    stored = parse_pin_hash(f"scrypt${2**20}$8$1${SALT}${HASH}")
    assert (stored.n, stored.r, stored.p) == (2**20, 8, 1)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_guard_waits_double_from_the_third_wrong_try():
    clock = FakeClock()
    guard = PinGuard(STORED, clock=clock)
    waits = []
    for _ in range(12):
        attempt = guard.try_pin("000000")
        assert attempt.outcome is Outcome.WRONG and not attempt.accepted
        waits.append(attempt.wait_seconds)
        clock.now += attempt.wait_seconds
    assert waits == [0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]
    assert guard.wrong_tries == 12


def test_too_soon_refuses_even_the_right_pin_until_the_wait_has_passed():
    clock = FakeClock()
    guard = PinGuard(STORED, clock=clock)
    for _ in range(3):
        guard.try_pin("000000")
    assert guard.seconds_left() == 2

    clock.now += 0.5
    attempt = guard.try_pin(PIN)
    assert attempt.outcome is Outcome.TOO_SOON and attempt.wait_seconds == 1.5
    # Refused tries neither count as wrong nor move the wait.
    assert guard.try_pin("000000").outcome is Outcome.TOO_SOON
    assert guard.wrong_tries == 3

    clock.now += 1.4
    assert guard.try_pin(PIN).outcome is Outcome.TOO_SOON
    clock.now += 0.1
    assert guard.try_pin(PIN).outcome is Outcome.ACCEPTED


def test_too_soon_does_not_compare_the_pin(monkeypatch):
    clock = FakeClock()
    guard = PinGuard(STORED, clock=clock)
    for _ in range(3):
        guard.try_pin("000000")
    compared = []
    monkeypatch.setattr(
        "asiointiapu.kiosk.staff_pin.verify_pin", lambda pin, stored: compared.append(pin) or False
    )
    assert guard.try_pin("111111").outcome is Outcome.TOO_SOON
    assert compared == []
    clock.now += 2
    assert guard.try_pin("111111").outcome is Outcome.WRONG
    assert compared == ["111111"]


def test_right_pin_resets_the_count():
    clock = FakeClock()
    guard = PinGuard(STORED, clock=clock)
    for _ in range(4):
        clock.now += guard.try_pin("000000").wait_seconds
    assert guard.try_pin(PIN) == guard.try_pin(PIN)  # ACCEPTED twice, no wait in between
    assert guard.try_pin(PIN).accepted and guard.wrong_tries == 0
    assert [guard.try_pin("000000").wait_seconds for _ in range(2)] == [0, 0]
    assert guard.try_pin("000000").wait_seconds == 2


def test_guard_uses_the_real_clock_by_default():
    guard = PinGuard(STORED)
    for _ in range(3):
        guard.try_pin("000000")
    attempt = guard.try_pin(PIN)
    assert attempt.outcome is Outcome.TOO_SOON and 1 < attempt.wait_seconds <= 2


def run_cli(stdin: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from asiointiapu.kiosk.staff_pin import main_hash_pin as m; sys.exit(m())"
    return subprocess.run(
        [sys.executable, "-c", code],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_cli_prints_a_line_that_verifies():
    done = run_cli("135790\n")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith('staff_pin_hash = "scrypt$16384$8$1$') and lines[0].endswith('"')
    stored = parse_pin_hash(lines[0].split('"')[1])
    assert verify_pin("135790", stored)
    assert not verify_pin("135790\n", stored)
    assert "135790" not in done.stdout + done.stderr


def test_cli_line_is_valid_toml():
    import tomllib

    done = run_cli("pin with spaces\r\n")
    assert done.returncode == 0, done.stderr
    assert verify_pin(
        "pin with spaces", parse_pin_hash(tomllib.loads(done.stdout)["staff_pin_hash"])
    )


@pytest.mark.parametrize("stdin", ["12345\n", "\n", ""])
def test_cli_refuses_a_short_or_missing_pin(stdin):
    done = run_cli(stdin)
    assert done.returncode == 1
    assert done.stdout == ""
    assert ("too short" in done.stderr) if stdin else ("empty" in done.stderr)


def test_cli_help_works_without_asking():
    code = "from asiointiapu.kiosk.staff_pin import main_hash_pin; main_hash_pin(['-h'])"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0 and "--hash-pin" in done.stdout


CLI = "import sys; from asiointiapu.kiosk.staff_pin import main_hash_pin; sys.exit(main_hash_pin())"


def run_cli_on_terminal(answers: list[str]) -> tuple[int, str]:
    """Run the CLI on a pseudo-terminal of its own, typing each answer after its prompt."""
    master, slave = os.openpty()
    # A new session has no controlling terminal, so getpass cannot reach the terminal
    # pytest runs in and reads the pseudo-terminal (its stdin) with echo off.
    process = subprocess.Popen(
        [sys.executable, "-c", CLI],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        start_new_session=True,
    )
    os.close(slave)
    output, typed = b"", 0
    deadline = time.monotonic() + 60
    try:
        while True:
            ready, _, _ = select.select([master], [], [], max(0.0, deadline - time.monotonic()))
            assert ready, f"the CLI hung; it wrote {output!r}"
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the CLI has ended and closed the terminal
                break
            if not chunk:
                break
            output += chunk
            prompts = output.count(b"New staff PIN: ") + output.count(b"The same PIN again: ")
            while typed < prompts and typed < len(answers):
                os.write(master, answers[typed].encode() + b"\n")
                typed += 1
        return process.wait(timeout=60), output.decode()
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
            process.wait()


def test_cli_on_a_terminal_asks_twice_without_echo():
    code, output = run_cli_on_terminal(["97531864", "97531864"])
    assert code == 0, output
    assert "97531864" not in output  # not echoed, not printed
    line = next(line for line in output.splitlines() if line.startswith("staff_pin_hash"))
    assert verify_pin("97531864", parse_pin_hash(line.split('"')[1]))


def test_cli_on_a_terminal_refuses_two_different_pins():
    code, output = run_cli_on_terminal(["97531864", "97531865"])
    assert code == 1
    assert "not the same" in output and "staff_pin_hash" not in output


def test_cli_on_a_terminal_refuses_a_short_pin_at_once():
    code, output = run_cli_on_terminal(["1234"])
    assert code == 1
    assert "too short" in output and "again" not in output
