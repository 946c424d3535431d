"""Bundle size: the app's PyInstaller bundle against a bare one-label PySide6 window bundled the
same way (packaging/pyinstaller/asiointiapu.spec, ASIOINTIAPU_BUNDLE_BASELINE), in one run.

    python -m bench.bundle_size      builds both (a minute or two) and prints sizes and the ratio
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "pyinstaller" / "asiointiapu.spec"
OUT = ROOT / "build" / "bench-bundles"
TARGET = 1.15


def build(baseline: bool) -> Path:
    env = {**os.environ, "ASIOINTIAPU_BUNDLE_BASELINE": "1" if baseline else ""}
    name = "baseline" if baseline else "asiointiapu"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(OUT / "dist"),
            "--workpath",
            str(OUT / f"work-{name}"),
            str(SPEC),
        ],
        env=env,
        check=True,
        cwd=ROOT,
    )
    return OUT / "dist" / name


def size(folder: Path) -> int:
    """Bytes of the files in a folder (links counted once, as their targets are)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    app, baseline = size(build(baseline=False)), size(build(baseline=True))
    ratio = app / baseline
    print(f"{'bundle':<12} {'MB':>8}")
    print(f"{'bare window':<12} {baseline / 1e6:>8.1f}")
    print(f"{'asiointiapu':<12} {app / 1e6:>8.1f}")
    verdict = "met" if ratio <= TARGET else "missed"
    print(f"ratio {ratio:.2f} (target <= {TARGET}: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
