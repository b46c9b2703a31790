"""A real, throw-away PostgreSQL server for the test session.

Finds Debian's binaries (``/usr/lib/postgresql/*/bin``, installed by the README's test command), creates a cluster in
a temporary folder, starts it on a random free port of 127.0.0.1 with its socket in the same folder, and removes it
all at the end. As root (CI) the server runs as the ``postgres`` user (PostgreSQL refuses to run as root). For the
tests durability is switched off (``fsync=off``): the data only lives for the session. ``durable=True`` keeps
PostgreSQL's production defaults (fsync, synchronous commit, full-page writes) — the benchmark's server ingest is
measured on that, as a shop's head office runs it.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PG_USER = "postgres"


def find_bin_dir() -> Path | None:
    """The newest installed PostgreSQL's ``bin`` folder, or None."""
    found = sorted(
        (Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    if found:
        return found[0]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    bin_dir: Path
    root: Path
    port: int
    as_root: bool
    durable: bool = False

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", PG_USER, "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=120, cwd=self.root)

    def start(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data_dir),
            "-U",
            PG_USER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=300 "
        options += "-c shared_buffers=64MB"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        try:
            self._run(
                "pg_ctl",
                "-D",
                str(self.data_dir),
                "-o",
                options,
                "-l",
                str(self.root / "server.log"),
                "-w",
                "-t",
                "60",
                "start",
            )
        except subprocess.CalledProcessError as exc:
            log = (
                (self.root / "server.log").read_text(errors="replace")
                if (self.root / "server.log").exists()
                else ""
            )
            raise RuntimeError(f"PostgreSQL did not start: {exc.stderr}\n{log[-2000:]}") from exc

    def stop(self) -> None:
        if not self.root.exists():
            return
        with contextlib.suppress(Exception):
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)


def start_postgres(*, durable: bool = False) -> PgServer | None:
    """A running server, or None if PostgreSQL is not installed (``durable``: production durability settings)."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        return None
    as_root = os.geteuid() == 0
    last: Exception | None = None
    for _ in range(3):  # a port taken between picking it and binding it: try another
        root = Path(tempfile.mkdtemp(prefix="ocop-pg-"))
        if as_root:
            shutil.chown(root, PG_USER, PG_USER)
        server = PgServer(bin_dir, root, _free_port(), as_root, durable)
        try:
            server.start()
            atexit.register(server.stop)  # also if the caller never gets to stop it (an interrupted session)
            return server
        except RuntimeError as exc:
            last = exc
            server.stop()
    raise RuntimeError(str(last))


def create_database(server: PgServer, name: str, template: str | None = None) -> str:
    """Create database ``name`` (from ``template`` if given) and return its URL."""
    import psycopg

    with psycopg.connect(
        host="127.0.0.1", port=server.port, user=PG_USER, dbname="postgres", autocommit=True
    ) as c:
        tail = f" TEMPLATE {template}" if template else ""
        c.execute(f'CREATE DATABASE "{name}"{tail}')  # type: ignore[arg-type]
    return server.url(name)


def drop_database(server: PgServer, name: str) -> None:
    import psycopg

    with psycopg.connect(
        host="127.0.0.1", port=server.port, user=PG_USER, dbname="postgres", autocommit=True
    ) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]
