"""The public page as HTML: Jinja2 with autoescaping (every value from the catalogue or the URL is escaped), one
inline stylesheet allowed by its hash in a Content-Security-Policy that allows nothing else (no script runs on
the page; the JSON-LD block is data)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import urllib.parse
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from pos.server.office.formats import local_now
from pos.server.public.words import LANGS, LANGUAGE_NAMES, word

TEMPLATES = Path(__file__).resolve().parent / "templates"

CSS = """
:root{--ink:#1d2a22;--muted:#5b6b61;--brand:#0f6b3a;--line:#dfe7e2;--bg:#f6f8f6}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,"Noto Sans","Segoe UI",sans-serif;color:var(--ink);background:var(--bg)}
header.top{display:flex;justify-content:space-between;align-items:center;padding:.6rem 1rem;background:var(--brand);color:#fff}
.badge{font-weight:700;letter-spacing:.1em;border:2px solid #fff;border-radius:4px;padding:0 .4rem}
.langs a{color:#fff;margin-left:.8rem;text-decoration:none;opacity:.8}.langs a[aria-current]{opacity:1;font-weight:700;text-decoration:underline}
main{max-width:60rem;margin:0 auto;padding:1rem}
.product{display:flex;gap:1.5rem;flex-wrap:wrap;background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem}
.picture{width:240px;height:240px;object-fit:contain;background:var(--bg);border-radius:6px}
.facts{flex:1;min-width:16rem}.kicker{color:var(--muted);margin:0}h1{margin:.2rem 0 .4rem;font-size:1.7rem;line-height:1.25}
.stars{color:#d99a00;font-size:1.5rem;margin:.2rem 0}.stars .off{color:#d5dbd7}.stars .n{color:var(--muted);font-size:1rem}
.price{font-size:1.6rem;font-weight:700;margin:.4rem 0}.price small{font-size:.9rem;font-weight:400;color:var(--muted)}
.stock.yes{color:var(--brand);font-weight:600}.stock.no{color:#a33;font-weight:600}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:.5rem 1rem 1rem;margin-top:1rem}
h2{font-size:1.15rem;margin:.6rem 0}dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0}
dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}table{border-collapse:collapse;width:100%;margin-top:.8rem}
th,td{text-align:left;border-top:1px solid var(--line);padding:.35rem .3rem;vertical-align:top}
.centres{padding-left:1.2rem;margin:0}.centres li{margin:.3rem 0}small{color:var(--muted)}
.notice{background:#fff6d9;border:1px solid #f0d98a;border-radius:6px;padding:.6rem 1rem;overflow-wrap:anywhere}
.gtin{color:var(--muted);font-size:.85rem}footer{text-align:center;color:var(--muted);font-size:.85rem;padding:1.5rem 1rem}
.error h1{color:#a33}code{overflow-wrap:anywhere;background:var(--bg);padding:.1rem .3rem}
"""

CSS_HASH = "sha256-" + base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()
CSP = (
    f"default-src 'none'; img-src 'self'; style-src '{CSS_HASH}'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def money(amount: int) -> str:
    """Đồng grouped the Vietnamese way: 125.000 ₫."""
    return f"{amount:,}".replace(",", ".") + " ₫"


def qty(milli: int) -> str:
    whole, frac = divmod(milli, 1000)
    return f"{whole:,}".replace(",", ".") + (f",{frac:03d}".rstrip("0") if frac else "")


def date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def lang_href(path: str, lang: str) -> str:
    """The same path in another language (``?lang=``): the path as the resolver wrote it, already encoded."""
    return f"{path}?{urllib.parse.urlencode({'lang': lang})}"


def render(template: str, *, lang: str, path: str = "", **context: Any) -> str:
    def w(key: str, **values: object) -> str:
        return word(key, lang, **values)

    languages = [(code, LANGUAGE_NAMES[code], lang_href(path, code)) for code in LANGS] if path else []
    return (
        environment()
        .get_template(template)
        .render(
            w=w,
            lang=lang,
            css=CSS,
            languages=languages,
            date=date,
            today=local_now().date(),  # Vietnam's day: is a certificate still valid?
            qty=qty,
            alternates=context.pop("alternates", []),
            canonical=context.pop("canonical", ""),
            jsonld=context.pop("jsonld", ""),
            **context,
        )
    )


def placeholder_svg(name: str, stars: int | None) -> str:
    """A picture for a product that has none yet: its initial and stars (escaped: it is a document too)."""
    from markupsafe import escape

    initial = escape((name.strip()[:1] or "?").upper())
    star_text = "★" * (stars or 0)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="480" viewBox="0 0 480 480">'
        '<rect width="480" height="480" rx="24" fill="#e7f1eb"/>'
        '<circle cx="240" cy="210" r="120" fill="#0f6b3a"/>'
        f'<text x="240" y="255" font-family="sans-serif" font-size="130" fill="#fff" text-anchor="middle">{initial}</text>'
        f'<text x="240" y="410" font-family="sans-serif" font-size="48" fill="#d99a00" text-anchor="middle">{star_text}</text>'
        "</svg>"
    )
