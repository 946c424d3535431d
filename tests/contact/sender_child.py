"""The processes the kill test kills.

    python sender_child.py OUTBOX URL TOKEN

This process only prepares (imports everything once) and then, for each line "run LABEL" on its
standard input, forks a sender, prints "pid PID", waits until the sender is gone and prints
"done SIGNAL" (or "done exit CODE"). The sender opens the outbox itself, prints "ready", then
saves and sends requests one after another, printing "saved KEY" as each is saved, until it is
killed. Forking saves the start-up time of a new Python for each of the many kills.
"""

import itertools
import os
import sys
import traceback
from pathlib import Path

from helpers import make_request

from asiointiapu.contact.channels import HttpChannel
from asiointiapu.contact.outbox import Outbox


def say(line: str) -> None:
    # One write per line: the two processes share the pipe, and a line must not be split.
    os.write(1, (line + "\n").encode())


def send_until_killed(path: Path, url: str, token: str, label: str) -> None:
    outbox = Outbox(path)
    channel = HttpChannel(url, token, connect_timeout=2, read_timeout=2)
    say("ready")
    for n in itertools.count():
        key = outbox.enqueue(make_request(message=f"run {label} request {n}"))
        say(f"saved {key}")
        outbox.send_due(channel)


def main() -> None:
    path, url, token = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    for line in sys.stdin:
        label = line.split()[1]
        pid = os.fork()
        if pid == 0:
            try:
                send_until_killed(path, url, token, label)
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(1)
        say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            say(f"done {os.WTERMSIG(status)}")
        else:
            say(f"done exit {os.waitstatus_to_exitcode(status)}")


if __name__ == "__main__":
    main()
