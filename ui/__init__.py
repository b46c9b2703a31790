"""The PySide6 GUI of OCOP POS. All Qt enters through ``ui.qt``."""
