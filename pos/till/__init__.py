"""The till's use cases, Qt-free: what a cashier does at the counter, each one call the GUI, the CLI and tests share.

``session.py`` (``TillSession``: sign-in, shift, cart, park, pay, returns, reprints), ``scan.py`` (where a scan
becomes a cart line), ``approvals.py`` (when a manager's PIN is needed and what it covers), ``guarded.py`` (the
protected actions, checked and audited), ``terminal.py`` (the open database, catalogue and VAT rates).
"""
