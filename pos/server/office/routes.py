"""The office's HTTP side: sign-in and sign-out, one GET route per page (HTML, CSV, XLSX from the same build), one
POST route per action, static files. Every page, export and action passes ``access.authorize`` first; every
POST also checks the session's CSRF token; answers carry a strict Content-Security-Policy.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import Engine

from pos.errors import PosError
from pos.reports.export import csv_text, xlsx_bytes
from pos.server import rollups
from pos.server.db import read_tx, write_tx
from pos.server.models import utcnow
from pos.server.office import audit, sessions
from pos.server.office.access import ROLE_NAMES, Refused, Viewer, authorize
from pos.server.office.formats import local_now
from pos.server.office.pages import (
    ACTIONS,
    PAGES,
    Action,
    ActionContext,
    Page,
    PageContext,
    PageView,
    Redirect,
    load_all,
    parse_params,
)
from pos.server.office.render import STATIC, render
from pos.server.office.users import authenticate
from pos.server.settings import ServerSettings

LANG_COOKIE = "ocop_lang"
FLASH_COOKIE = "ocop_flash"
LOGIN_CSRF = "ocop_login_csrf"
MAX_UPLOAD = 20 * 1024 * 1024
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _settings(request: Request) -> ServerSettings:
    settings: ServerSettings = request.app.state.settings
    return settings


def _lang(request: Request) -> str:
    return "en" if request.cookies.get(LANG_COOKIE) == "en" else "vi"


def _ip(request: Request) -> str:
    return request.client.host if request.client else ""


def _secure(request: Request) -> bool:
    mode = _settings(request).cookie_secure
    return mode == "always" or (mode == "auto" and request.url.scheme == "https")


def _headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    return response


def _viewer(request: Request) -> Viewer | None:
    token = request.cookies.get(sessions.COOKIE, "")
    if not token:
        return None
    # A short write transaction: the session's last_seen_at is moved on at most once a minute.
    with write_tx(_engine(request)) as conn:
        return sessions.viewer_for(conn, token)


def _html(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    lang = _lang(request)
    flash = unquote(request.cookies.get(FLASH_COOKIE, ""))[:300]
    body = render(
        template,
        lang=lang,
        request_path=request.url.path,
        query=str(request.url.query),
        flash=flash,
        nav=[p for p in PAGES if p.nav],
        role_names=ROLE_NAMES,
        **context,
    )
    response = _headers(HTMLResponse(body, status_code=status))
    if flash:
        response.delete_cookie(FLASH_COOKIE, path="/office")
    return response


def _to_login(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return _headers(RedirectResponse(f"/office/login?next={quote(target)}", status_code=303))


def _safe_next(value: str) -> str:
    """Only a path of this office (no other host, no scheme): an open redirect is a phishing tool."""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/office") or "\\" in value:
        return "/office/"
    return value


def _refused(request: Request, viewer: Viewer | None, exc: PosError, status: int = 403) -> Response:
    lang = _lang(request)
    return _html(
        request,
        "error.html",
        status=status,
        viewer=viewer,
        message=exc.vi if lang == "vi" else exc.en,
        title="—",
    )


# --- sign-in ----------------------------------------------------------------------------------------------


def login_form(request: Request, next: str = "/office/") -> Response:
    token = secrets.token_urlsafe(24)
    response = _html(request, "login.html", viewer=None, next=_safe_next(next), csrf=token, error="")
    response.set_cookie(
        LOGIN_CSRF, token, httponly=True, samesite="strict", secure=_secure(request), path="/office"
    )
    return response


async def login(request: Request) -> Response:
    form = await request.form()
    username = str(form.get("username", ""))[:60]
    password = str(form.get("password", ""))[:200]
    target = _safe_next(str(form.get("next", "/office/")))
    sent = str(form.get("csrf", ""))
    cookie = request.cookies.get(LOGIN_CSRF, "")
    lang = _lang(request)
    if not cookie or not secrets.compare_digest(sent.encode(), cookie.encode()):
        return _html(
            request,
            "login.html",
            status=400,
            viewer=None,
            next=target,
            csrf=cookie or secrets.token_urlsafe(24),
            error="Phiên đăng nhập đã hết hạn, hãy thử lại"
            if lang == "vi"
            else "The sign-in form expired; please try again",
        )
    from fastapi.concurrency import run_in_threadpool

    token, reason = await run_in_threadpool(_sign_in, _engine(request), username, password, _ip(request))
    if token is None:
        messages = {
            "locked": (
                "Tài khoản tạm khoá do nhập sai nhiều lần; thử lại sau 15 phút",
                "The account is locked after too many wrong passwords; try again in 15 minutes",
            ),
            "inactive": ("Tài khoản đã bị vô hiệu hoá", "The account is disabled"),
        }
        vi, en = messages.get(reason, ("Sai tên đăng nhập hoặc mật khẩu", "Wrong user name or password"))
        return _html(
            request,
            "login.html",
            status=401,
            viewer=None,
            next=target,
            csrf=cookie,
            error=vi if lang == "vi" else en,
        )
    response = _headers(RedirectResponse(target, status_code=303))
    response.set_cookie(
        sessions.COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
        max_age=int(sessions.MAX_AGE.total_seconds()),
    )
    response.delete_cookie(LOGIN_CSRF, path="/office")
    return response


def _sign_in(engine: Engine, username: str, password: str, ip: str) -> tuple[str | None, str]:
    with write_tx(engine) as conn:
        result = authenticate(conn, username, password)
        ok = result.reason == "ok" and result.user_id is not None
        audit.record(
            conn,
            None,
            "sign_in" if ok else f"sign_in_{result.reason}",
            username=username.strip().lower()[:60] or "?",
            ip=ip,
            detail={"user_id": result.user_id} if result.user_id else {},
        )
        if not ok or result.user_id is None:
            return None, result.reason
        return sessions.start(conn, result.user_id, ip), "ok"


async def logout(request: Request) -> Response:
    form = await request.form()
    viewer = _viewer(request)
    if viewer is not None and sessions.csrf_ok(viewer, str(form.get("csrf", ""))):
        with write_tx(_engine(request)) as conn:
            sessions.end(conn, viewer.session_id)
            audit.record(conn, viewer, "sign_out", ip=_ip(request))
    response = _headers(RedirectResponse("/office/login", status_code=303))
    response.delete_cookie(sessions.COOKIE, path="/")
    return response


def switch_lang(request: Request, to: str = "vi", next: str = "/office/") -> Response:
    response = _headers(RedirectResponse(_safe_next(next), status_code=303))
    response.set_cookie(
        LANG_COOKIE, "en" if to == "en" else "vi", samesite="lax", path="/", max_age=400 * 86400
    )
    return response


def static(name: str) -> Response:
    path = STATIC / name
    if "/" in name or name.startswith(".") or not path.is_file():
        return Response(status_code=404)
    return FileResponse(path, headers={"Cache-Control": "max-age=3600", "X-Content-Type-Options": "nosniff"})


# --- pages and actions --------------------------------------------------------------------------------------


def _page_endpoint(page: Page) -> Callable[[Request], Response]:
    def endpoint(request: Request) -> Response:
        viewer = _viewer(request)
        if viewer is None:
            return _to_login(request)
        lang = _lang(request)
        fmt = request.query_params.get("format", "html")
        try:
            rollups.catch_up(_engine(request))  # every stored sale counted before a page reads the roll-ups
            with read_tx(_engine(request)) as conn:
                scope = authorize(conn, viewer, page.perm, request.query_params.get("store") or None)
                params = parse_params(page, request.query_params, local_now().date())
                ctx = PageContext(
                    conn,
                    viewer,
                    scope,
                    params,
                    lang,
                    utcnow(),
                    local_now().date(),
                    _settings(request),
                    dict(request.path_params),
                )
                view = page.build(ctx)
        except Refused as exc:
            return _refused(request, viewer, exc)
        except PosError as exc:
            return _refused(request, viewer, exc, status=400 if exc.code != "not_found" else 404)
        if fmt in ("csv", "xlsx") and fmt in page.exports and view.tables:
            return _export(page, view, fmt, lang, request)
        if fmt == "pdf" and "pdf" in page.exports and "pdf" in view.extra:
            pdf: bytes = view.extra["pdf"]()
            return _headers(
                Response(
                    pdf,
                    media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{_filename(page, request)}.pdf"'},
                )
            )
        return _html(
            request,
            view.template or page.template,
            viewer=viewer,
            page=page,
            view=view,
            params=ctx.params,
            fields=page.fields,
            scope=scope,
            title=view.title or page.title(lang),
        )

    endpoint.__name__ = (
        "office_" + page.path.replace("/", "_").replace("{", "").replace("}", "") or "office_home"
    )
    return endpoint


def _filename(page: Page, request: Request) -> str:
    base = page.path.split("/")[0] or "network"
    keys = [v for k, v in request.query_params.items() if k != "format" and v][:4]
    safe = "-".join("".join(ch for ch in v if ch.isalnum() or ch in "-_") for v in keys)
    return f"{base}-{safe}".strip("-")[:80] or base


def _export(page: Page, view: PageView, fmt: str, lang: str, request: Request) -> Response:
    name = _filename(page, request)
    if fmt == "csv":
        body = ("\ufeff" + csv_text(view.tables[view.csv_table], lang=lang)).encode("utf-8")
        media = "text/csv; charset=utf-8"
    else:
        body = xlsx_bytes(view.tables, lang=lang, subtitle=view.subtitle)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _headers(
        Response(
            body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
        )
    )


def _action_endpoint(action: Action) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        viewer = _viewer(request)
        if viewer is None:
            return _to_login(request)
        length = int(request.headers.get("content-length") or 0)
        if length > MAX_UPLOAD:
            return _refused(
                request,
                viewer,
                PosError("Tệp quá lớn (tối đa 20 MB)", "The file is too large (20 MB at most)"),
                413,
            )
        form = await request.form(max_files=5, max_fields=400)
        fields: dict[str, str] = {}
        files: dict[str, bytes] = {}
        for key, value in form.multi_items():
            if isinstance(value, str):
                fields[key] = value[:5000] if key not in fields else fields[key] + "\n" + value[:5000]
            else:
                data = await value.read(MAX_UPLOAD + 1)
                if data:
                    files[key] = data
        if not sessions.csrf_ok(viewer, fields.get("csrf", "")):
            return _refused(
                request,
                viewer,
                PosError(
                    "Biểu mẫu đã hết hạn, hãy tải lại trang",
                    "The form expired; reload the page and try again",
                ),
            )
        from fastapi.concurrency import run_in_threadpool

        return await run_in_threadpool(_run_action, action, request, viewer, fields, files)

    endpoint.__name__ = "office_post_" + action.path.replace("/", "_").replace("{", "").replace("}", "")
    return endpoint


def _run_action(
    action: Action, request: Request, viewer: Viewer, fields: dict[str, str], files: dict[str, bytes]
) -> Response:
    lang = _lang(request)
    try:
        rollups.catch_up(_engine(request))
        with write_tx(_engine(request)) as conn:
            store = fields.get(action.store_field) if action.store_field else None
            scope = authorize(conn, viewer, action.perm, store or None)
            ctx = ActionContext(
                conn,
                viewer,
                scope,
                fields,
                files,
                lang,
                _ip(request),
                _settings(request),
                dict(request.path_params),
                str(request.base_url).rstrip("/"),
            )
            result = action.handle(ctx)
    except Refused as exc:
        return _refused(request, viewer, exc)
    except PosError as exc:
        return _refused(request, viewer, exc, status=400 if exc.code != "not_found" else 404)
    if isinstance(result, Redirect):
        response = _headers(RedirectResponse(_safe_next(result.url), status_code=303))
        flash = result.flash_vi if lang == "vi" else result.flash_en
        if flash:
            response.set_cookie(
                FLASH_COOKIE, quote(flash), path="/office", httponly=True, samesite="lax", max_age=60
            )
        return response
    return _html(
        request,
        result.template or "page.html",
        viewer=viewer,
        page=None,
        view=result,
        params={},
        fields=(),
        scope=None,
        title=result.title,
    )


def picture(request: Request, name: str) -> Response:
    """A product picture, for signed-in people only."""
    from pos.server.office.pictures import folder

    if _viewer(request) is None:
        return Response(status_code=401)
    path = folder(_settings(request)) / name
    if "/" in name or not name.endswith(".png") or not path.is_file():
        return Response(status_code=404)
    return FileResponse(path, media_type="image/png", headers={"X-Content-Type-Options": "nosniff"})


def _root() -> Response:
    return RedirectResponse("/office/", status_code=307)


def install(app: Any) -> None:
    """Add the office to the app: sign-in, one route per page and per action, static files."""
    load_all()
    router = APIRouter(prefix="/office", include_in_schema=False)
    router.add_api_route("", _root, methods=["GET"])
    router.add_api_route("/login", login_form, methods=["GET"])
    router.add_api_route("/login", login, methods=["POST"])
    router.add_api_route("/logout", logout, methods=["POST"])
    router.add_api_route("/lang", switch_lang, methods=["GET"])
    router.add_api_route("/static/{name}", static, methods=["GET"])
    router.add_api_route("/pictures/{name}", picture, methods=["GET"])
    for page in PAGES:
        router.add_api_route("/" + page.path, _page_endpoint(page), methods=["GET"])
    for action in ACTIONS:
        router.add_api_route("/" + action.path, _action_endpoint(action), methods=["POST"])
    app.include_router(router)
