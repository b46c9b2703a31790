"""Transport security: HTTPS with the server's certificate pinned at registration, plain HTTP refused beyond
loopback, and the documented nginx reverse proxy (``deploy/nginx/ocop-pos.conf``) run for real in front of the
server.

Certificates are made here with the ``openssl`` binary (self-signed, for 127.0.0.1); everything listens on
127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sync_helpers import STORE, LiveServer, ServerDb, assert_server_has_exactly, drain, free_port

from pos.cli import main
from pos.server.settings import ServerSettings
from pos.server.transport import certificate_fingerprint, plain_http_refusal
from pos.sync import state
from pos.sync.errors import RejectedError
from pos.sync.registration import register_terminal
from pos.sync.rounds import client_for, sync_round
from pos.till.terminal import Terminal

MakeTill = Callable[..., Terminal]
ROOT = Path(__file__).resolve().parents[3]
NGINX_SITE = ROOT / "deploy" / "nginx" / "ocop-pos.conf"


def make_certificate(folder: Path, name: str) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key (PEM), made with the openssl binary."""
    crt, key = folder / f"{name}.crt", folder / f"{name}.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(crt), "-days", "2", "-subj", f"/CN=ocop-pos {name}",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return crt, key


@pytest.fixture
def certs(tmp_path: Path) -> dict[str, tuple[Path, Path]]:
    return {name: make_certificate(tmp_path, name) for name in ("server", "intruder")}


@pytest.fixture
def tls_server(server_db: ServerDb, certs: dict[str, tuple[Path, Path]]) -> Iterator[LiveServer]:
    live = LiveServer(server_db, tls=certs["server"]).start()
    yield live
    live.stop()


class TlsListener:
    """Someone in the middle: completes TLS handshakes with its own certificate and records every byte a client
    sends afterwards."""

    def __init__(self, cert: tuple[Path, Path]) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(str(cert[0]), str(cert[1]))
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = int(self.sock.getsockname()[1])
        self.handshakes = 0
        self.received = b""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            with contextlib.suppress(OSError), self.context.wrap_socket(conn, server_side=True) as tls:
                self.handshakes += 1
                tls.settimeout(2)
                while chunk := tls.recv(65536):
                    self.received += chunk

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


def test_a_pinned_certificate_works_and_another_is_refused_before_anything_is_sent(
    tls_server: LiveServer, make_till: MakeTill, certs: dict[str, tuple[Path, Path]]
) -> None:
    till, stranger = make_till("T01"), make_till("T01")
    code = tls_server.provision("T01")
    pin = certificate_fingerprint(certs["server"][0])
    intruder = certificate_fingerprint(certs["intruder"][0])

    # Self-signed and no fingerprint given: not trusted, a clear refusal (not "offline"), the code unspent.
    with pytest.raises(RejectedError) as untrusted:
        register_terminal(stranger.settings, stranger.engine, tls_server.url, code)
    assert untrusted.value.code == "untrusted_certificate" and "--fingerprint" in untrusted.value.en
    # The wrong fingerprint: refused before the code is sent.
    with pytest.raises(RejectedError) as wrong:
        register_terminal(stranger.settings, stranger.engine, tls_server.url, code, fingerprint=intruder)
    assert wrong.value.code == "certificate_mismatch"
    assert tls_server.scalar("SELECT provision_redeemed_at FROM terminals WHERE code = 'T01'") is None

    # The right one, as `openssl x509 -fingerprint -sha256` prints it: registered, pinned, syncing over HTTPS.
    printed = ":".join(pin[i : i + 2] for i in range(0, 64, 2)).upper()
    reg = register_terminal(
        till.settings, till.engine, tls_server.url, code, fingerprint=f"SHA256 Fingerprint={printed}"
    )
    assert reg.cert_sha256 == pin and state.load_registration(till.engine) == reg
    with client_for(till.engine) as client:
        report, _ = drain(till.engine, client)
    assert report.all_sent and assert_server_has_exactly(till, tls_server.engine) > 0

    # A hotel Wi-Fi in the middle, with its own certificate: refused with a clear message, not one byte sent.
    middle = TlsListener(certs["intruder"])
    try:
        state.save_registration(
            till.engine,
            state.Registration(
                f"https://127.0.0.1:{middle.port}",
                reg.token,
                reg.terminal_id,
                reg.terminal_code,
                reg.store_code,
                reg.store_name,
                reg.cert_sha256,
            ),
            reset_cursor=False,
        )
        with client_for(till.engine) as client, pytest.raises(RejectedError) as refused:
            sync_round(till.engine, client)
    finally:
        middle.stop()
    assert refused.value.code == "certificate_mismatch"
    assert "Nothing was sent" in refused.value.en and "someone may be in the middle" in refused.value.en
    assert "Không gửi gì cả" in refused.value.vi
    assert middle.handshakes >= 1 and middle.received == b""  # the handshake happened; no request, no token


def test_plain_http_is_refused_beyond_loopback(
    server_db: ServerDb, capsys: pytest.CaptureFixture[str]
) -> None:
    live = LiveServer(server_db).start()
    try:
        with httpx.Client(base_url=live.url, timeout=10) as c:
            assert c.get("/healthz").status_code == 200  # on loopback: fine
            # What a request from another machine looks like through a proxy on loopback that does not say HTTPS
            # (uvicorn takes the client address from a loopback proxy's X-Forwarded-For).
            r = c.get("/healthz", headers={"X-Forwarded-For": "203.0.113.7"})
            assert r.status_code == 403 and r.json()["error"]["code"] == "plain_http"
            assert r.json()["error"]["message_vi"]
            r = c.get("/healthz", headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"})
            assert r.status_code == 200
    finally:
        live.stop()
    allowed = LiveServer(server_db, allow_plain_http=True).start()
    try:
        assert (
            httpx.get(allowed.url + "/healthz", headers={"X-Forwarded-For": "203.0.113.7"}).status_code == 200
        )
    finally:
        allowed.stop()
    # At start: no plain HTTP on a public address unless TLS is configured or plain HTTP explicitly allowed.
    assert plain_http_refusal(ServerSettings(database_url=server_db.url, host="0.0.0.0")) is not None
    assert (
        plain_http_refusal(ServerSettings(database_url=server_db.url, host="0.0.0.0", ssl_certfile="c"))
        is None
    )
    assert plain_http_refusal(ServerSettings(database_url=server_db.url, host="::1")) is None
    assert main(["--lang", "en", "server", "--database-url", server_db.url, "--host", "0.0.0.0"]) == 2
    assert "Refusing to serve plain HTTP on 0.0.0.0" in capsys.readouterr().err


def _nginx_config(
    folder: Path, upstream: int, https_port: int, http_port: int, cert: tuple[Path, Path]
) -> Path:
    """The committed site file, with only its ports and certificate paths changed, inside a minimal main file."""
    site = NGINX_SITE.read_text(encoding="utf-8")
    for old, new in (
        ("127.0.0.1:8750", f"127.0.0.1:{upstream}"),
        ("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("/etc/ocop-pos/tls/server.crt", str(cert[0])),
        ("/etc/ocop-pos/tls/server.key", str(cert[1])),
    ):
        assert old in site, f"{NGINX_SITE} no longer has {old!r}: update this test with it"
        site = site.replace(old, new)
    (folder / "site.conf").write_text(site, encoding="utf-8")
    temp = "\n".join(
        f"    {k}_temp_path {folder / k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main_conf = folder / "nginx.conf"
    main_conf.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
        + "events { worker_connections 64; }\n"
        + f"http {{\n    access_log {folder / 'access.log'};\n{temp}\n    include {folder / 'site.conf'};\n}}\n",
        encoding="utf-8",
    )
    return main_conf


def _wait_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on {port}")


def test_the_documented_nginx_proxy_serves_tills_over_https(
    server: LiveServer, make_till: MakeTill, tmp_path: Path, certs: dict[str, tuple[Path, Path]]
) -> None:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx is not installed: ./tasks setup dev installs Debian's nginx"
    folder = tmp_path / "nginx"
    folder.mkdir()
    https_port, http_port = free_port(), free_port()
    conf = _nginx_config(folder, server.port, https_port, http_port, certs["server"])
    checked = subprocess.run(
        [nginx, "-t", "-c", str(conf), "-p", str(folder), "-e", str(folder / "error.log")],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    proc = subprocess.Popen(
        [nginx, "-c", str(conf), "-p", str(folder), "-e", str(folder / "error.log"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        _wait_port(https_port)
        till = make_till("T01")
        url = f"https://127.0.0.1:{https_port}"
        reg = register_terminal(
            till.settings, till.engine, url, server.provision("T01"),
            fingerprint=certificate_fingerprint(certs["server"][0]),
        )  # fmt: skip
        assert reg.server_url == url
        with client_for(till.engine) as client:
            report, _ = drain(till.engine, client)
        assert report.all_sent and assert_server_has_exactly(till, server.engine) > 0
        # Plain HTTP at the proxy only redirects to HTTPS.
        r = httpx.get(f"http://127.0.0.1:{http_port}/api/v1/sync/catalogue", follow_redirects=False)
        assert r.status_code == 301 and r.headers["location"].startswith("https://")
        assert "POST /api/v1/sync/upload" in (folder / "access.log").read_text()
        assert server.scalar("SELECT COUNT(*) FROM terminals WHERE code = 'T01' AND hostname <> ''") == 1
        assert STORE
    finally:
        proc.send_signal(signal.SIGQUIT)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
