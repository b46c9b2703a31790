"""OCOP POS core: the pure-Python till (no Qt). See DESIGN notes in docs/."""

__version__ = "0.1.0"
