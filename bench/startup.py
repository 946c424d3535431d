"""Start-up: from process start to the first step painted and ready for input, and peak RSS.

Each process prints `ready <monotonic ns> <peak RSS kB>` (ASIOINTIAPU_BENCH_READY=exit), so the
end is marked by the process itself; the start is taken just before it is launched.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from asiointiapu.ui.ready_marker import CLASSES_VARIABLE
from bench import Figure, figure
from bench.baseline_window import CLASSES_OPTION, STEP_OPTION

BASELINE = [sys.executable, "-m", "bench.baseline_window"]
BASELINE_QT = [*BASELINE, "--qt-namespace"]
APP = [sys.executable, "-m", "asiointiapu", "--language", "en"]


def environment(home: Path, site_config: Path | None = None) -> dict[str, str]:
    """A clean person: own config and data folders, no site settings unless given."""
    env = dict(os.environ)
    env.update(
        ASIOINTIAPU_BENCH_READY="exit",
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        ASIOINTIAPU_SITE_CONFIG=str(site_config or home / "no-site.toml"),
    )
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def start_once(command: list[str], env: dict[str, str], cores: int | None) -> tuple[float, float]:
    """Milliseconds to ready, and peak RSS in MB at that moment."""
    if cores:
        command = ["taskset", "-c", ",".join(str(c) for c in range(cores)), *command]
    started = time.monotonic_ns()
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("ready "):
                _, ns, kb = line.split()
                process.wait(30)
                return (int(ns) - started) / 1e6, int(kb) / 1024
        raise RuntimeError(f"{command} ended without a ready line ({process.wait()})")


def qt_classes(command: list[str], env: dict[str, str]) -> list[str]:
    """The Qt classes whose Python types a process has made by its ready line."""
    done = subprocess.run(
        command,
        env={**env, CLASSES_VARIABLE: "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith("qt-classes "):
            return line.split()[1:]
    raise RuntimeError(f"{command} printed no qt-classes line ({done.returncode})")


def baseline_with_classes(env: dict[str, str]) -> tuple[list[str], int]:
    """The bare window made to build the Python types of every Qt class the app's first step
    has built, and how many more classes that is than the bare window's own."""
    app, bare = qt_classes(APP, env), set(qt_classes(BASELINE, env))
    return [*BASELINE, CLASSES_OPTION, ",".join(app)], len(set(app) - bare)


def plain_step(with_classes: list[str], folder: Path) -> list[str]:
    """That window showing a step like the app's first one in Qt's own widgets, with the app's
    style sheet at 100% in the light theme (written to a file in `folder`)."""
    from asiointiapu.ui import themes

    style_sheet = folder / "app.qss"
    style_sheet.write_text(themes.stylesheet(themes.LIGHT, 100), encoding="utf-8")
    return [*with_classes, STEP_OPTION, str(style_sheet)]


def instructions(command: list[str], env: dict[str, str]) -> int:
    """Instructions a process runs from its start until it exits after its first paint, counted
    by valgrind's callgrind. Python's hashing is fixed, so the count is the same every time."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        env={**env, "PYTHONHASHSEED": "0"},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"{command} under callgrind: {done.stderr[-500:]}")
    return int(found.group(1).replace(",", ""))


def compile_sources() -> None:
    """Byte-compile the app's own modules, as installing it does (pip, bundles, packages).

    A source tree run with PYTHONDONTWRITEBYTECODE (or from a read-only folder) would otherwise
    compile every module on every start, which no installed copy does; Python reads the
    compiled files whatever that setting says.
    """
    import compileall

    import asiointiapu

    compileall.compile_dir(Path(asiointiapu.__file__).parent, quiet=1)


def measure(
    kinds: dict[str, tuple[list[str], dict[str, str]]], runs: int, cores: int | None
) -> dict[str, tuple[Figure, Figure]]:
    """Every kind once per round, in turn, so that a slow moment of the machine hits all alike."""
    for command, env in kinds.values():
        start_once(command, env, cores)  # warm the file cache
    times: dict[str, list[float]] = {name: [] for name in kinds}
    peaks: dict[str, list[float]] = {name: [] for name in kinds}
    for _ in range(runs):
        for name, (command, env) in kinds.items():
            ms, mb = start_once(command, env, cores)
            times[name].append(ms)
            peaks[name].append(mb)
    return {name: (figure(times[name]), figure(peaks[name])) for name in kinds}


def import_profile(env: dict[str, str], top: int = 10) -> list[tuple[float, str]]:
    """`python -X importtime` of the app's start: the slowest top-level imports (ms, name)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *APP[1:]],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    found = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line[len("import time:") :].split("|")
        if len(name) - len(name.lstrip()) == 3:  # top level: imported by the program itself
            found.append((int(cumulative) / 1000, name.strip()))
    return sorted(found, reverse=True)[:top]
