"""The search engine: `search.engine.search()` over people, units and try-outs.

A Django app (label "search") holding the index tables; see engine.py for the API,
backends/ for PostgreSQL and SQLite, index.py and signals.py for keeping the index current.
"""
