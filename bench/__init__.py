"""The performance contract of OCOP POS: ``python -m bench [--quick]``. See docs/performance.md."""
