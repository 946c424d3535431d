"""The receiver's configuration: where it listens, where it keeps its files, how long."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from asiointiapu.receiver.rate_limit import DEFAULT_PER_MINUTE
from asiointiapu.receiver.store import DEFAULT_RETENTION_DAYS

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
TOKEN_FILE_NAME = "token"


def default_data_dir() -> Path:
    return platformdirs.user_data_path("asiointiapu", appauthor=False) / "receiver"


@dataclass(frozen=True)
class ReceiverConfig:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT  # 0: any free port (the ready line says which)
    data_dir: Path | None = None  # None: default_data_dir()
    token_file: Path | None = None  # None: <data_dir>/token
    retention_days: int = DEFAULT_RETENTION_DAYS
    feedback_retention_days: int | None = None  # None: retention_days
    rate_limit_per_minute: int = DEFAULT_PER_MINUTE
    allow_remote: bool = False

    @property
    def data_path(self) -> Path:
        return self.data_dir if self.data_dir is not None else default_data_dir()

    @property
    def token_path(self) -> Path:
        return self.token_file if self.token_file is not None else self.data_path / TOKEN_FILE_NAME

    @property
    def is_loopback(self) -> bool:
        return is_loopback(self.host)

    def url(self, port: int) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{port}"


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost': addresses no other machine can reach."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
