"""The search engine: `search.engine.search()` over people, units and try-outs.

A Django app holding the index tables; engine.py is the API (`search()`), registry.py what the
apps hand it, index.py keeps the index current, backends/ are PostgreSQL and SQLite.
"""
