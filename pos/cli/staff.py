"""``ocop-pos staff …`` and ``ocop-pos audit …``: managing staff and reading the audit log from a shell.

A new person's PIN is asked for twice without echo (or read from ``OCOP_POS_NEW_PIN``, for scripts); who acts
signs in as every acting command does (``pos.cli.actor``). Everything goes through the same core checks as the
GUI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
from typing import Any

from pos.cli.actor import PIN_ENV, add_actor_argument, read_pin, sign_in
from pos.cli.output import add_format_options, emit_rows, error, for_script
from pos.errors import PermissionDenied
from pos.staff.audit import entries, verify_audit
from pos.staff.directory import (
    change_role,
    create_first_admin,
    create_staff,
    deactivate,
    list_staff,
    reset_pin,
    unlock,
)
from pos.staff.permissions import ROLE_LABELS, Permission, Role, require
from pos.staff.pins import install_secret
from pos.till.terminal import Terminal

NEW_PIN_ENV = "OCOP_POS_NEW_PIN"


def _staff_id(t: Terminal, code: str) -> str:
    for s in list_staff(t.engine, include_inactive=True):
        if s.code.upper() == code.upper():
            return s.id
    raise PermissionDenied(
        f"Không có nhân viên mã {code}", f"No staff member with code {code}", code="no_staff"
    )


def register(sub: Any) -> None:
    staff = sub.add_parser("staff", help="staff, roles and PINs").add_subparsers(
        dest="staff_cmd", metavar="ACTION"
    )
    p = staff.add_parser("list", help="who may use this till")
    p.add_argument("--all", action="store_true", help="include staff who left")
    add_format_options(p)
    p.set_defaults(handler=_list)
    p = staff.add_parser("add", help="add a staff member (asks for their new PIN)")
    add_actor_argument(p)
    p.add_argument("code")
    p.add_argument("name")
    p.add_argument("role", choices=[r.value for r in Role])
    p.set_defaults(handler=_add)
    p = staff.add_parser(
        "first-admin", help="a new till's first person, an administrator (only while the till has no staff)"
    )
    p.add_argument("code")
    p.add_argument("name")
    p.set_defaults(handler=_first_admin)
    p = staff.add_parser("role", help="change someone's role")
    add_actor_argument(p)
    p.add_argument("code")
    p.add_argument("role", choices=[r.value for r in Role])
    p.set_defaults(handler=_role)
    p = staff.add_parser("reset-pin", help="set a new PIN for someone who forgot theirs")
    add_actor_argument(p)
    p.add_argument("code")
    p.set_defaults(handler=_reset)
    p = staff.add_parser("unlock", help="lift a lockout after wrong PINs")
    add_actor_argument(p)
    p.add_argument("code")
    p.set_defaults(handler=_unlock)
    p = staff.add_parser("deactivate", help="someone left: they can no longer sign in")
    add_actor_argument(p)
    p.add_argument("code")
    p.add_argument("--reason", default="")
    p.set_defaults(handler=_deactivate)

    audit = sub.add_parser("audit", help="the audit log").add_subparsers(dest="audit_cmd", metavar="ACTION")
    p = audit.add_parser("list", help="recent entries, newest first")
    add_actor_argument(p)
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--action", action="append", default=[])
    add_format_options(p)
    p.set_defaults(handler=_audit_list)
    p = audit.add_parser("verify", help="check the hash chain of the audit log")
    p.set_defaults(handler=_audit_verify)


AUDIT_COLUMNS = ("seq", "at", "terminal_code", "action", "actor_name", "approver_name", "subject_type",
                 "subject_id", "amount", "reason")  # fmt: skip


def _list(args: argparse.Namespace) -> int:
    t = Terminal.open()
    lang = args.lang or "vi"
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    people = list_staff(t.engine, include_inactive=args.all)
    if for_script(args):
        rows = ({"code": s.code, "name": s.name, "role": s.role, "active": s.active, "locked": s.locked(now)}
                for s in people)  # fmt: skip
        emit_rows(args, ("code", "name", "role", "active", "locked"), rows)
        return 0
    for s in people:
        try:
            vi, en = ROLE_LABELS[Role(s.role)]
        except ValueError:
            vi = en = s.role
        flags = [] if s.active else ["(nghỉ / left)"]
        if s.locked(now):
            flags.append("(khoá / locked)")
        print(f"{s.code}\t{s.name}\t{vi if lang == 'vi' else en}\t{' '.join(flags)}".rstrip())
    return 0


def _new_pin() -> str:
    """The new PIN of the person being added or reset: ``OCOP_POS_NEW_PIN`` in a script (``OCOP_POS_PIN`` is the
    signed-in person's own), else asked twice."""
    scripted = os.environ.get(NEW_PIN_ENV)
    if scripted:
        return scripted
    pin = read_pin("PIN mới / new PIN: ")
    if not os.environ.get(PIN_ENV) and getpass.getpass("Nhập lại / again: ") != pin:
        raise PermissionDenied("Hai lần nhập PIN không khớp", "The two PINs differ", code="pin_mismatch")
    return pin


def _add(args: argparse.Namespace) -> int:
    t = Terminal.open()
    actor = sign_in(t, args)
    member = create_staff(
        t.engine,
        install_secret(t.settings.home),
        actor,
        code=args.code,
        name=args.name,
        role=args.role,
        pin=_new_pin(),
    )
    print(f"{member.code} {member.name}: {member.role}")
    return 0


def _first_admin(args: argparse.Namespace) -> int:
    t = Terminal.open()
    member = create_first_admin(
        t.engine, install_secret(t.settings.home), code=args.code, name=args.name, pin=_new_pin()
    )
    print(f"{member.code} {member.name}: {member.role}")
    return 0


def _role(args: argparse.Namespace) -> int:
    t = Terminal.open()
    change_role(t.engine, sign_in(t, args), _staff_id(t, args.code), args.role)
    return 0


def _reset(args: argparse.Namespace) -> int:
    t = Terminal.open()
    actor = sign_in(t, args)
    reset_pin(t.engine, install_secret(t.settings.home), actor, _staff_id(t, args.code), _new_pin())
    return 0


def _unlock(args: argparse.Namespace) -> int:
    t = Terminal.open()
    unlock(t.engine, sign_in(t, args), _staff_id(t, args.code))
    return 0


def _deactivate(args: argparse.Namespace) -> int:
    t = Terminal.open()
    deactivate(t.engine, sign_in(t, args), _staff_id(t, args.code), reason=args.reason)
    return 0


def _audit_list(args: argparse.Namespace) -> int:
    t = Terminal.open()
    require(sign_in(t, args), Permission.VIEW_AUDIT)
    lang = args.lang or "vi"
    found = entries(t.engine, actions=tuple(args.action), limit=args.limit)
    if for_script(args):
        emit_rows(args, AUDIT_COLUMNS, ({c: getattr(e, c) for c in AUDIT_COLUMNS} for e in found))
        return 0
    for e in found:
        who = e.actor_name or "—"
        if e.approver_name:
            who += f" ✓ {e.approver_name}"
        amount = "" if e.amount is None else f" {e.amount:,}".replace(",", ".")
        print(f"{e.at:%Y-%m-%d %H:%M:%S}Z\t{e.label(lang)}\t{who}{amount}\t{e.reason}".rstrip())
    return 0


def _audit_verify(args: argparse.Namespace) -> int:
    t = Terminal.open()
    report = verify_audit(t.engine)
    lang = args.lang or "vi"
    if report.ok:
        print(
            f"{report.entries} mục, chuỗi nguyên vẹn"
            if lang == "vi"
            else f"{report.entries} entries, chain intact"
        )
        return 0
    for seq, vi, en in report.problems:
        error(f"#{seq}: {vi if lang == 'vi' else en}")
    return 1
