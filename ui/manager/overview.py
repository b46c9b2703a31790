"""The manager's first page: what a shop manager checks first, each in a card that leads to where it is dealt with.

Today's takings, the shift, sales not yet at head office, products low in stock and lots near expiry (from
``pos.till.overview``), and the receipt printer's state (from the till's print worker, worded as the status bar
words it). Read again each time the page is shown, so it is never a stale picture of the day.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pos.staff.member import StaffMember
from pos.till.overview import DayOverview, day_overview
from pos.till.terminal import Terminal
from ui.formatting import money
from ui.i18n import tr
from ui.manager.base import ApprovalAsker, ManagerScreen, card, label
from ui.printing import NO_PRINTER, PrinterState
from ui.qt import QGridLayout, QHBoxLayout, QLabel, QPushButton, QShowEvent, Signal
from ui.status_bar import describe_printer, local_hm
from ui.theme import set_role

if TYPE_CHECKING:
    from ui.printing import TillPrinter

#: The cards, in reading order: key, and where its button leads (section, and the stock list to show).
CARDS: tuple[tuple[str, str, str], ...] = (
    ("sales", "reports", ""),
    ("shift", "shift", ""),
    ("unsent", "", ""),
    ("low", "stock", "low"),
    ("expiry", "stock", "expiry"),
    ("printer", "printer", ""),
)


class OverviewScreen(ManagerScreen):
    open_section = Signal(
        str, str
    )  # section key, and for the stock section the list to show ("low", "expiry")

    def __init__(
        self,
        terminal: Terminal,
        actor: StaffMember,
        ask_approval: ApprovalAsker | None = None,
        *,
        printing: TillPrinter | None = None,
    ) -> None:
        super().__init__(terminal, actor, ask_approval)
        self.printing = printing
        self.data: DayOverview | None = None
        self.titles: dict[str, QLabel] = {}
        self.figures: dict[str, QLabel] = {}
        self.details: dict[str, QLabel] = {}
        self.links: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(12)
        for i, (key, section, kind) in enumerate(CARDS):
            frame, box = card()
            frame.setAccessibleName(key)  # its object name is the card style's
            frame.setMinimumHeight(150)
            title = label("", "muted")
            value = label("", "h2")
            value.setWordWrap(True)
            detail = label("", "muted")
            detail.setWordWrap(True)
            box.addWidget(title)
            box.addWidget(value)
            box.addWidget(detail, 1)
            self.titles[key], self.figures[key], self.details[key] = title, value, detail
            if section:
                link = QPushButton()
                link.setMinimumHeight(40)
                set_role(link, "quiet")
                link.clicked.connect(lambda _=False, s=section, k=kind: self.open_section.emit(s, k))
                row = QHBoxLayout()
                row.addStretch(1)
                row.addWidget(link)
                box.addLayout(row)
                self.links[key] = link
            grid.addWidget(frame, i // 3, i % 3)
        for column in range(3):
            grid.setColumnStretch(column, 1)  # three equal columns, whatever each card says
        self.outer.addLayout(grid)
        self.outer.addStretch(1)
        self.refresh_button = QPushButton()
        self.refresh_button.setMinimumHeight(44)
        self.refresh_button.clicked.connect(self.refresh)
        bottom = QHBoxLayout()
        self.when = label("", "muted")
        bottom.addWidget(self.when, 1)
        bottom.addWidget(self.refresh_button)
        self.outer.addLayout(bottom)
        self.outer.addWidget(self.message)
        if printing is not None:
            printing.status_changed.connect(lambda _state: self._show_printer())
        self.refresh()

    def refresh(self) -> None:
        """Read the day's figures again (the page is shown, or the manager asks)."""
        self.data = day_overview(self.engine, self.terminal.code, dt.date.today())
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.data is not None and not event.spontaneous():
            self.refresh()

    def printer_state(self) -> PrinterState:
        return self.printing.state if self.printing is not None else NO_PRINTER

    def _show_printer(self) -> None:
        state = self.printer_state()
        self.figures["printer"].setText(describe_printer(state))
        level = state.level
        self.details["printer"].setText(
            {
                "off": tr("Receipts are not printed on this till"),
                "error": tr("Receipts wait and print once it is fixed"),
                "warn": tr("Change the paper roll soon"),
            }.get(level, state.where)
        )

    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(tr("Overview"))
        titles = {
            "sales": tr("Today's sales"),
            "shift": tr("Shift"),
            "unsent": tr("Not yet sent to head office"),
            "low": tr("Low stock"),
            "expiry": tr("Near expiry"),
            "printer": tr("Receipt printer"),
        }
        for key, text in titles.items():
            self.titles[key].setText(text)
        links = {
            "sales": tr("Reports"),
            "shift": tr("Close shift"),
            "low": tr("Show the list"),
            "expiry": tr("Show the lots"),
            "printer": tr("Printer settings"),
        }
        for key, text in links.items():
            self.links[key].setText(text)
        self.refresh_button.setText(tr("Refresh"))
        self._show_printer()
        d = self.data
        if d is None:
            return
        self.when.setText(
            tr("Figures of {date}, read at {time}").format(
                date=f"{d.day:%d/%m/%Y}", time=dt.datetime.now().strftime("%H:%M")
            )
        )
        self.figures["sales"].setText(money(d.sales_total))
        self.details["sales"].setText(tr("%n sales", "", d.sales))
        if d.returns:
            self.details["sales"].setText(
                self.details["sales"].text()
                + "\n"
                + tr("%n returns", "", d.returns)
                + f" ({money(d.returns_total)}) · "
                + tr("net {amount}").format(amount=money(d.net_total))
            )
        if d.shift is not None:
            self.figures["shift"].setText(tr("Open"))
            self.details["shift"].setText(
                tr("Since {time}, opened by {name}").format(
                    time=local_hm(d.shift.opened_at), name=d.shift.opened_by_name
                )
            )
        else:
            self.figures["shift"].setText(tr("Closed"))
            self.details["shift"].setText(tr("No shift open on {till}").format(till=self.terminal.code))
        self.links["shift"].setVisible(d.shift is not None)
        self.figures["unsent"].setText(str(d.unsent_sales))
        unsent = (
            tr("Everything has reached head office")
            if d.unsent_sales == 0
            else tr("They are sent when head office can be reached; nothing is lost")
        )
        if d.stuck:
            unsent += "\n" + tr("%n refused by head office: see the sync status", "", d.stuck)
        self.details["unsent"].setText(unsent)
        self.figures["low"].setText(str(d.low_stock))
        self.details["low"].setText(tr("products at or below their reorder level"))
        self.links["low"].setEnabled(d.low_stock > 0)
        self.figures["expiry"].setText(str(d.near_expiry))
        expiry = tr("lots on hand expire within %n days", "", d.expiry_days)
        if d.expired:
            expiry += "\n" + tr("%n already expired", "", d.expired)
        self.details["expiry"].setText(expiry)
        self.links["expiry"].setEnabled(d.near_expiry > 0)
