"""What the API answers for a stored body, shared by contact requests and step feedback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Receipt:
    reference: str
    received_at: str
    duplicate: bool


class KeyReusedError(Exception):
    """The idempotency key was stored before with a different body."""
