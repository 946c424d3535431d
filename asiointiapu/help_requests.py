"""Sending a person's request for help, and anonymous answers about steps: the outbox and the
channel together.

The UI calls submit() and send_pending() off its thread. The parts are built on first use, in
the thread that first needs them, so that the HTTP, keyring and SQLite libraries are not loaded
at start-up.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from asiointiapu.i18n import N_

if TYPE_CHECKING:
    from asiointiapu.contact.channels import Channel, Outcome
    from asiointiapu.contact.model import ContactRequest
    from asiointiapu.contact.outbox import Outbox
    from asiointiapu.step_feedback import StepFeedback

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SendReport:
    """What to tell the person after pressing Send."""

    state: str  # "sent", "saved" (will be sent later), "rejected" or "failed"
    reference: str = ""
    reason: str = ""  # a translatable text (N_) when there is something to explain


class HelpRequests:
    def __init__(
        self,
        receiver_url: str,
        token_file: Path | None = None,
        outbox_path: Path | None = None,
        channel: Channel | None = None,
    ) -> None:
        self.receiver_url = receiver_url
        self.token_file = token_file
        self.outbox_path = outbox_path
        self._channel = channel
        self._outbox: Outbox | None = None
        self._problem = ""
        self._lock = threading.Lock()

    def _parts(self) -> tuple[Outbox, Channel | None]:
        with self._lock:
            if self._outbox is None:
                from asiointiapu.contact.outbox import Outbox, OutboxCorrupt

                try:
                    self._outbox = Outbox(self.outbox_path)
                except OutboxCorrupt as exc:
                    # The unreadable file was moved aside (kept for the staff); start afresh so
                    # the person's request can still be saved and sent.
                    log.warning("outbox unreadable, moved to %s", exc.moved_to)
                    self._outbox = Outbox(self.outbox_path)
            if self._channel is None and not self._problem:
                self._channel = self._connect()
            return self._outbox, self._channel

    def _connect(self) -> Channel | None:
        from asiointiapu.contact.channels import ChannelSettingsError, HttpChannel
        from asiointiapu.contact.secrets import load_token

        token = load_token(fallback_file=self.token_file)
        if not token:
            self._problem = N_(
                "It is saved on this computer, but it cannot be sent until the staff add the "
                "service point's access key."
            )
            log.warning("contact requests: no token for %s", self.receiver_url)
            return None
        try:
            return HttpChannel(self.receiver_url, token)
        except ChannelSettingsError as exc:
            self._problem = N_(
                "It is saved on this computer, but it cannot be sent until the staff fix the "
                "service point's settings."
            )
            log.warning("contact requests: %s", exc)
            return None

    def submit(self, request: ContactRequest) -> SendReport:
        """Save the request, then try to send it (with any others waiting)."""
        outbox, channel = self._parts()
        key = outbox.enqueue(request)  # saved before anything is sent
        if channel is None:
            return SendReport("saved", reason=self._problem)
        outcome = next((a.outcome for a in outbox.send_due(channel) if a.key == key), None)
        return _report(outcome)

    def submit_feedback(self, feedback: StepFeedback) -> bool:
        """Save an answer about a step in the outbox, then send what is due; True once it has
        reached the receiver. It goes like a request: kept until delivered, sent once."""
        from asiointiapu.contact.channels import FEEDBACK

        if feedback.errors():
            raise ValueError("feedback that may not be sent")  # the form checks it first
        outbox, channel = self._parts()
        key = outbox.enqueue_body(feedback.to_json(), FEEDBACK)
        if channel is None:
            return False
        outcome = next((a.outcome for a in outbox.send_due(channel) if a.key == key), None)
        return _report(outcome).state == "sent"

    def send_pending(self) -> int:
        """Send what is due; the number delivered."""
        from asiointiapu.contact.channels import Delivered

        outbox, channel = self._parts()
        if channel is None:
            return 0
        return sum(isinstance(a.outcome, Delivered) for a in outbox.send_due(channel))

    def send_now(self) -> int:
        """The network is back: send what waits without waiting out the backoff."""
        self._parts()[0].due_now()
        return self.send_pending()

    def pending_count(self) -> int:
        return self._parts()[0].pending_count()


def _report(outcome: Outcome | None) -> SendReport:
    from asiointiapu.contact.channels import Delivered, Rejected

    if isinstance(outcome, Delivered):
        return SendReport("sent", reference=outcome.reference)
    if isinstance(outcome, Rejected):
        return SendReport("rejected", reason=outcome.reason)
    # Not sent yet (offline, busy receiver, or another send under way): it stays saved.
    return SendReport("saved")
