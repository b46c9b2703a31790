"""The receipt printer's settings: which link it is on, paper width, how Vietnamese is sent, the cash drawer.

"Test connection" opens the link and reads the printer's status; "Print test page" prints the Vietnamese
pangram in all three modes, so the shop can see which mode its printer gets right — both run on a worker thread
with the settings *as filled in*, before anything is saved. The preview on the right is a sample receipt in the
chosen width and mode, drawn exactly as the printer will get it. Saving writes ``[printer]`` in config.toml
(through ``pos.settings``) and restarts the print queue on the new printer; receipts still waiting go there.
"""

from __future__ import annotations

import dataclasses
import io
from typing import TYPE_CHECKING, Any

from pos.errors import ConfigError, PosError
from pos.receipts.connections import ConnectionCheck, test_connection
from pos.receipts.preview import preview_png
from pos.receipts.printer_config import BAUDRATES, FLOW_CONTROLS, KINDS, MODES, PrinterConfig
from pos.receipts.samples import sample_sale
from pos.receipts.testpage import test_page
from pos.staff.audit import AuditEvent, log
from pos.staff.member import StaffMember
from pos.staff.permissions import Permission, has_permission
from pos.till.terminal import Terminal
from ui.i18n import current_language, tr
from ui.manager.base import ApprovalAsker, ManagerScreen, card, form_scroll, label
from ui.manager.base import caption as form_caption
from ui.qt import (
    QT_TR_NOOP,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPixmap,
    QPushButton,
    QResizeEvent,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    Qt,
    QWidget,
)
from ui.theme import COLORS, set_role
from ui.workers import Background

if TYPE_CHECKING:
    from ui.printing import TillPrinter

KIND_NAMES: dict[str, str] = {
    "none": QT_TR_NOOP("No printer"),
    "network": QT_TR_NOOP("Network, LAN / Wi-Fi (port 9100)"),
    "usb": QT_TR_NOOP("USB"),
    "serial": QT_TR_NOOP("Serial (COM port)"),
    "file": QT_TR_NOOP("File or device (/dev/usb/lp0)"),
    "cups": QT_TR_NOOP("CUPS printer"),
}
MODE_NAMES: dict[str, str] = {
    "raster": QT_TR_NOOP("Image (raster) — any printer"),
    "tcvn3": QT_TR_NOOP("TCVN3 text (code pages 30/31)"),
    "cp1258": QT_TR_NOOP("Windows-1258 text (code page 52)"),
}
#: The form fields of each kind of link (the rest of PrinterConfig is common or kept as saved).
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "none": (),
    "network": ("host", "port"),
    "usb": ("vendor_id", "product_id"),
    "serial": ("serial_device", "baudrate", "flow_control"),
    "file": ("path",),
    "cups": ("cups_printer",),
}
PIN_NAMES = (QT_TR_NOOP("Pin 2 (most drawers)"), QT_TR_NOOP("Pin 5 (a second drawer)"))
#: The captions of each kind's own fields.
FIELD_CAPTIONS: dict[str, str] = {
    "host": QT_TR_NOOP("IP address"),
    "port": QT_TR_NOOP("Port"),
    "vendor_id": QT_TR_NOOP("Vendor id"),
    "product_id": QT_TR_NOOP("Product id"),
    "serial_device": QT_TR_NOOP("Port"),
    "baudrate": QT_TR_NOOP("Baud rate"),
    "flow_control": QT_TR_NOOP("Flow control"),
    "path": QT_TR_NOOP("Path"),
    "cups_printer": QT_TR_NOOP("CUPS printer name"),
}


LABEL_ALIGN = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class PaperPreview(QWidget):
    """The receipt as a picture, scaled down to the column's width (never up), scrolling vertically."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("ReceiptPreview")
        self.paper = QPixmap()
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setStyleSheet(f"#ReceiptPreview {{ background: {COLORS['bg']}; }}")

    def set_paper(self, pixmap: QPixmap) -> None:
        self.paper = pixmap
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self.paper.isNull():
            return
        width = max(100, min(self.paper.width(), self.width() - 16))
        scaled = self.paper.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.label.setPixmap(scaled)
        self.label.setGeometry((self.width() - scaled.width()) // 2, 8, scaled.width(), scaled.height())
        self.setMinimumHeight(scaled.height() + 16)


def may_set_up_devices(actor: StaffMember) -> bool:
    """The manager screens' own gate (manager, admin): the printer is set up by whoever runs the shop."""
    return has_permission(actor, Permission.VIEW_REPORTS)


class PrinterSettingsScreen(ManagerScreen):
    def __init__(
        self,
        terminal: Terminal,
        actor: StaffMember,
        ask_approval: ApprovalAsker | None = None,
        printing: TillPrinter | None = None,
    ) -> None:
        super().__init__(terminal, actor, ask_approval)
        self.printing = printing  # ui.printing.TillPrinter, restarted on save (None: only the file changes)
        self.settings = terminal.settings
        self.saved = self._current_config()
        self.check: ConnectionCheck | None = None
        self._task: Background | None = None
        self._result_kind = ""

        row = QHBoxLayout()
        row.setSpacing(16)
        form_card, form_box = card()
        self.form_title = label("", "h3")
        form_box.addWidget(self.form_title)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.setHorizontalSpacing(14)
        form.setLabelAlignment(LABEL_ALIGN)
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem("", kind)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.kind_label = form_caption()
        form.addRow(self.kind_label, self.kind)
        form_box.addLayout(form)

        self.pages = QStackedWidget()
        self.pages.setObjectName("PrinterPages")
        self.pages.setStyleSheet("#PrinterPages { background: transparent; }")
        self.fields: dict[str, QWidget] = {}
        self.field_labels: dict[str, QLabel] = {}
        self.page_index: dict[str, int] = {}
        self.none_note = label("", "muted")
        self.none_note.setWordWrap(True)
        for kind in KINDS:
            page = QWidget()
            page_form = QFormLayout(page)
            page_form.setContentsMargins(0, 0, 0, 0)
            page_form.setVerticalSpacing(10)
            page_form.setHorizontalSpacing(14)
            page_form.setLabelAlignment(LABEL_ALIGN)
            page.setObjectName("PrinterFields")
            page.setStyleSheet("#PrinterFields { background: transparent; }")
            if kind == "none":
                page_form.addRow(self.none_note)
            for key in _kind_fields(kind):
                widget = self._field(key)
                caption = form_caption()
                self.field_labels[key] = caption
                page_form.addRow(caption, widget)
            self.page_index[kind] = self.pages.addWidget(page)
        form_box.addWidget(self.pages)

        common = QFormLayout()
        common.setVerticalSpacing(10)
        common.setHorizontalSpacing(14)
        common.setLabelAlignment(LABEL_ALIGN)
        self.paper_width = QComboBox()
        for mm in (58, 80):
            self.paper_width.addItem(f"{mm} mm", mm)
        self.paper_width.currentIndexChanged.connect(self.update_preview)
        self.width_label = form_caption()
        common.addRow(self.width_label, self.paper_width)
        self.mode = QComboBox()
        for mode in MODES:
            self.mode.addItem("", mode)
        self.mode.currentIndexChanged.connect(self.update_preview)
        self.mode_label = form_caption()
        common.addRow(self.mode_label, self.mode)
        self.drawer = QComboBox()
        self.drawer.addItem("", 0)
        self.drawer.addItem("", 1)
        self.drawer_label = form_caption()
        common.addRow(self.drawer_label, self.drawer)
        self.trace_qr = QCheckBox()
        self.trace_qr.toggled.connect(self.update_preview)
        self.trace_label = form_caption()
        common.addRow(self.trace_label, self.trace_qr)
        form_box.addLayout(common)
        self.mode_hint = label("", "muted")
        self.mode_hint.setWordWrap(True)
        form_box.addWidget(self.mode_hint)

        buttons = QHBoxLayout()
        self.test_button = QPushButton()
        self.test_button.clicked.connect(self.test)
        self.page_button = QPushButton()
        self.page_button.clicked.connect(self.print_test_page)
        self.save_button = QPushButton()
        set_role(self.save_button, "primary")
        self.save_button.clicked.connect(self.save)
        for b in (self.test_button, self.page_button, self.save_button):
            b.setMinimumHeight(46)
            buttons.addWidget(b)
        form_box.addLayout(buttons)
        self.result = QLabel()
        self.result.setWordWrap(True)
        form_box.addWidget(self.result)
        form_box.addWidget(self.message)
        form_box.addStretch(1)
        scroller = form_scroll(form_card)
        row.addWidget(scroller, 5)

        preview_card, preview_box = card()
        self.preview_title = label("", "h3")
        preview_box.addWidget(self.preview_title)
        self.preview = PaperPreview()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.preview)
        scroll.setStyleSheet(f"QScrollArea {{ background: {COLORS['bg']}; border: none; }}")
        preview_box.addWidget(scroll, 1)
        row.addWidget(preview_card, 3)
        self.outer.addLayout(row, 1)

        for widget in (
            self.kind_label,
            self.width_label,
            self.mode_label,
            self.drawer_label,
            self.trace_label,
            *self.field_labels.values(),
        ):
            widget.setMinimumWidth(170)  # one caption column across the three forms, so the fields line up
        self.load(self.saved)
        self.retranslate()

    # --- fields -----------------------------------------------------------------------------------------------
    def _field(self, key: str) -> QWidget:
        widget: QWidget
        if key == "port":
            spin = QSpinBox()
            spin.setRange(1, 65535)
            spin.setMinimumHeight(40)
            widget = spin
        elif key == "baudrate":
            combo = QComboBox()
            for rate in BAUDRATES:
                combo.addItem(str(rate), rate)
            widget = combo
        elif key == "flow_control":
            combo = QComboBox()
            for flow in FLOW_CONTROLS:
                combo.addItem(flow, flow)
            widget = combo
        else:
            edit = QLineEdit()
            edit.setMinimumHeight(40)
            widget = edit
        widget.setObjectName(f"printer_{key}")
        self.fields[key] = widget
        return widget

    def _current_config(self) -> PrinterConfig:
        if self.printing is not None:
            return self.printing.config
        try:
            return PrinterConfig.from_dict(self.settings.device("printer") or {"kind": "none"})
        except ConfigError:
            return PrinterConfig()

    def load(self, config: PrinterConfig) -> None:
        """Fill the form from ``config``."""
        for key, widget in self.fields.items():
            value = getattr(config, key)
            if isinstance(widget, QSpinBox):
                widget.setValue(int(value))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif isinstance(widget, QLineEdit):
                if key in ("vendor_id", "product_id"):
                    widget.setText("" if value is None else f"0x{value:04x}")
                else:
                    widget.setText(str(value))
        self.kind.setCurrentIndex(max(0, self.kind.findData(config.kind)))
        self.paper_width.setCurrentIndex(max(0, self.paper_width.findData(config.width_mm)))
        self.mode.setCurrentIndex(max(0, self.mode.findData(config.mode)))
        self.drawer.setCurrentIndex(max(0, self.drawer.findData(config.drawer_pin)))
        self.trace_qr.setChecked(config.trace_qr)
        self._kind_changed()

    def set_field(self, key: str, value: object) -> None:
        """Set one field as a person would (tests, screenshots)."""
        if key == "kind":
            self.kind.setCurrentIndex(self.kind.findData(value))
            return
        if key == "trace_qr":
            self.trace_qr.setChecked(bool(value))
            return
        if key in ("width_mm", "mode", "drawer_pin"):
            combo: QComboBox = {"width_mm": self.paper_width, "mode": self.mode, "drawer_pin": self.drawer}[
                key
            ]
            combo.setCurrentIndex(combo.findData(value))
            return
        widget = self.fields[key]
        if isinstance(widget, QSpinBox):
            widget.setValue(int(str(value)))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(widget.findData(value))
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))

    def table(self) -> dict[str, Any]:
        """The form as a ``[printer]`` table (timeouts kept from the saved settings)."""
        kind = str(self.kind.currentData())
        table: dict[str, Any] = {
            "kind": kind,
            "width_mm": int(self.paper_width.currentData()),
            "mode": str(self.mode.currentData()),
            "drawer_pin": int(self.drawer.currentData()),
            "trace_qr": self.trace_qr.isChecked(),
        }
        for f in ("connect_timeout_s", "write_timeout_s", "status_timeout_s"):
            table[f] = getattr(self.saved, f)
        for key in _kind_fields(kind):
            widget = self.fields[key]
            if isinstance(widget, QSpinBox):
                table[key] = widget.value()
            elif isinstance(widget, QComboBox):
                table[key] = widget.currentData()
            elif isinstance(widget, QLineEdit):
                text = widget.text().strip()
                if text or key not in ("vendor_id", "product_id"):
                    table[key] = text
        return table

    def config(self) -> PrinterConfig:
        """The form as a validated config; raises ``ConfigError`` naming the field that is wrong."""
        return PrinterConfig.from_dict(self.table())

    def _kind_changed(self) -> None:
        kind = str(self.kind.currentData())
        current = self.page_index.get(kind, 0)
        for i in range(self.pages.count()):  # the stack is as tall as the page shown, not the tallest one
            policy = QSizePolicy.Policy.Preferred if i == current else QSizePolicy.Policy.Ignored
            page = self.pages.widget(i)
            if page is not None:
                page.setSizePolicy(policy, policy)
        self.pages.setCurrentIndex(current)
        self.pages.adjustSize()
        has_printer = kind != "none"
        self.test_button.setEnabled(has_printer)
        self.page_button.setEnabled(has_printer)

    # --- preview ----------------------------------------------------------------------------------------------
    def update_preview(self) -> None:
        width = int(self.paper_width.currentData() or 80)
        mode = str(self.mode.currentData() or "raster")
        sample = sample_sale(lines=5, lang=current_language())
        if not self.trace_qr.isChecked():
            sample = dataclasses.replace(sample, trace_qr=None, qr_caption=None)
        image = preview_png(sample, width, mode)
        buffer = io.BytesIO()
        image.convert("L").save(buffer, format="PNG")
        pixmap = QPixmap()
        pixmap.loadFromData(buffer.getvalue())
        self.preview_pixmap = pixmap
        self.preview.set_paper(pixmap)

    # --- actions ------------------------------------------------------------------------------------------------
    def _run(self, what: str, fn: Any) -> None:
        self.show_error(None)
        if self._task is not None and self._task.running:
            return
        self._result_kind = what
        self.check = None
        self.result.setStyleSheet(f"color: {COLORS['muted']};")
        self.result.setText(tr("Talking to the printer…"))
        self.test_button.setEnabled(False)
        self.page_button.setEnabled(False)
        self._task = Background(fn, name="printer-test", parent=self)
        self._task.done.connect(self._checked)
        self._task.failed.connect(self._check_failed)
        self._task.start()

    def test(self) -> None:
        """Open the link and read the printer's status, on a worker thread."""
        try:
            config = self.config()
        except PosError as exc:
            self.show_error(exc)
            return
        self._run("test", lambda: test_connection(config))

    def print_test_page(self) -> None:
        """The Vietnamese test page in all three modes, straight to the printer as filled in."""
        try:
            config = self.config()
        except PosError as exc:
            self.show_error(exc)
            return
        self._run(
            "page",
            lambda: test_connection(
                config, sample=b"".join(test_page(config.width_mm, lang=current_language()).values())
            ),
        )

    def _checked(self, check: ConnectionCheck) -> None:
        self.check = check
        self._kind_changed()
        text = check.message(current_language())
        if check.ok and self._result_kind == "page":
            text += " " + tr("Test page sent (3 modes): pick the mode that prints every mark right.")
        self.result.setStyleSheet(
            f"color: {COLORS['pay'] if check.ok else COLORS['danger']}; font-weight: 600;"
        )
        self.result.setText(text)

    def _check_failed(self, exc: Exception) -> None:
        self._kind_changed()
        self.result.setStyleSheet(f"color: {COLORS['danger']}; font-weight: 600;")
        message = (
            exc.message(current_language())
            if isinstance(exc, PosError)
            else f"{exc.__class__.__name__}: {exc}"
        )
        self.result.setText(message)

    def save(self) -> PrinterConfig | None:
        """Write ``[printer]`` to config.toml and restart the print queue with it."""
        self.show_error(None)
        if not may_set_up_devices(self.actor):
            self.show_message(tr("Only a manager may change the printer settings"))
            return None
        try:
            config = self.config()
        except PosError as exc:
            self.show_error(exc)
            return None
        table = config.to_dict()
        self.settings.devices["printer"] = table
        try:
            self.settings.save()
        except OSError as exc:
            self.show_message(tr("Could not write the settings: {reason}").format(reason=exc.strerror or exc))
            return None
        log(
            self.engine,
            AuditEvent(
                "printer_settings",
                self.actor,
                subject_type="device",
                subject_id="printer",
                terminal_code=self.terminal.code,
                detail={k: v for k, v in table.items() if not isinstance(v, float)},
            ),
        )
        self.saved = config
        if self.printing is not None:
            self.printing.reconfigure(config)
        self.result.setStyleSheet(f"color: {COLORS['pay']}; font-weight: 600;")
        self.result.setText(
            tr("Saved: {printer} {where}").format(printer=tr(KIND_NAMES[config.kind]), where=config.label)
        )
        return config

    # --- texts ----------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(tr("Receipt printer"))
        self.form_title.setText(tr("Connection and paper"))
        self.kind_label.setText(tr("Connection"))
        for i in range(self.kind.count()):
            self.kind.setItemText(i, tr(KIND_NAMES[str(self.kind.itemData(i))]))
        for key, caption_label in self.field_labels.items():
            caption_label.setText(tr(FIELD_CAPTIONS[key]))
        placeholders = {
            "host": "192.168.1.100",
            "vendor_id": "0x0416",
            "product_id": "0x5011",
            "serial_device": "/dev/ttyUSB0 · COM3",
            "path": "/dev/usb/lp0",
        }
        for key, text in placeholders.items():
            widget = self.fields.get(key)
            if isinstance(widget, QLineEdit):
                widget.setPlaceholderText(text)
        self.none_note.setText(
            tr("The till sells without printing. Any receipt can be reprinted once a printer is set up.")
        )
        self.width_label.setText(tr("Paper width"))
        self.mode_label.setText(tr("Vietnamese printing"))
        for i in range(self.mode.count()):
            self.mode.setItemText(i, tr(MODE_NAMES[str(self.mode.itemData(i))]))
        self.mode_hint.setText(
            tr(
                "Print the test page, then pick the way every Vietnamese mark comes out right. Image (raster) "
                "works on every printer; TCVN3/1258 text is lighter if the printer has that code page."
            )
        )
        self.drawer_label.setText(tr("Cash drawer"))
        self.trace_label.setText(tr("Traceability QR"))
        self.trace_qr.setText(tr("Print an OCOP product's trace QR at the end"))
        for i, text in enumerate(PIN_NAMES):
            self.drawer.setItemText(i, tr(text))
        self.test_button.setText(tr("Test connection"))
        self.page_button.setText(tr("Print test page"))
        self.save_button.setText(tr("Save and use"))
        self.preview_title.setText(tr("Sample receipt preview"))
        self.update_preview()
        if self.check is not None:
            self._checked(self.check)


def _kind_fields(kind: str) -> tuple[str, ...]:
    return KIND_FIELDS[kind]
