"""asiointiapu-receiver: options, first start (token and staff password), then serve.

Lines on standard output, for people and for scripts that wait for the receiver:
  api token written to <file>                (first start only)
  staff password for the inbox: <password>   (first start only; shown this once)
  listening beyond this machine: ...         (with --allow-remote only)
  receiver ready on http://<host>:<port>     (when it accepts connections)
Errors and the log go to standard error.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from asiointiapu.receiver import passwords
from asiointiapu.receiver.api_token import TokenFileError, load_or_create_token
from asiointiapu.receiver.app import LOG, create_app
from asiointiapu.receiver.config import DEFAULT_HOST, DEFAULT_PORT, ReceiverConfig
from asiointiapu.receiver.database import NewerDatabaseError
from asiointiapu.receiver.inbox import PASSWORD_HASH_SETTING, SESSION_KEY_SETTING
from asiointiapu.receiver.rate_limit import DEFAULT_PER_MINUTE
from asiointiapu.receiver.server import serve
from asiointiapu.receiver.staff_session import new_signing_key
from asiointiapu.receiver.store import DEFAULT_RETENTION_DAYS, RequestStore

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asiointiapu-receiver",
        description="Receives Asiointiapu contact requests and shows them to staff in an inbox"
        " page (/inbox).",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to listen on (%(default)s)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port (%(default)s; 0: any free port)"
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="where the requests, the token and the password hash are kept"
        " (default: the user's data folder, asiointiapu/receiver)",
    )
    parser.add_argument(
        "--token-file", type=Path, help="the API token's file (default: <data-dir>/token)"
    )
    parser.add_argument(
        "--retention-days",
        type=int,
        default=DEFAULT_RETENTION_DAYS,
        help="days a handled request is kept before it is deleted (%(default)s)",
    )
    parser.add_argument(
        "--feedback-retention-days",
        type=int,
        metavar="DAYS",
        help="days the anonymous step feedback is kept (default: --retention-days)",
    )
    parser.add_argument(
        "--rate-limit",
        type=int,
        default=DEFAULT_PER_MINUTE,
        metavar="PER_MINUTE",
        help="requests a minute one client address may make (%(default)s)",
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow listening on an address other machines can reach; put a reverse proxy"
        " with TLS in front",
    )
    parser.add_argument(
        "--set-password",
        action="store_true",
        help="read a new staff password from standard input, store its hash and exit",
    )
    return parser


def config_from(options: argparse.Namespace) -> ReceiverConfig:
    return ReceiverConfig(
        host=options.host,
        port=options.port,
        data_dir=options.data_dir,
        token_file=options.token_file,
        retention_days=options.retention_days,
        feedback_retention_days=options.feedback_retention_days,
        rate_limit_per_minute=options.rate_limit,
        allow_remote=options.allow_remote,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    options = parser.parse_args(argv)
    config = config_from(options)
    if not 0 <= config.port <= 65535:
        parser.error("--port must be 0 to 65535")
    if config.retention_days < 0:
        parser.error("--retention-days must be 0 or more")
    if config.feedback_retention_days is not None and config.feedback_retention_days < 0:
        parser.error("--feedback-retention-days must be 0 or more")
    if config.rate_limit_per_minute < 1:
        parser.error("--rate-limit must be 1 or more")
    if not config.is_loopback and not config.allow_remote:
        _fail(
            f"refusing to listen on {config.host}: other machines could reach it. To allow"
            " that, add --allow-remote and put a reverse proxy with TLS (HTTPS) in front."
        )
        return EXIT_USAGE

    configure_logging()
    try:
        store = RequestStore.open(config.data_path)
    except (NewerDatabaseError, OSError) as error:
        _fail(f"cannot open the request store: {error}")
        return 1
    try:
        return _run(config, store, options.set_password)
    finally:
        store.close()


def _run(config: ReceiverConfig, store: RequestStore, set_password: bool) -> int:
    try:
        loaded = load_or_create_token(config.token_path)
    except (TokenFileError, OSError) as error:
        _fail(str(error))
        return 1
    if loaded.created:
        _say(f"api token written to {config.token_path}")
    if loaded.too_open:
        LOG.warning("the token file can be read by other users; make it 0600 (chmod 600)")

    if set_password:
        return _set_password(store)
    if store.setting(PASSWORD_HASH_SETTING) is None:
        password = passwords.new_password()
        if store.add_setting(PASSWORD_HASH_SETTING, passwords.hash_password(password)):
            _say(f"staff password for the inbox: {password}")

    if not config.is_loopback:
        _say(
            f"listening beyond this machine on {config.host}: TLS must be done by a reverse"
            " proxy in front of the receiver; this server speaks plain HTTP"
        )
    app = create_app(
        store,
        loaded.token,
        retention_days=config.retention_days,
        rate_limit_per_minute=config.rate_limit_per_minute,
        feedback_retention_days=config.feedback_retention_days,
    )
    serve(app, config.host, config.port, lambda port: _say(f"receiver ready on {config.url(port)}"))
    return 0


def _set_password(store: RequestStore) -> int:
    if sys.stdin.isatty():
        password = getpass.getpass("new staff password: ")
        if getpass.getpass("the same again: ") != password:
            _fail("the two passwords differ; nothing was changed")
            return 1
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    fault = passwords.password_fault(password)
    if fault:
        _fail(f"{fault}; nothing was changed")
        return 1
    store.set_setting(PASSWORD_HASH_SETTING, passwords.hash_password(password))
    store.set_setting(SESSION_KEY_SETTING, new_signing_key())  # logs everyone out
    _say("staff password changed; everyone logged in to the inbox is logged out")
    return 0


def configure_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False
    uvicorn_log = logging.getLogger("uvicorn")
    uvicorn_log.addHandler(handler)
    uvicorn_log.setLevel(logging.WARNING)
    uvicorn_log.propagate = False


def _say(line: str) -> None:
    print(line, flush=True)


def _fail(message: str) -> None:
    print(f"asiointiapu-receiver: {message}", file=sys.stderr, flush=True)
