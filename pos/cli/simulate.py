"""``ocop-pos simulate``: realistic sales through the real checkout."""

from __future__ import annotations

import argparse
from typing import Any

from pos.demo.simulate import simulate
from pos.money import format_vnd
from pos.till.terminal import Terminal


def register(sub: Any) -> None:
    p = sub.add_parser("simulate", help="perform N realistic sales through the real checkout")
    p.add_argument("--sales", type=int, required=True)
    p.add_argument("--seed", type=int, default=None)
    p.set_defaults(handler=_simulate)


def _simulate(args: argparse.Namespace) -> int:
    t = Terminal.open()
    report = simulate(t, args.sales, seed=args.seed)
    methods = ", ".join(f"{m} {format_vnd(a)}" for m, a in sorted(report.by_method.items()))
    print(
        f"{report.sales} sales, {report.returns} returns, {report.lines} lines; "
        f"net {format_vnd(report.total)} ({methods})"
    )
    return 0
