import os
import sys
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
