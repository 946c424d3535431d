"""The program as a command: checking guides, bad input, no tracebacks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args, env=None, timeout=60):
    return subprocess.run(
        [sys.executable, "-m", "asiointiapu", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


def test_check_accepts_the_builtin_guide():
    result = run("--check")
    assert result.returncode == 0, result.stderr
    assert "ok: guide.toml" in result.stdout


def test_check_reports_a_broken_guide_plainly(tmp_path):
    broken = tmp_path / "guide.toml"
    broken.write_text('format = 1\nid = "x"\ntitle = "X"\nservice_url = "ftp://x"\n')
    result = run("--check", "--guide", str(broken))
    assert result.returncode == 2
    assert "field 'service_url'" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_reports_broken_practice_pages_beside_the_guide(tmp_path):
    guide = ROOT / "asiointiapu" / "guides" / "data" / "registration" / "guide.toml"
    (tmp_path / "guide.toml").write_bytes(guide.read_bytes())
    (tmp_path / "practice.toml").write_text(
        'format = 1\nguide = "registration"\nintro = "x"\n'
        '[[pages]]\nid = "a"\nstep = "nowhere"\ntitle = "T"\nintro = "I"\n'
    )
    result = run("--check", "--guide", str(tmp_path / "guide.toml"))
    assert result.returncode == 2
    assert "practice.toml" in result.stderr and "'nowhere' is not a step" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_and_help():
    assert run("--version").stdout.startswith("Asiointiapu ")
    assert "--site-config" in run("--help").stdout
