"""What ``ocop-pos server add-user``, ``seed-demo`` and ``screenshots`` do, as small functions the command layer
calls (the commands themselves only parse arguments and print)."""

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


#: The demo network ``./tasks run-server`` starts with (embedded SQLite; ``seed-demo`` makes the year-sized one).
DEMO_PLAN = {"stores": 6, "tills": 10, "days": 60}
DEMO_PASSWORD = "ocop-demo-2026"
DEMO_USERS = (
    ("admin", "admin", (), "Văn phòng tỉnh (demo)"),
    ("halong", "centre", ("QN-HL01",), "Quản lý TT Hạ Long (demo)"),
    ("ketoan", "accountant", (), "Kế toán (demo)"),
)


def prepare_demo(engine: Engine, progress: object = None) -> list[tuple[str, str, str]]:
    """A demo network on an empty server database, and demo accounts if there are none; returns the accounts
    made as (user name, role, password)."""
    from sqlalchemy import func, select

    from pos.server.models import OfficeUser, Sale
    from pos.server.office.seed import SeedPlan, seed_network

    with engine.connect() as conn:
        has_sales = conn.execute(select(Sale.id).limit(1)).first() is not None
        has_users = conn.execute(select(func.count()).select_from(OfficeUser)).scalar_one() > 0
        conn.rollback()
    if not has_sales:
        seed_network(engine, SeedPlan(**DEMO_PLAN), progress=progress)  # type: ignore[arg-type]
    made = []
    if not has_users:
        for username, role, stores, name in DEMO_USERS:
            create_user(engine, username, role, stores, DEMO_PASSWORD, name=name)
            made.append((username, role, DEMO_PASSWORD))
    return made
