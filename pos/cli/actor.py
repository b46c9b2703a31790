"""Who acts from the command line: ``--staff CODE`` signs in with a PIN, ``--approver CODE`` approves.

The PIN is asked for without echo, or read from ``OCOP_POS_PIN`` (``OCOP_POS_APPROVER_PIN`` for the approver) so
a script can run a command. Signing in goes through the same lockout and audit as the till's sign-in screen, and
an approval through the same ``pos.staff.approval.approve``.
"""

from __future__ import annotations

import argparse
import getpass
import os

from pos.staff.approval import approve
from pos.staff.auth import authenticate
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission
from pos.staff.pins import install_secret
from pos.till.terminal import Terminal

PIN_ENV = "OCOP_POS_PIN"
APPROVER_PIN_ENV = "OCOP_POS_APPROVER_PIN"


def add_actor_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--staff", required=True, metavar="CODE", help="your staff code (the PIN is asked for)"
    )


def read_pin(prompt: str = "PIN: ") -> str:
    return os.environ.get(PIN_ENV) or getpass.getpass(prompt)


def sign_in(t: Terminal, args: argparse.Namespace) -> StaffMember:
    """The staff member named by ``--staff``, signed in with their PIN (lockout and audit apply)."""
    secret = install_secret(t.settings.home)
    return authenticate(t.engine, secret, read_pin(), staff_code=args.staff, terminal_code=t.code)


def add_approver_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--approver", metavar="CODE", help="who approves, if you lack the right (asks their PIN)"
    )


def approval_from(
    t: Terminal, args: argparse.Namespace, actor: StaffMember, *permissions: Permission, reason: str = ""
) -> Approval | None:
    """A one-time approval by ``--approver`` (their PIN is asked for), or None when no approver was named."""
    if not getattr(args, "approver", None):
        return None
    pin = os.environ.get(APPROVER_PIN_ENV) or getpass.getpass(f"PIN {args.approver}: ")
    return approve(
        t.engine,
        install_secret(t.settings.home),
        pin,
        permissions,
        requested_by=actor,
        reason=reason,
        approver_code=args.approver,
        terminal_code=t.code,
    )
