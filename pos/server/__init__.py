"""The central server (``ocop-pos server``): stores, terminals, sales ingest, catalogue feed, stock and reports.

FastAPI over SQLAlchemy 2 Core on its own database (PostgreSQL in production, SQLite by default), with its own
declarative base and Alembic history. It keeps no state in memory, so several processes can share one PostgreSQL.
"""
