"""Turning page data into HTML: the Jinja2 environment with the office's formats (``formats``) and tables
(``tables``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from pos.server.office.formats import LOCAL_TZ, ago, cell, local, local_now, money, qty
from pos.server.office.tables import table_html

__all__ = ["LOCAL_TZ", "STATIC", "TEMPLATES", "local", "local_now", "render"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = money
    env.filters["qty"] = qty
    env.filters["local"] = local
    env.globals["cell"] = cell
    env.globals["table_html"] = table_html
    env.globals["ago"] = ago
    return env


def render(template: str, **context: Any) -> str:
    lang = context.get("lang", "vi")

    def t(vi: str, en: str) -> str:
        return vi if lang == "vi" else en

    return environment().get_template(template).render(t=t, **context)
