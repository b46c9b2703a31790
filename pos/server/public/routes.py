"""The public routes: the GS1 Digital Link resolver (``/01/…``), product pictures and the feeds. No sign-in.

Every answer — a page, a redirect, an error — carries the security headers and a Cache-Control; a malformed or
unknown path is a short HTML page (or JSON to a machine that asked for it) with 400/404, never a stack trace.
The resolver reads the request's *raw* path, so a percent-encoded value is decoded exactly once.
"""

from __future__ import annotations

import datetime as dt
import json
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import Engine

from pos.digital_link import DigitalLink, LinkError, parse_path
from pos.server.db import read_tx
from pos.server.public.data import Lot, PublicProduct, lot_of, product_by_gtin
from pos.server.public.feed import FORMATS, FeedCache
from pos.server.public.jsonld import dumps, product_jsonld
from pos.server.public.ratelimit import RateLimiter
from pos.server.public.render import CSP, money, placeholder_svg, render
from pos.server.public.words import LANGS, choose_lang, word
from pos.server.settings import ServerSettings

MAX_QUERY = 1024
PAGE_CACHE = "public, max-age=300"
ERROR_CACHE = "public, max-age=60"
VOC = "https://gs1.org/voc/"
#: The link types a product answers (GS1 Web Vocabulary); ``gs1:pip`` is the page itself.
LINK_TYPES = (
    "gs1:pip",
    "gs1:defaultLink",
    "gs1:certificationInfo",
    "gs1:hasRetailers",
    "gs1:traceability",
    "gs1:brandHomepageClient",
)


def _secure(response: Response, cache: str) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    response.headers["Cache-Control"] = cache
    return response


def _settings(request: Request) -> ServerSettings:
    settings: ServerSettings = request.app.state.settings
    return settings


def _base(request: Request) -> str:
    host = _settings(request).public_host
    return host.rstrip("/") if host else str(request.base_url).rstrip("/")


def _pictures(request: Request) -> tuple[Path, set[str]]:
    from pos.server.office.pictures import folder

    where = folder(_settings(request))
    return where, {p.stem for p in where.glob("*.png")}


def _wants_json(request: Request) -> bool:
    """True when ``Accept`` prefers application/ld+json or application/json to text/html."""
    accept = request.headers.get("accept", "")[:1000]
    weights: dict[str, float] = {}
    for part in accept.split(",")[:30]:
        kind, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        weights[kind.strip().lower()] = q
    machine = max(weights.get("application/ld+json", 0.0), weights.get("application/json", 0.0))
    person = max(weights.get("text/html", 0.0), weights.get("*/*", 0.0) * 0.99)
    return machine > 0 and machine >= person


def _error(request: Request, status: int, heading_key: str, message: str, lang: str) -> Response:
    if _wants_json(request):
        body = {"error": {"status": status, "message": message}}
        response: Response = Response(
            json.dumps(body, ensure_ascii=False), status, media_type="application/json"
        )
    else:
        html = render(
            "error.html",
            lang=lang,
            title=word(heading_key, lang),
            heading=word(heading_key, lang),
            message=message,
            path=request.scope.get("raw_path", b"").decode("latin-1")[:200],
        )
        response = HTMLResponse(html, status)
    return _secure(response, ERROR_CACHE if status != 429 else "no-store")


def _limited(request: Request, lang: str) -> Response | None:
    limiter: RateLimiter = request.app.state.public_limiter
    allowed, wait = limiter.allow(request.client.host if request.client else "?")
    if allowed:
        return None
    response = _error(request, 429, "too_many", word("too_many", lang), lang)
    response.headers["Retry-After"] = str(wait)
    return response


def _link_error(request: Request, exc: LinkError, lang: str) -> Response:
    status = exc.status if exc.status in (400, 404, 414) else 400
    message = exc.vi if lang == "vi" else exc.en
    return _error(request, status, "not_found" if status == 404 else "bad_request", message, lang)


def _links(p: PublicProduct, link: DigitalLink, base: str) -> dict[str, tuple[str, str, str]]:
    """link type → (href, title, media type) for the types this product has."""
    page = base + link.path()
    out = {
        "gs1:pip": (page, p.name("vi"), "text/html"),
        "gs1:defaultLink": (page, p.name("vi"), "text/html"),
        "gs1:certificationInfo": (page + "#ocop", "OCOP " + (p.certificate_no or ""), "text/html"),
        "gs1:hasRetailers": (page + "#where", word("sold_at", "en"), "text/html"),
    }
    if p.trace_url.startswith(("https://", "http://")):
        out["gs1:traceability"] = (p.trace_url, p.trace_code or p.trace_url, "text/html")
    elif link.lot:
        out["gs1:traceability"] = (page + "#batch", link.lot, "text/html")
    if p.website.startswith(("https://", "http://")):
        out["gs1:brandHomepageClient"] = (p.website, p.producer, "text/html")
    return out


def _linkset(p: PublicProduct, link: DigitalLink, base: str) -> Response:
    """RFC 9264 linkset of every link of the product (the Digital Link's ``linkType=all``)."""
    entry: dict[str, Any] = {"anchor": base + link.path()}
    for kind, (href, title, media) in _links(p, link, base).items():
        entry[VOC + kind.removeprefix("gs1:")] = [
            {"href": href, "title": title, "type": media, "hreflang": list(LANGS)}
        ]
    body = json.dumps({"linkset": [entry]}, ensure_ascii=False)
    return _secure(Response(body, 200, media_type="application/linkset+json"), PAGE_CACHE)


def _page(
    request: Request, p: PublicProduct, link: DigitalLink, lot: Lot | None, lang: str, base: str
) -> Response:
    doc = product_jsonld(p, link, base=base, lang=lang, lot=lot)
    if _wants_json(request):
        body = json.dumps(doc, ensure_ascii=False)
        response: Response = Response(body, 200, media_type="application/ld+json")
    else:
        path = link.path()
        notice = word("lot_unknown", lang, lot=link.lot) if link.lot and lot is None else ""
        html = render(
            "product.html",
            lang=lang,
            path=path,
            title=f"{p.name(lang)} · OCOP",
            p=p,
            name=p.name(lang),
            description=p.description(lang),
            price=money(p.price),
            picture=f"/public/pictures/{p.gtin}",
            lot=lot,
            notice=notice,
            canonical=base + path,
            alternates=[(code, f"{base}{path}?lang={code}") for code in LANGS],
            jsonld=dumps(doc),
        )
        response = HTMLResponse(html, 200)
    response.headers["Vary"] = "Accept, Accept-Language"
    response.headers["Link"] = (
        f'<{base}{link.path()}?linkType=all>; rel="linkset"; type="application/linkset+json"'
    )
    return _secure(response, PAGE_CACHE)


def resolve(request: Request) -> Response:
    """``/01/{GTIN}[/22/…][/10/{LOT}][/21/…]``: the product (and lot) page, JSON-LD, a link, or the linkset."""
    lang = choose_lang(request.query_params.get("lang"), request.headers.get("accept-language"))
    limited = _limited(request, lang)
    if limited is not None:
        return limited
    if len(request.scope.get("query_string", b"")) > MAX_QUERY:
        return _link_error(
            request, LinkError("Truy vấn quá dài", "The query is too long", code="dl_query", status=414), lang
        )
    try:
        link = parse_path(request.scope.get("raw_path", b"").decode("latin-1") or request.url.path)
    except LinkError as exc:
        return _link_error(request, exc, lang)
    base = _base(request)
    engine: Engine = request.app.state.engine
    _folder, pictures = _pictures(request)
    with read_tx(engine) as conn:
        product = product_by_gtin(conn, link.gtin, pictures)
        lot = lot_of(conn, product.id, link.lot) if product is not None and link.lot else None
    if product is None:
        return _error(request, 404, "not_found", word("no_product", lang), lang)
    kind = request.query_params.get("linkType", "")[:60]
    if kind in ("", "gs1:pip", "gs1:defaultLink"):
        return _page(request, product, link, lot, lang, base)
    if kind in ("all", "linkset"):
        return _linkset(product, link, base)
    target = _links(product, link, base).get(kind)
    if target is None:
        return _error(request, 404, "not_found", word("no_link", lang, kind=kind), lang)
    return _secure(RedirectResponse(target[0], status_code=307), PAGE_CACHE)


def picture(request: Request, gtin: str) -> Response:
    """A published product's picture: its PNG when head office has one, else a drawn placeholder (SVG)."""
    lang = choose_lang(request.query_params.get("lang"), request.headers.get("accept-language"))
    limited = _limited(request, lang)
    if limited is not None:
        return limited
    try:
        link = DigitalLink(parse_path(f"/01/{gtin[:20]}").gtin)
    except LinkError as exc:
        return _link_error(request, exc, lang)
    where, pictures = _pictures(request)
    with read_tx(request.app.state.engine) as conn:
        product = product_by_gtin(conn, link.gtin, pictures)
    if product is None:
        return _error(request, 404, "not_found", word("no_product", lang), lang)
    if product.has_picture:
        return _secure(FileResponse(where / f"{product.id}.png", media_type="image/png"), PAGE_CACHE)
    svg = placeholder_svg(product.name("vi"), product.stars)
    return _secure(Response(svg, 200, media_type="image/svg+xml"), PAGE_CACHE)


def _not_modified(request: Request, etag: str, last_modified: dt.datetime | None) -> bool:
    """RFC 9110 13.1: If-None-Match when present decides; else If-Modified-Since against the change time."""
    inm = request.headers.get("if-none-match")
    if inm is not None:
        tags = [t.strip().removeprefix("W/") for t in inm[:2000].split(",")]
        return "*" in tags or etag in tags
    ims = request.headers.get("if-modified-since")
    if ims and last_modified is not None:
        try:
            since = parsedate_to_datetime(ims[:100])
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            return False
        return last_modified.replace(tzinfo=dt.UTC, microsecond=0) <= since
    return False


def feed(request: Request, fmt: str) -> Response:
    """``/feed/products.{csv,json,xml}``: every published product, cached until the catalogue changes."""
    lang = choose_lang(request.query_params.get("lang"), request.headers.get("accept-language"))
    limited = _limited(request, lang)
    if limited is not None:
        return limited
    if fmt not in FORMATS:
        return _error(request, 404, "not_found", word("not_found", lang), lang)
    cache: FeedCache = request.app.state.public_feeds
    _folder, pictures = _pictures(request)
    with read_tx(request.app.state.engine) as conn:
        rendered = cache.get(conn, fmt, _base(request), pictures)
    headers = {"ETag": rendered.etag}
    if rendered.last_modified is not None:
        headers["Last-Modified"] = format_datetime(rendered.last_modified.replace(tzinfo=dt.UTC), usegmt=True)
    if _not_modified(request, rendered.etag, rendered.last_modified):
        response = Response(status_code=304, headers=headers)
    else:
        response = Response(rendered.body, 200, headers=headers, media_type=rendered.media_type)
    return _secure(response, "public, max-age=300, must-revalidate")


ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0f6b3a"/>'
    '<text x="16" y="22" font-family="sans-serif" font-size="13" font-weight="700" fill="#fff" '
    'text-anchor="middle">OCOP</text></svg>'
)


def icon() -> Response:
    """The pages' icon (browsers ask for one; a 404 would be an error in every console)."""
    return _secure(Response(ICON, 200, media_type="image/svg+xml"), "public, max-age=86400")


def install(app: FastAPI, settings: ServerSettings) -> None:
    """Add the public routes and their per-process state (rate limiter, feed cache)."""
    app.state.public_limiter = RateLimiter(settings.public_rate_per_minute, settings.public_burst)
    app.state.public_feeds = FeedCache()
    router = APIRouter(include_in_schema=False)
    router.add_api_route("/01", resolve, methods=["GET", "HEAD"])
    router.add_api_route("/01/{rest:path}", resolve, methods=["GET", "HEAD"])
    router.add_api_route("/public/pictures/{gtin}", picture, methods=["GET"])
    router.add_api_route("/public/icon.svg", icon, methods=["GET"])
    router.add_api_route("/feed/products.{fmt}", feed, methods=["GET", "HEAD"])
    app.include_router(router)
