"""What a screen may ask of the window that shows it: navigation, messages, approvals, the printer, the till.

Screens type against :class:`ScreenHost`, never against ``ui.main_window.MainWindow``: a screen knows this narrow
interface and nothing of the other screens, so the window can build them lazily by name (``LAZY_SCREENS``) and
a screen can be tested with any host that provides these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol, TypeVar

from pos.errors import PosError
from pos.selling.checkout import CommittedSale
from pos.staff.permissions import Approval, Permission

if TYPE_CHECKING:
    from pos.last_run import UncleanStop
    from ui.einvoice_bridge import EInvoiceBridge
    from ui.manager.base import ApprovalAsker
    from ui.printing import TillPrinter
    from ui.till import GuardedOp, Till

T = TypeVar("T")


class ScreenHost(Protocol):
    """The window as a screen sees it (``MainWindow`` is one)."""

    till: Till
    printing: TillPrinter
    #: The till's e-invoice sender, when it runs (the manager's E-invoices section asks it to send at once).
    einvoice: EInvoiceBridge | None
    shop_name: str
    #: The name of the screen in front ("sale", "payment", …).
    current: str
    #: How the last run of the till ended, when it did not end cleanly (told at sign-in and with a restored cart).
    unclean_stop: UncleanStop | None

    # --- navigation ---------------------------------------------------------------------------------------
    def go(self, name: str) -> None:
        """Show the screen called ``name`` (sign-in when nobody is signed in, the sale for an empty payment)."""

    def signed_in(self) -> None:
        """After a PIN: open the shift first if the store wants one and none is open, else sell."""

    def back_to_till(self) -> None:
        """Back from a side screen to selling (or to opening the shift)."""

    def sign_out(self) -> None: ...

    def open_return(self, ref: str) -> None:
        """The returns screen with the receipt ``ref`` loaded (a receipt scanned on the sale screen)."""

    def open_manager(self, section: str | None = None) -> None:
        """The manager's side, on ``section`` when given (the till menu's "Stock" opens the stock count)."""

    def refused(self, exc: PosError) -> None:
        """Show what the core refused on the current screen (where every op's ``PosError`` ends by default)."""

    def need_shift(self, exc: PosError) -> bool:
        """Route a core "no open shift" refusal to the open-shift screen; True if it was one."""

    # --- telling ------------------------------------------------------------------------------------------
    def notify(self, message: str, kind: str = "info") -> None:
        """A message on the current screen's notice bar."""

    def beep(self) -> None: ...

    def customer_display_update(self) -> None:
        """The cart or the payment changed: the customer display shows it."""

    def sale_completed(self, sale: CommittedSale) -> None:
        """A sale, return or void was committed: print it, tell sync and backup, back to selling."""

    # --- approvals ----------------------------------------------------------------------------------------
    def ask_approval(
        self,
        permissions: Iterable[Permission],
        explanation: str,
        *,
        reason: str = "",
        ask_reason: bool = False,
    ) -> Approval | None: ...

    def approval_asker(self, explanation: str) -> ApprovalAsker: ...

    def guarded(
        self,
        action: Callable[[Approval | None], T],
        permissions: Iterable[Permission],
        explanation: str,
        *,
        reason: str = "",
    ) -> GuardedOp[T]:
        """``action(None)`` on the database executor; if the core wants an approval, ask for a PIN and run it
        again. Chain ``success``/``failure``/``cancelled``/``finally_``, then ``run()``."""
