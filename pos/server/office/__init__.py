"""The web office at ``/office/``: head office's and the centres' pages, served by the same FastAPI server.

Server-rendered (Jinja2), one query per page: a page module builds ``pos.reports.table.Table``s from one query, and
the same tables become the HTML, the CSV and the XLSX (``pos.server.office.pages``). One permission check per
request (``access.authorize``) decides what a person may see and which stores; every change goes through
``audit.record``. Adding a page is a module in ``pages/`` and, if the generic table page is not enough, a template.
"""
