"""What the contact tests share: a valid request, and a receiver that dedupes as the contract
says. Also imported by the child process of the kill test, so nothing here needs pytest."""

import json
import random
import threading
import uuid
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from asiointiapu.contact.model import ContactRequest

if TYPE_CHECKING:
    from werkzeug import Request, Response


def make_request(**changes) -> ContactRequest:
    fields = {
        "kind": "callback",
        "name": "Maija Meikäläinen",
        "phone": "+358401234567",
        "language": "fi",
        "interpreter": False,
        "preferred_times": ((date(2025, 3, 4), "morning"), (date(2025, 3, 5), "afternoon")),
        "topic": "Identify yourself",
        "step_id": "identify",
        "message": "En saa pankkitunnuksia toimimaan.",
        "created_at": datetime(2025, 3, 3, 9, 30, tzinfo=UTC),
        "app_version": "0.1.0",
    }
    fields.update(changes)
    return ContactRequest(**fields)


class DedupReceiver:
    """A tiny receiver as the contract wants it: stores a key once and answers a repeat with the
    first receipt (200, duplicate true); a repeat with another body is a 409.

    With `flaky` > 0 it fails that share of posts at random, half of them before storing (the
    request never arrived) and half after (it arrived, but the answer was lost).
    """

    def __init__(self, flaky: float = 0.0, seed: int = 0):
        self.lock = threading.Lock()
        self.stored: dict[str, tuple[bytes, dict]] = {}
        self.posted: list[str] = []  # every key that came, in order
        self.conflicts = 0
        self.flaky = flaky
        self.random = random.Random(seed)

    def __call__(self, request: "Request") -> "Response":
        key = request.headers.get("Idempotency-Key", "")
        body = request.get_data()
        try:
            uuid.UUID(key)
            json.loads(body)
        except ValueError:
            return _json({"error": {"code": "bad_request", "message": "bad"}}, 400)
        with self.lock:
            self.posted.append(key)
            roll = self.random.random()
            if roll < self.flaky / 2:
                return _json({"error": {"code": "unavailable", "message": "down"}}, 503)
            if key in self.stored:
                first_body, receipt = self.stored[key]
                if first_body != body:
                    self.conflicts += 1
                    return _json({"error": {"code": "conflict", "message": "conflict"}}, 409)
                receipt = {**receipt, "duplicate": True}
                status = 200
            else:
                n = len(self.stored) + 1
                receipt = {
                    "reference": f"K{n // 1000 % 100:02d}-{n % 1000:03d}",
                    "received_at": datetime.now(UTC).isoformat(),
                    "duplicate": False,
                }
                self.stored[key] = (body, receipt)
                status = 201
            if roll < self.flaky:
                return _json({"error": {"code": "unavailable", "message": "lost"}}, 503)
        return _json(receipt, status)


def _json(data, status):
    from werkzeug import Response  # here: the kill test's child process has no use for it

    return Response(json.dumps(data), status=status, content_type="application/json")
