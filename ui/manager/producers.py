"""Producers: the OCOP companies, co-operatives and households the shop buys from or sells for — find one (by
code, name, place, contact or phone, without marks), change its details, or add a new one.

Every rule, the right (``EDIT_PRODUCERS``: a manager, or their PIN) and the audit entry are the core's
(``pos.inventory.producers.save_producer``); each problem it names is shown under its field. On a till that
syncs, a note says that head office's copy wins for what it sends.
"""

from __future__ import annotations

from pos.inventory.producers import (
    ProducerError,
    ProducerInfo,
    ProducerInput,
    get_producer,
    list_producers,
    matching,
    save_producer,
)
from pos.models.catalogue import PRODUCER_KINDS
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission
from pos.sync.state import load_registration
from pos.till.terminal import Terminal
from ui.i18n import current_language, tr
from ui.manager.base import ApprovalAsker, ManagerScreen, card, form_scroll, label, row_table
from ui.manager.base import caption as form_caption
from ui.manager.fields import Field, bank_combo, retranslate_banks, set_bank
from ui.manager.table_model import ReportTableModel, gui_column, gui_table
from ui.qt import (
    QT_TR_NOOP,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
)
from ui.theme import COLORS, set_role

KIND_NAMES: dict[str, str] = {
    "company": QT_TR_NOOP("Company"),
    "cooperative": QT_TR_NOOP("Co-operative"),
    "household": QT_TR_NOOP("Household business"),
}
#: The form's text fields, in order, with their captions; ``kind`` and ``bank_bin`` are combo boxes.
CAPTIONS: dict[str, str] = {
    "code": QT_TR_NOOP("Producer code"),
    "name": QT_TR_NOOP("Name"),
    "kind": QT_TR_NOOP("Kind"),
    "commune": QT_TR_NOOP("Commune / ward"),
    "district": QT_TR_NOOP("District / town"),
    "province": QT_TR_NOOP("Province"),
    "address": QT_TR_NOOP("Address"),
    "contact_name": QT_TR_NOOP("Contact"),
    "phone": QT_TR_NOOP("Phone"),
    "email": QT_TR_NOOP("Email"),
    "tax_code": QT_TR_NOOP("Tax code"),
    "bank_bin": QT_TR_NOOP("Bank"),
    "bank_account": QT_TR_NOOP("Account number"),
    "bank_account_name": QT_TR_NOOP("Account holder"),
    "note": QT_TR_NOOP("Note"),
}


class ProducersScreen(ManagerScreen):
    def __init__(
        self, terminal: Terminal, actor: StaffMember, ask_approval: ApprovalAsker | None = None
    ) -> None:
        super().__init__(terminal, actor, ask_approval)
        self.producer_id: str | None = None
        self.loaded: ProducerInput | None = None
        self.shown: list[ProducerInfo] = []
        self.synced = load_registration(self.engine) is not None

        row = QHBoxLayout()
        row.setSpacing(16)
        left_card, left = card()
        self.search = QLineEdit()
        self.search.setObjectName("producer_search")
        self.search.setMinimumHeight(42)
        self.search.textChanged.connect(lambda _t: self.refresh())
        self.search.returnPressed.connect(lambda: self.open_row(0))
        left.addWidget(self.search)
        self.results = ReportTableModel()
        self.view = row_table(self.results, single=True)
        self.view.clicked.connect(lambda index: self.open_row(index.row()))
        left.addWidget(self.view, 1)
        self.sync_note = label("", "muted")
        self.sync_note.setWordWrap(True)
        self.sync_note.setVisible(self.synced)
        left.addWidget(self.sync_note)
        row.addWidget(left_card, 5)

        form_card, form_box = card()
        self.form_title = label("", "h3")
        form_box.addWidget(self.form_title)
        self.form = QFormLayout()
        self.form.setVerticalSpacing(6)
        self.form.setHorizontalSpacing(12)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.kind = QComboBox()
        for kind in PRODUCER_KINDS:
            self.kind.addItem("", kind)
        self.bank = bank_combo()
        self.edits: dict[str, QLineEdit] = {}
        self.fields: dict[str, Field] = {}
        self.captions: dict[str, QLabel] = {}
        for key in CAPTIONS:
            editor: QComboBox | QLineEdit
            if key == "kind":
                editor = self.kind
            elif key == "bank_bin":
                editor = self.bank
            else:
                edit = QLineEdit()
                edit.setObjectName(f"producer_{key}")
                self.edits[key] = edit
                editor = edit
            field = Field(editor)
            self.fields[key] = field
            caption = form_caption()
            caption.setMinimumWidth(130)
            self.captions[key] = caption
            self.form.addRow(caption, field)
        form_box.addLayout(self.form)
        form_box.addStretch(1)
        scroll = form_scroll(form_card)
        right = QVBoxLayout()  # the buttons stay in sight under the form
        right.setSpacing(8)
        right.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_producer)
        self.save_button = QPushButton()
        set_role(self.save_button, "primary")
        self.save_button.clicked.connect(self.save)
        for b in (self.new_button, self.save_button):
            b.setMinimumHeight(46)
            buttons.addWidget(b)
        right.addLayout(buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        right.addWidget(self.status)
        right.addWidget(self.message)
        row.addLayout(right, 4)
        self.outer.addLayout(row, 1)
        self.new_producer()
        self.retranslate()

    # --- the list -------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.shown = matching(list_producers(self.engine), self.search.text())
        cols = (
            gui_column("code", tr("Code")),
            gui_column("name", tr("Name")),
            gui_column("district", tr("District")),
        )
        rows = tuple((p.data.code, p.data.name, p.data.district) for p in self.shown)
        self.results.set_table(gui_table("producers", tr("Producers"), cols, rows))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.setWordWrap(False)
        if self.producer_id is not None:
            for i, p in enumerate(self.shown):
                if p.id == self.producer_id:
                    self.view.selectRow(i)

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.shown):
            self.view.selectRow(row)
            self.open_producer(self.shown[row].id)

    def select_producer(self, code: str) -> None:
        """Open the producer with this code (tests, screenshots)."""
        for p in list_producers(self.engine):
            if p.data.code == code:
                self.open_producer(p.id)
                return

    # --- the form ---------------------------------------------------------------------------------------------
    def open_producer(self, producer_id: str) -> None:
        self.show_error(None)
        info = get_producer(self.engine, producer_id)
        self.producer_id, self.loaded = info.id, info.data
        self.fill(info.data)
        self.status.clear()
        self.retranslate()

    def new_producer(self) -> None:
        """An empty form for a producer not on the list yet."""
        self.producer_id, self.loaded = None, None
        self.view.clearSelection()
        self.fill(ProducerInput(code="", name=""))
        self.status.clear()
        self.show_error(None)
        self.retranslate()

    def fill(self, data: ProducerInput) -> None:
        for key, edit in self.edits.items():
            edit.setText(str(getattr(data, key)))
            edit.setCursorPosition(0)
        self.kind.setCurrentIndex(max(0, self.kind.findData(data.kind)))
        set_bank(self.bank, data.bank_bin)
        self.show_field_errors({})

    def set_field(self, key: str, value: str) -> None:
        """Fill one field as a person would (tests, screenshots)."""
        if key == "kind":
            self.kind.setCurrentIndex(self.kind.findData(value))
        elif key == "bank_bin":
            set_bank(self.bank, value)
        else:
            self.edits[key].setText(value)
            self.edits[key].setCursorPosition(0)

    def form_input(self) -> ProducerInput:
        values = {key: edit.text() for key, edit in self.edits.items()}
        return ProducerInput(
            kind=str(self.kind.currentData()), bank_bin=str(self.bank.currentData() or ""), **values
        )

    def show_field_errors(self, messages: dict[str, str]) -> None:
        for key, field in self.fields.items():
            field.set_error(messages.get(key, ""))

    def save(self) -> str | None:
        """Add or change the producer (a manager's right, or their approval); problems go under their fields."""
        self.status.clear()
        self.show_field_errors({})
        data = self.form_input()
        pid = self.producer_id

        def act(approval: Approval | None) -> str:
            return save_producer(self.engine, self.actor, data, pid, approval=approval)

        saved = self.guarded(act, frozenset({Permission.EDIT_PRODUCERS}))
        if saved is None:
            if isinstance(self.last_error, ProducerError):
                self.show_field_errors(self.last_error.field_messages(current_language()))
                self.show_error(None)
            return None
        created = pid is None
        self.open_producer(saved)
        self.refresh()
        code = self.edits["code"].text()
        self.status.setStyleSheet(f"color: {COLORS['pay']}; font-weight: 600;")
        self.status.setText((tr("Added {code}") if created else tr("Saved {code}")).format(code=code))
        return saved

    # --- texts ----------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(tr("Producers"))
        self.search.setPlaceholderText(tr("Search by code, name, place, contact, phone"))
        self.form_title.setText(
            tr("New producer")
            if self.producer_id is None
            else tr("Edit {code}").format(code=self.edits["code"].text())
        )
        for key, text in CAPTIONS.items():
            self.captions[key].setText(tr(text))
        for i in range(self.kind.count()):
            self.kind.setItemText(i, tr(KIND_NAMES[str(self.kind.itemData(i))]))
        retranslate_banks(self.bank)
        self.edits["bank_account_name"].setPlaceholderText("NGUYEN VAN A")
        self.edits["tax_code"].setPlaceholderText("5700123456")
        self.sync_note.setText(
            tr(
                "This till gets producers from head office: when head office sends a producer again, its name, "
                "place, phone and account are used; the contact, email, tax code, account holder and note "
                "edited here stay."
            )
        )
        self.new_button.setText(tr("New producer"))
        self.save_button.setText(tr("Save"))
        self.refresh()
