"""Corpus mode: analyse many articles into a store, resumably, then query and report on them.

``inputs`` streams records from folders, JSONL, CSV and WARC files; ``work`` turns one
record into store rows (the function every engine runs); ``engines`` runs it in worker
processes or Ray actors; ``store`` writes SQLite or PostgreSQL; ``batch`` ties them
together.  ``stats``, ``search``, ``export``, ``travel`` and ``report`` read the store.
"""
