"""The till's use cases, Qt-free: what a cashier does at the counter, each one call the GUI, the CLI and tests share."""
