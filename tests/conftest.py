import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Unit UI tests run without a screen; the real-screen tests start their own Xvfb.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never read or write the developer's own settings or the machine's site file.
os.environ.setdefault("ASIOINTIAPU_SITE_CONFIG", os.devnull)

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def isolated_dirs(tmp_path, monkeypatch):
    """XDG dirs in tmp_path, so platformdirs points every read and write there."""
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        d = tmp_path / name.lower()
        d.mkdir()
        monkeypatch.setenv(name, str(d))
    return tmp_path


SPEECHD_CONF = Path("/etc/speech-dispatcher/speechd.conf")


@pytest.fixture
def speech_home(tmp_path, monkeypatch):
    """A home whose sound goes to a file (ALSA's "file" plugin, not a sound card) and whose
    speech-dispatcher is its own: started by the worker in a private runtime directory and
    stopped at the end. Yields the sound file."""
    home, config, runtime = tmp_path / "home", tmp_path / "config", tmp_path / "run"
    for folder in (home, config / "speech-dispatcher", runtime):
        folder.mkdir(parents=True)
    runtime.chmod(0o700)
    sound = tmp_path / "sound.raw"
    (home / ".asoundrc").write_text(
        f'pcm.!default {{ type file; slave.pcm "null"; file "{sound}"; format "raw" }}\n'
    )
    system = [
        line
        for line in SPEECHD_CONF.read_text().splitlines()
        if not line.startswith("Include")  # the clients' files are relative to /etc
    ]
    (config / "speech-dispatcher" / "speechd.conf").write_text(
        "\n".join(
            [
                *system,
                'AudioOutputMethod "alsa"',
                'AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"',
                'DefaultModule "espeak-ng"',
                "",
            ]
        )
    )
    for name, value in {
        "HOME": home,
        "XDG_CONFIG_HOME": config,
        "XDG_RUNTIME_DIR": runtime,
        "XDG_CACHE_HOME": tmp_path / "cache",
    }.items():
        monkeypatch.setenv(name, str(value))
    monkeypatch.delenv("SPEECHD_ADDRESS", raising=False)
    yield sound
    pid_file = runtime / "speech-dispatcher" / "pid" / "speech-dispatcher.pid"
    if pid_file.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pid_file.read_text().split()[0]), signal.SIGTERM)


def loudness(sound: Path) -> int:
    """The largest sample (16-bit little-endian) in a raw sound file."""
    data = sound.read_bytes()
    samples = memoryview(data[: len(data) // 2 * 2]).cast("h")
    return max((abs(s) for s in samples), default=0)


@contextmanager
def private_screen() -> Iterator[str]:
    """A private Xvfb screen, as DISPLAY; its number is picked by Xvfb itself (-displayfd)."""
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as f:
        number = f.readline().strip()
    assert number, "Xvfb did not start"
    try:
        yield f":{number}"
    finally:
        xvfb.terminate()
        xvfb.wait(10)
