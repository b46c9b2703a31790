"""The manager's side of the till in one widget: a column of sections and the chosen screen.

The till's main window hosts it for a signed-in manager (``ManagerPanel(terminal, actor, asker, printing=...)``);
each screen asks for a PIN through the asker when the core needs someone else's approval. Screens are built when
first opened (a report screen queries the database as it is built), and once per panel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pos.staff.member import StaffMember
from pos.staff.permissions import require
from pos.till.terminal import Terminal
from ui.i18n import tr
from ui.manager.access import SECTION_PERMISSIONS, sections_for
from ui.manager.approval_dialog import dialog_asker
from ui.manager.base import ApprovalAsker, ManagerScreen
from ui.manager.einvoices import EInvoicesScreen
from ui.manager.overview import OverviewScreen
from ui.manager.printer_settings import PrinterSettingsScreen
from ui.manager.producers import ProducersScreen
from ui.manager.products import ProductsScreen
from ui.manager.receiving import ReceivingScreen
from ui.manager.reports import ReportsScreen
from ui.manager.settlement import SettlementScreen
from ui.manager.shift_close import ShiftCloseScreen
from ui.manager.shop import ShopScreen
from ui.manager.stock import StockScreen
from ui.manager.stock_count import StockCountScreen
from ui.manager.transfers_in import TransfersInScreen
from ui.manager.write_off import WriteOffScreen
from ui.qt import QT_TR_NOOP, QEvent, QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget, Signal
from ui.theme import set_role

if TYPE_CHECKING:
    from ui.printing import TillPrinter


@dataclass(frozen=True)
class Services:
    """What the till lends its manager sections: the receipt printer's worker (None: nothing prints here)."""

    printing: TillPrinter | None = None


Factory = Callable[[Terminal, StaffMember, ApprovalAsker, Services], ManagerScreen]


def _plain(cls: Callable[..., ManagerScreen]) -> Factory:
    return lambda terminal, actor, asker, _services: cls(terminal, actor, asker)


def _with_printer(cls: Callable[..., ManagerScreen]) -> Factory:
    """A section that prints (labels, statements, test pages) through the till's ``TillPrinter``."""
    return lambda terminal, actor, asker, services: cls(terminal, actor, asker, printing=services.printing)


#: Each section: its key, its button's words, and how its screen is built.
SECTIONS: tuple[tuple[str, str, Factory], ...] = (
    ("overview", QT_TR_NOOP("Overview"), _with_printer(OverviewScreen)),
    ("shift", QT_TR_NOOP("Close shift"), _plain(ShiftCloseScreen)),
    ("stock", QT_TR_NOOP("Stock"), _plain(StockScreen)),
    ("count", QT_TR_NOOP("Stock count"), _plain(StockCountScreen)),
    ("receiving", QT_TR_NOOP("Receiving"), _plain(ReceivingScreen)),
    ("writeoff", QT_TR_NOOP("Write-offs"), _plain(WriteOffScreen)),
    ("transfers_in", QT_TR_NOOP("Incoming transfers"), _plain(TransfersInScreen)),
    ("products", QT_TR_NOOP("Products and prices"), _with_printer(ProductsScreen)),
    ("producers", QT_TR_NOOP("Producers"), _plain(ProducersScreen)),
    ("reports", QT_TR_NOOP("Reports"), _plain(ReportsScreen)),
    ("settlement", QT_TR_NOOP("Settlement"), _with_printer(SettlementScreen)),
    ("shop", QT_TR_NOOP("Shop"), _plain(ShopScreen)),
    ("einvoices", QT_TR_NOOP("E-invoices"), _plain(EInvoicesScreen)),
    ("printer", QT_TR_NOOP("Receipt printer"), _with_printer(PrinterSettingsScreen)),
)


class ManagerPanel(QWidget):
    section_built = Signal(str, object)  # key, the screen: built the first time it was opened

    def __init__(
        self,
        terminal: Terminal,
        actor: StaffMember,
        ask_approval: ApprovalAsker | None = None,
        *,
        printing: TillPrinter | None = None,
        first: str | None = None,
    ) -> None:
        super().__init__()
        self.terminal = terminal
        self.actor = actor
        self.asker = ask_approval or dialog_asker(terminal, actor, self)
        self.services = Services(printing)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        nav = QVBoxLayout()
        nav.setContentsMargins(12, 12, 0, 12)
        nav.setSpacing(2)  # fourteen sections, each a 40-pixel touch target, fit an 800-pixel window
        self.nav = nav
        self.buttons: dict[str, QPushButton] = {}
        self.screens: dict[str, ManagerScreen] = {}
        self.factories: dict[str, Factory] = {}
        self.current = ""
        self.stack = QStackedWidget()
        self.allowed = sections_for(actor)
        for key, _words, factory in SECTIONS:
            if key not in self.allowed:  # a cashier sees stock count; a shift lead receiving too
                continue
            button = QPushButton()
            button.setObjectName(f"section_{key}")
            set_role(button, "toggle")
            button.setCheckable(True)
            button.setMinimumSize(180, 40)
            button.clicked.connect(lambda _=False, k=key: self.go(k))
            nav.addWidget(button)
            self.buttons[key] = button
            self.factories[key] = factory
        nav.addStretch(1)
        row.addLayout(nav)
        row.addWidget(self.stack, 1)
        self.retranslate()
        self.go(first if first in self.allowed else self.allowed[0])

    def section(self, key: str) -> ManagerScreen:
        """The section's screen, built the first time it is needed."""
        if key not in self.allowed:
            require(self.actor, SECTION_PERMISSIONS[key])  # raises the core's refusal, in its own words
        if key not in self.screens:
            screen = self.factories[key](self.terminal, self.actor, self.asker, self.services)
            self.screens[key] = screen
            self.stack.addWidget(screen)
            if isinstance(screen, OverviewScreen):
                screen.open_section.connect(self.open_from_overview)
            self.section_built.emit(key, screen)
        return self.screens[key]

    def go(self, key: str) -> ManagerScreen:
        screen = self.section(key)
        for k, button in self.buttons.items():
            button.setChecked(k == key)
        self.stack.setCurrentWidget(screen)
        self.current = key
        return screen

    def open_from_overview(self, key: str, kind: str) -> None:
        """A card of the overview leads to its section (the stock section on the list the card counts)."""
        if key not in self.allowed:
            return
        screen = self.go(key)
        if kind and isinstance(screen, StockScreen):
            screen.show_kind(kind)

    def current_screen(self) -> ManagerScreen | None:
        return self.screens.get(self.current)

    def retranslate(self) -> None:
        for key, words, _factory in SECTIONS:
            if key in self.buttons:
                self.buttons[key].setText(tr(words))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
