"""How much one sync request carries: outbox entries per upload, catalogue records per page.

Kept apart from ``rounds`` so that the worker (imported when the GUI starts) does not pull in the HTTP client and
the wire models before the first round needs them.
"""

from __future__ import annotations

#: Outbox entries per upload request.
DEFAULT_BATCH = 200
#: Catalogue records asked for per page.
DEFAULT_PAGE = 500
