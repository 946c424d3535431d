"""`pip install .` gives a working program: guide data, catalogues and the command are in it."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_holds_everything_and_runs_outside_the_source_tree(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    (wheel,) = (tmp_path / "dist").glob("asiointiapu-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "asiointiapu/guides/data/registration/guide.toml" in names
    assert "asiointiapu/_translations/fi/LC_MESSAGES/asiointiapu.po" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert (
        "asiointiapu = asiointiapu.app:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
    )

    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import asiointiapu.resources as r, asiointiapu.i18n as i;"
            "d = r.translations_dir(); print(d); print(i.I18n(d, 'fi').gettext('Next →'))",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    where, next_in_finnish = probe.stdout.splitlines()
    assert where.startswith(str(target))
    assert next_in_finnish == "Seuraava →"
    check = subprocess.run(
        [sys.executable, "-m", "asiointiapu", "--check"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
