"""The office's commands as a person types them, each a real ``ocop-pos`` process on a real SQLite file:
``server seed-demo`` (a small network), ``server add-user`` (the password from ``OCOP_POS_NEW_PASSWORD``, or asked
twice), a bad store refused with nothing made, then ``ocop-pos server`` serving the office and the new centre
manager signing in through the form and seeing their own centre, not another."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from office_helpers import sign_in
from sqlalchemy import text

from pos.server.db import make_engine

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "a long enough pass phrase"


def _ocop(
    home: Path, url: str, *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pos.cli", "server", "--database-url", url, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "OCOP_POS_HOME": str(home), **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_seed_add_user_and_sign_in_through_the_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    seeded = _ocop(tmp_path, url, "seed-demo", "--stores", "2", "--tills", "3", "--days", "4",
                   "--sales-per-till-day", "12")  # fmt: skip
    assert seeded.returncode == 0, seeded.stderr
    assert "Seeded 2 centres, 3 tills" in seeded.stdout
    engine = make_engine(url)
    with engine.connect() as c:
        sales = c.execute(text("SELECT count(*) FROM sales")).scalar_one()
        stores = [str(s) for s in c.execute(text("SELECT code FROM stores ORDER BY code")).scalars()]
        c.rollback()
    assert sales > 0 and f"{sales:,} sales" in seeded.stdout
    assert len(stores) == 2
    mine, other = stores

    made = _ocop(tmp_path, url, "add-user", "ana", "--role", "centre", "--store", mine,
                 env={"OCOP_POS_NEW_PASSWORD": PASSWORD})  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert f"ana: centre ({mine})" in made.stdout
    asked = _ocop(tmp_path, url, "add-user", "kim", "--role", "accountant", env={"OCOP_POS_NEW_PASSWORD": ""},
                  stdin=f"{PASSWORD}\n{PASSWORD}\n")  # fmt: skip
    assert asked.returncode == 0, asked.stderr
    differ = _ocop(tmp_path, url, "add-user", "lan", "--role", "admin", env={"OCOP_POS_NEW_PASSWORD": ""},
                   stdin=f"{PASSWORD}\nsomething else\n")  # fmt: skip
    assert differ.returncode == 1 and "Hai lần nhập mật khẩu khác nhau" in differ.stderr
    refused = _ocop(tmp_path, url, "add-user", "bob", "--role", "centre", "--store", "NO-SUCH",
                    env={"OCOP_POS_NEW_PASSWORD": PASSWORD})  # fmt: skip
    assert refused.returncode == 1 and "NO-SUCH" in refused.stderr
    with engine.connect() as c:
        users = sorted(c.execute(text("SELECT username FROM office_users")).scalars())
        logged = sorted(
            c.execute(text("SELECT subject FROM office_audit WHERE action = 'user_add'")).scalars()
        )
        c.rollback()
    engine.dispose()
    assert users == ["ana", "kim"] and logged == ["ana", "kim"]

    with socket.socket() as sk:
        sk.bind(("127.0.0.1", 0))
        port = sk.getsockname()[1]
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "pos.cli", "server", "--database-url", url, "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "OCOP_POS_HOME": str(tmp_path)},
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "server.log").read_text()
            time.sleep(0.2)
        with httpx.Client(base_url=base, timeout=60) as c:
            assert sign_in(c, "ana", "wrong password").status_code == 401
            signed = sign_in(c, "ana", PASSWORD)
            assert signed.status_code in (200, 303), signed.text[:300]
            network = c.get("/office/")
            assert network.status_code == 200 and mine in network.text
            assert c.get(f"/office/stock?store={other}").status_code == 403
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()
