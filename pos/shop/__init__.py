"""The shop this till belongs to: its name, address, tax code and the bank account transfers go to."""
