"""The till at 1024×768, the size of many OCOP counters' touch monitors (``small-…png``): the screens where a tired
cashier's fingers and eyes meet the smallest room — sign-in and approval keypads, the drawer counts at opening and
closing, a ten-line sale. Looking at them is how clipped keys, cut captions and hidden cart lines get caught
(``tests/integration/test_ui_cashier_path.py`` checks the same screens widget by widget).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pos.demo.home import demo_terminal
from pos.staff.permissions import Permission
from ui.languages import LANGUAGES
from ui.screenshots.till import DEMO_SCANS, _settle, _wait_for

if TYPE_CHECKING:
    from ui.qt import QWidget

SMALL = (1024, 768)

#: Four more products after the demo cart (six lines: one product twice): a ten-line sale, the cart a 1024-pixel screen must still show.
MORE_SCANS = ("8936655004518", "8931636903903", "8932904301599", "8939200701399")


def render_small(out: Path, langs: tuple[str, ...] = LANGUAGES) -> list[Path]:
    """The keypads, the drawer counts and a ten-line sale at 1024×768, in each language."""
    from ui.app import ensure_app

    app = ensure_app()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for lang in langs:
        written += _render_one(app, out, lang)
    return written


def _render_one(app: object, out: Path, lang: str) -> list[Path]:
    from ui.app import build_window
    from ui.dialogs import AmountReasonDialog, ApprovalDialog
    from ui.formatting import money
    from ui.i18n import set_language, tr

    written: list[Path] = []
    with demo_terminal() as terminal:
        window = build_window(terminal, install_filter=False)
        set_language(lang)
        window.resize(*SMALL)
        window.show()

        def shot(name: str, widget: QWidget | None = None) -> None:
            _wait_for(lambda: window.till.idle() and not window.screens[window.current].waiting())
            _settle(app)
            path = out / f"{lang}-small-{name}.png"
            (widget if widget is not None else window).grab().save(str(path))
            written.append(path)

        window.go("signin")
        window.signin.choose_code("C01")
        window.signin.pin.setText("11")
        shot("01-signin-keypad")
        window.signin.pin.setText("1111")
        window.signin.submit()
        _wait_for(window.till.idle)
        window.open_shift.counter.set_counts({100_000: 5, 50_000: 4, 20_000: 5, 10_000: 10})
        shot("02-open-shift-count")
        window.open_shift.open_shift()
        for code in (*DEMO_SCANS, *MORE_SCANS):
            window.handle_scan(code)
        _wait_for(window.till.idle)
        shot("03-sale-ten-lines")

        wanted = frozenset({Permission.REFUND})
        approval = ApprovalDialog(
            tr("Refund {amount}: it needs approval.").format(amount=money(240_000)),
            wanted,
            lambda pin, why: window.till.op(lambda s: s.approve(pin, wanted, why), reads_only=True),
            window,
            ask_reason=True,
        )
        approval.show()
        shot("04-approval-keypad", approval)
        approval.close()
        approval.deleteLater()
        prompt = tr("Cash put into the drawer (e.g. more change from the safe), and why.")
        paid_in = AmountReasonDialog(tr("Paid in"), prompt, window)
        paid_in.show()
        shot("05-paid-in", paid_in)
        paid_in.close()
        paid_in.deleteLater()

        window.sign_out()
        _wait_for(window.till.idle)
        window.signin.choose_code("M01")
        window.signin.pin.setText("9999")
        window.signin.submit()
        _wait_for(window.till.idle)
        window.go("close_shift")
        count = window.close_shift.count
        if count is not None:
            count.set_counts({500_000: 2, 200_000: 3, 100_000: 4, 50_000: 3, 20_000: 6, 10_000: 9})
        shot("06-close-shift-count")
        window.shutdown()
        window.close()
        window.deleteLater()
        _settle(app)
    return written
