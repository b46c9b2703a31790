"""What a provider adapter does, and the two ways it can fail.

The queue gives an adapter one invoice at a time (``Submission``: our identifiers and the invoice's XML)
and expects an ``Outcome``: ``sent`` (the provider has it; ask again later with ``check``) or ``accepted`` (the
tax authority has it). ``Unreachable`` means nothing is known — try again later; the adapter must make a resend
harmless (each provider has its own key for that: SePay's ``reference_code``); ``AccountRefused`` is the kind of
it where our credentials were refused. ``Refused`` means the provider or the tax authority said no to the
invoice: it is rejected, with the reason, and waits for a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol


class Unreachable(Exception):
    """Nothing is known about the request (offline, reset, timeout, 5xx): try again later."""


class AccountRefused(Unreachable):
    """The provider refused our credentials (not the invoice): nothing is known about the invoice, and every
    invoice would meet the same answer — the round stops and waits, nothing is rejected; a person fixes the
    account (the till's ``[einvoice.<provider>]`` settings, head office's relay account)."""


class Refused(Exception):
    """The provider or the tax authority refused the invoice; ``code`` is theirs, the message is theirs."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Submission:
    sale_id: str  # our idempotency key: one sale, one invoice, whatever happens on the wire
    code: str  # the tax-authority code made at the till
    xml: str  # the invoice in the tax authority's format (``pos.einvoice.xml.read_document`` reads it)


@dataclass(frozen=True, slots=True)
class Outcome:
    state: Literal["sent", "accepted"]
    ref: str  # the provider's handle (a tracking code, an invoice number)
    note: str = ""


class Provider(Protocol):
    name: str

    def submit(self, item: Submission) -> Outcome: ...

    def check(self, item: Submission, ref: str) -> Outcome: ...

    def close(self) -> None: ...
