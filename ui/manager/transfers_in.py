"""Incoming transfers at the receiving till: the transfers head office has in transit to this store (read-only),
and receiving one — the quantity that arrived per line, the rest recorded as a discrepancy at head office
(``pos.sync.transfers_in``). Both talk to head office, so they run on a background thread (``ui.workers``), never
on the GUI thread; offline the screen says so and nothing is recorded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from pos.errors import PosError
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, has_permission
from pos.sync import transfers_in
from pos.sync.rounds import client_for
from pos.sync.wire import IncomingTransferDoc, TransferReceiptAnswer
from pos.till.terminal import Terminal
from ui.formatting import parse_qty
from ui.formatting import qty as qty_text
from ui.i18n import current_language, tr
from ui.manager.base import ApprovalAsker, ManagerScreen, card, label
from ui.qt import QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QShowEvent, QWidget
from ui.theme import set_role
from ui.workers import Background

Names = dict[str, str]


class TransfersInScreen(ManagerScreen):
    def __init__(
        self, terminal: Terminal, actor: StaffMember, ask_approval: ApprovalAsker | None = None
    ) -> None:
        super().__init__(terminal, actor, ask_approval)
        self.transfers: list[IncomingTransferDoc] = []
        self.names: Names = {}
        self.fields: list[tuple[int, QLineEdit]] = []
        self.job: Background | None = None
        self.done = ""
        self.asked = False  # head office is asked when the screen is first shown
        head = QHBoxLayout()
        self.choice = QComboBox()
        self.choice.setMinimumHeight(42)
        self.choice.currentIndexChanged.connect(lambda _i: self.show_lines())
        head.addWidget(self.choice, 1)
        self.refresh_button = QPushButton()
        self.refresh_button.setMinimumHeight(42)
        self.refresh_button.clicked.connect(self.load)
        head.addWidget(self.refresh_button)
        self.outer.addLayout(head)
        frame, box = card()
        self.facts = label("", "muted")
        box.addWidget(self.facts)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        box.addWidget(self.grid_host)
        box.addStretch(1)
        self.outer.addWidget(frame, 1)
        bottom = QHBoxLayout()
        self.summary = label("", "h3")
        self.summary.setWordWrap(True)
        bottom.addWidget(self.summary, 1)
        self.receive_button = QPushButton()
        set_role(self.receive_button, "primary")
        self.receive_button.setMinimumHeight(48)
        self.receive_button.clicked.connect(self.receive)
        bottom.addWidget(self.receive_button)
        self.outer.addLayout(bottom)
        self.outer.addWidget(self.message)
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.asked:
            self.asked = True
            self.load()

    # --- talking to head office (off the GUI thread) ----------------------------------------------------------
    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.refresh_button.setEnabled(False)
        self.receive_button.setEnabled(False)
        job = Background(fn, name="transfers-in", parent=self)

        def finished(result: Any) -> None:
            self.job = None
            self.refresh_button.setEnabled(True)
            done(result)
            self.receive_button.setEnabled(self.current() is not None)

        def failed(exc: object) -> None:
            self.job = None
            self.refresh_button.setEnabled(True)
            self.receive_button.setEnabled(self.current() is not None)
            if isinstance(exc, PosError):
                self.show_error(exc)
            else:
                self.show_message(str(exc))

        job.done.connect(finished)
        job.failed.connect(failed)
        self.job = job
        job.start()

    def load(self) -> None:
        """Ask head office for the transfers in transit to this store."""
        self.show_error(None)
        engine = self.engine

        def fetch() -> tuple[list[IncomingTransferDoc], Names]:
            with client_for(engine, timeout=15.0) as client:
                docs = transfers_in.incoming(client)
            ids = sorted({ln.product_id for d in docs for ln in d.lines})
            names: Names = {}
            with engine.connect() as conn:
                for pid in ids:
                    row = conn.execute(
                        text("SELECT sku, name_vi, name_en FROM products WHERE id = :p"), {"p": pid}
                    ).first()
                    if row is not None:
                        names[pid] = (
                            f"{row[0]} · {row[1] if current_language() == 'vi' else row[2] or row[1]}"
                        )
            return docs, names

        self._run(fetch, self._loaded)

    def _loaded(self, result: tuple[list[IncomingTransferDoc], Names]) -> None:
        self.transfers, self.names = result
        self.choice.blockSignals(True)
        self.choice.clear()
        for d in self.transfers:
            self.choice.addItem(
                tr("{label} from {store} · %n lines", "", len(d.lines)).format(
                    label=d.label, store=d.from_store_code
                ),
                d.id,
            )
        self.choice.blockSignals(False)
        self.show_lines()

    def current(self) -> IncomingTransferDoc | None:
        i = self.choice.currentIndex()
        return self.transfers[i] if 0 <= i < len(self.transfers) else None

    def show_lines(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.fields = []
        doc = self.current()
        lang = current_language()
        if doc is None:
            self.facts.setText(tr("No transfers in transit to this centre"))
            self.receive_button.setEnabled(False)
            self.summary.setText(self.done)
            return
        sent = doc.sent_at.astimezone().strftime("%d/%m/%Y %H:%M")
        self.facts.setText(
            tr("Sent {at} by {who} · {note}").format(at=sent, who=doc.sent_by, note=doc.note).rstrip(" ·")
        )
        for col, words in enumerate((tr("Product"), tr("Sent"), tr("Received"))):
            self.grid.addWidget(label(words, "muted"), 0, col)
        for row, line in enumerate(doc.lines, start=1):
            self.grid.addWidget(QLabel(self.names.get(line.product_id, line.product_id)), row, 0)
            self.grid.addWidget(QLabel(qty_text(line.qty_sent_milli, lang)), row, 1)
            field = QLineEdit(qty_text(line.qty_sent_milli, lang))
            field.setObjectName(f"received_{line.line_no}")
            field.setMinimumHeight(40)
            self.grid.addWidget(field, row, 2)
            self.fields.append((line.line_no, field))
        self.grid.setColumnStretch(0, 1)
        self.receive_button.setEnabled(self.job is None)
        self.summary.setText(self.done)

    def receive(self) -> None:
        """Send what arrived; a person without the right to receive goods needs a shift lead's approval."""
        doc = self.current()
        if doc is None:
            return
        got: dict[int, int] = {}
        for line_no, field in self.fields:
            value = parse_qty(field.text() or "0")
            if value is None or value < 0:
                self.show_message(tr("Invalid quantity"))
                return
            got[line_no] = value
        approval: Approval | None = None
        if not has_permission(self.actor, Permission.RECEIVE_STOCK):
            approval = self.ask_approval(frozenset({Permission.RECEIVE_STOCK})) if self.ask_approval else None
            if approval is None:
                self.show_message(tr("Not approved"))
                return
        engine, actor = self.engine, self.actor

        def send() -> TransferReceiptAnswer:
            with client_for(engine, timeout=15.0) as client:
                return transfers_in.receive(engine, client, actor, doc, got, approval=approval)

        self.show_error(None)
        self._run(send, self._received)

    def _received(self, answer: TransferReceiptAnswer) -> None:
        lang = current_language()
        if answer.discrepancy_milli:
            self.done = tr("Received {label}; discrepancy {qty} recorded at head office").format(
                label=answer.label, qty=qty_text(answer.discrepancy_milli, lang)
            )
        else:
            self.done = tr("Received {label} in full").format(label=answer.label)
        self.summary.setText(self.done)
        self.load()

    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(tr("Incoming transfers"))
        self.refresh_button.setText(tr("Refresh"))
        self.receive_button.setText(tr("Confirm received"))
        self.show_lines()
