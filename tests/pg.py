"""A real, throw-away PostgreSQL server for the test session.

Finds Debian's binaries (``/usr/lib/postgresql/*/bin``, installed by the README's test command), creates a cluster in
a temporary folder, starts it on a random free port of 127.0.0.1 with its socket in the same folder, and removes it
all at the end. As root (CI) the server runs as the ``postgres`` user (PostgreSQL refuses to run as root).

Durable by default, as in production (``fsync``, ``synchronous_commit``, ``full_page_writes`` on): the reliability
tests (``tests/reliability/``: the server killed mid-ingest, the security and fuzz runs, backups) use that.
``durable=False`` switches the three off for the functional sync tests (``tests/integration/sync/``), where no
PostgreSQL process is ever killed, so what a commit promises is never put to the test there — only speed changes.

PostgreSQL missing or unable to start is an error (``PgUnavailable``), never a skip: a test that needs it fails.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PG_USER = "postgres"
FAST = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
DURABLE = "-c fsync=on -c synchronous_commit=on -c full_page_writes=on"


class PgUnavailable(RuntimeError):
    """PostgreSQL is not installed or did not start: the test that needs it fails with this message."""


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
    durable: bool = True

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
            *(() if self.durable else ("--no-sync",)),
            "-D",
            str(self.data_dir),
            "-U",
            PG_USER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
        )
        self.launch()

    @property
    def options(self) -> str:
        return (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 {DURABLE if self.durable else FAST} "
            "-c max_connections=300 -c shared_buffers=64MB"
        )

    def launch(self) -> None:
        """Start the server on the existing cluster (also after a crash: PostgreSQL recovers from its WAL)."""
        options = self.options
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
            raise PgUnavailable(f"PostgreSQL did not start: {exc.stderr}\n{log[-2000:]}") from exc

    def setting(self, name: str) -> str:
        """A setting as the running server has it (``SHOW``)."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=PG_USER, dbname="postgres") as c:
            row = c.execute(f"SHOW {name}").fetchone()  # type: ignore[arg-type]
        assert row is not None
        return str(row[0])

    def postmaster_pid(self) -> int:
        return int((self.data_dir / "postmaster.pid").read_text().split()[0])

    def kill(self) -> None:
        """SIGKILL the postmaster and every backend it started: a power cut as far as PostgreSQL can tell
        (only the operating system's page cache survives). ``launch()`` then recovers from the WAL."""
        pid = self.postmaster_pid()
        children = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        for p in (pid, *(int(c) for c in children)):
            with contextlib.suppress(ProcessLookupError):
                os.kill(p, signal.SIGKILL)
        deadline = time.monotonic() + 30
        for p in (pid, *(int(c) for c in children)):
            while time.monotonic() < deadline:
                try:
                    os.kill(p, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.02)
        (self.data_dir / "postmaster.pid").unlink(missing_ok=True)

    def stop_immediate(self) -> None:
        """``pg_ctl stop -m immediate``: every process quits at once, no checkpoint; the next start recovers."""
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")

    def stop(self) -> None:
        if not self.root.exists():
            return
        with contextlib.suppress(Exception):
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)


MISSING = (
    "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin or on PATH — install Debian's `postgresql` "
    "package (`./tasks setup dev` does). The PostgreSQL tests fail without it; they are not skipped."
)


def start_postgres(*, durable: bool = True) -> PgServer:
    """A running server (durable settings unless ``durable=False``); ``PgUnavailable`` if there is none to run."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise PgUnavailable(MISSING)
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
        except (RuntimeError, subprocess.CalledProcessError) as exc:
            last = exc
            server.stop()
    raise PgUnavailable(str(last))


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
