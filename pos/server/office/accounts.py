"""Office accounts made from the server's own machine (``ocop-pos server add-user``, the demo's accounts): the
password from the environment or asked, the account logged in the office's audit log."""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence

from sqlalchemy import Engine

from pos.server.db import write_tx
from pos.server.office import audit
from pos.server.office.users import UserError, add_user

PASSWORD_ENV = "OCOP_POS_NEW_PASSWORD"


def new_password(prompt: bool = True) -> str:
    """The new account's password: ``OCOP_POS_NEW_PASSWORD`` if set, else asked twice on the terminal."""
    value = os.environ.get(PASSWORD_ENV, "")
    if value:
        return value
    if not prompt:
        raise UserError(f"Đặt mật khẩu trong {PASSWORD_ENV}", f"Set the password in {PASSWORD_ENV}")
    first = getpass.getpass("Mật khẩu / Password: ")
    if first != getpass.getpass("Nhập lại / Again: "):
        raise UserError("Hai lần nhập mật khẩu khác nhau", "The two passwords differ")
    return first


def create_user(
    engine: Engine, username: str, role: str, stores: Sequence[str], password: str, *, name: str = ""
) -> str:
    """Create the account and log it in the office's audit log (as done from the server's own machine)."""
    with write_tx(engine) as conn:
        uid = add_user(conn, username, role, password, stores=stores, name=name)
        audit.record(
            conn,
            None,
            "user_add",
            username,
            username="(command line)",
            detail={"role": role, "stores": list(stores), "user_id": uid},
        )
    return uid
