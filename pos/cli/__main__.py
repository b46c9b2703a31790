"""``python -m pos.cli …``: the same as ``ocop-pos …`` (benchmarks start the server this way)."""

import sys

from pos.cli import main

sys.exit(main())
