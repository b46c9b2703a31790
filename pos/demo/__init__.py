"""Demo and test data for tools, never for the till's own code: the demo OCOP catalogue, synthetic catalogues,
simulated trading and the staged shops the screenshots are taken in. Only the command line, the GUI's
``--demo``/``screenshots``, benchmarks and tests import it (a test holds that)."""
