"""Runs the benchmarks and prints one table. Figures are medians over repeated runs, with the
spread (fastest to slowest); the ratios against the bare window are what count, not the numbers."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

from asiointiapu import APP_ID
from asiointiapu.contact.outbox import FILE_NAME
from bench import outbox_load, startup

PARTS = ("startup", "steps", "language", "sending", "outbox")
ON_REQUEST = ("instructions",)  # needs valgrind, and takes minutes: only with --only
rows: list[tuple[str, str, str, str]] = []


def row(what: str, figure: str, target: str, met: bool | None) -> None:
    verdict = "–" if met is None else ("met" if met else "MISSED")
    rows.append((what, figure, target, verdict))
    print(f"  {what}: {figure} (target {target}: {verdict})", flush=True)


def startup_kinds(tmp: Path) -> dict[str, tuple[list[str], dict[str, str]]]:
    """The start-ups to compare: the bare window; it with Qt's price for the app's first step
    (Qt's namespace, the same Qt classes, and those showing a like step); the app; the app with
    1,000 requests waiting."""
    home, pending_home = tmp / "home", tmp / "pending"
    site = pending_home / "site.toml"
    if not site.exists():  # once per run of the bench: both start-up parts use them
        fill_path = pending_home / "data" / APP_ID / FILE_NAME
        fill_path.parent.mkdir(parents=True)
        outbox_load.fill(fill_path, 1000)
        token = pending_home / "token"
        token.write_text("t" * 40)
        token.chmod(0o600)
        # Sending starts 1.5 s after the first paint, so no receiver needs to answer here.
        site.write_text(f'receiver_url = "http://127.0.0.1:9"\nreceiver_token_file = "{token}"\n')
    with_classes, more_classes = startup.baseline_with_classes(startup.environment(home))
    return {
        "bare window": (startup.BASELINE, startup.environment(home)),
        "bare window using Qt's namespace": (startup.BASELINE_QT, startup.environment(home)),
        f"bare window making the {more_classes} Qt classes more that the app's start makes": (
            with_classes,
            startup.environment(home),
        ),
        "bare window with those classes showing a step like the first in Qt's own widgets": (
            startup.plain_step(with_classes, tmp),
            startup.environment(home),
        ),
        "app": (startup.APP, startup.environment(home)),
        "app, 1,000 waiting": (startup.APP, startup.environment(pending_home, site)),
    }


def startups(tmp: Path, runs: int, cores: int | None) -> None:
    label = f", {cores} core{'s' if cores > 1 else ''}" if cores else ""
    print(f"start-up ({runs} runs each{label}; the app's modules byte-compiled)", flush=True)
    startup.compile_sources()
    kinds = startup_kinds(tmp)
    found = startup.measure(kinds, runs, cores)
    base_time, base_peak = found["bare window"]
    row(
        f"start-up: bare window{label}",
        f"{base_time.median:.0f} ms ({base_time.spread()}), {base_peak.median:.1f} MB",
        "baseline",
        None,
    )
    # What any PySide window pays for the same Qt classes, before any of the app's own work.
    for name in list(kinds)[1:4]:
        floor, _ = found[name]
        row(
            f"start-up: {name}{label}",
            f"{floor.median:.0f} ms ({floor.spread()}) = {floor.median / base_time.median:.2f}×",
            "report",
            None,
        )
    for name in ("app", "app, 1,000 waiting"):
        time, peak = found[name]
        ratio = time.median / base_time.median
        row(
            f"start-up time: {name}{label}",
            f"{time.median:.0f} ms ({time.spread()}) = {ratio:.2f}×, best {time.best:.0f} ms",
            "≤ 1.25×",
            ratio <= 1.25,
        )
        ratio = peak.median / base_peak.median
        row(
            f"peak RSS at ready: {name}{label}",
            f"{peak.median:.1f} MB ({peak.spread(1)}) = {ratio:.2f}×",
            "≤ 1.2×",
            ratio <= 1.2,
        )
    print("slowest top-level imports of the app's start (cumulative ms):")
    for ms, name in startup.import_profile(kinds["app"][1]):
        print(f"  {ms:7.1f}  {name}")


def instructions(tmp: Path) -> None:
    """The same start-ups counted in instructions: the same figure every time, whatever else
    the machine is doing, so that a change of a few per cent shows."""
    print("start-up in instructions (callgrind; each kind once, about a minute each)", flush=True)
    startup.compile_sources()
    kinds = startup_kinds(tmp)
    counts = {name: startup.instructions(*kind) for name, kind in kinds.items()}
    base = counts["bare window"]
    for name, count in counts.items():
        ratio = "" if name == "bare window" else f" = {count / base:.2f}×"
        row(f"instructions to ready: {name}", f"{count / 1e6:,.0f} million{ratio}", "report", None)


def steps() -> None:
    from bench import latency

    print(
        "step change until painted (every step forward and back, twice; after "
        f"{latency.READING_MS} ms on each step, and with no pause: a key held down "
        f"{latency.SETTLING_MS} ms after start, and from the first paint on)",
        flush=True,
    )
    kinds = (
        (latency.READING_MS, latency.READING_MS, "after reading"),
        (0, latency.SETTLING_MS, "no pause"),
        (0, 0, "no pause from the first paint"),
    )
    for scale, size in latency.SIZES.items():
        for theme in ("light", "dark", "high-contrast"):
            for reading_ms, settling_ms, how in kinds:
                f, gaps, preparing = latency.step_changes(
                    scale, theme, reading_ms=reading_ms, settling_ms=settling_ms
                )
                row(
                    f"step change {scale}% {theme} {size[0]}×{size[1]}, {how}",
                    f"median {f.median:.1f} ms, worst {f.worst:.1f} ms ({len(f.values)} changes)",
                    "≤ 16 / 33 ms",
                    f.median <= 16 and f.worst <= 33,
                )
                if preparing is not None and reading_ms:
                    row(
                        f"  longest event-loop gap while the pages are prepared, {scale}% {theme}",
                        f"{preparing:.1f} ms (first {settling_ms} ms after start)",
                        "report",
                        None,
                    )
                if gaps is not None:
                    row(
                        f"  event-loop gap while reading a step, {scale}% {theme}",
                        f"median {gaps.median:.1f} ms, worst {gaps.worst:.1f} ms",
                        "report",
                        None,
                    )


def language() -> None:
    from bench import latency

    print("language switch fi → sv → en until painted", flush=True)
    f = latency.language_switches()
    row(
        "language switch",
        f"median {f.median:.0f} ms, worst {f.worst:.0f} ms ({len(f.values)} switches)",
        "≤ 100 ms",
        f.worst <= 100,
    )
    themes, sizes = latency.look_changes()
    for name, g in (("colours", themes), ("text size", sizes)):
        row(
            f"change of {name} in the settings",
            f"median {g.median:.0f} ms, worst {g.worst:.0f} ms ({len(g.values)} changes)",
            "report",
            None,
        )


def sending(tmp: Path, runs: int) -> None:
    from bench import sending as s

    print(f"event-loop stall while sending ({runs} requests each)", flush=True)
    for kind, f in s.stalls(tmp, runs).items():
        row(
            f"stall, server {s.SERVERS[kind]}",
            f"max gap median {f.median:.0f} ms, worst {f.worst:.0f} ms",
            "≤ 50 ms",
            f.worst <= 50,
        )


def outbox(tmp: Path) -> None:
    print("outbox: 1,000 saved requests to the reference receiver", flush=True)
    f = outbox_load.throughput(tmp)
    row("outbox throughput", f"{f.median:.0f} requests/s ({f.spread()})", "report", None)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="start-ups of each kind (7)")
    parser.add_argument("--cores", type=int, help="start-ups on this many cores only (taskset)")
    parser.add_argument(
        "--only", choices=PARTS + ON_REQUEST, action="append", help="run only these parts"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    parts = args.only or PARTS
    with tempfile.TemporaryDirectory(prefix="asiointiapu-bench-") as name:
        tmp = Path(name)
        if "startup" in parts:
            startups(tmp, args.runs, args.cores)
        if "instructions" in parts:
            instructions(tmp)
        if "steps" in parts:
            steps()
        if "language" in parts:
            language()
        if "sending" in parts:
            sending(tmp, 3)
        if "outbox" in parts:
            outbox(tmp)
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':<{width}}  {'result':<55}  {'target':<13}  verdict")
    for what, figure, target, verdict in rows:
        print(f"{what:<{width}}  {figure:<55}  {target:<13}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
