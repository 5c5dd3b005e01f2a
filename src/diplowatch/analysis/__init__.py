"""Questions asked of relations, answered from the events in the store.

Every analysis reads the store through SQL that DuckDB runs (aggregation over 100,000
events takes milliseconds there and seconds in Python), and returns plain dicts and
lists, so the CLI prints them, the HTTP API sends them as JSON and the plots draw them.
"""
