"""Sales reports on this till's data, as plain tables ready for the screen, CSV or XLSX."""
