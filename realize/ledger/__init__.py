"""The ledger: the DuckDB connection, tables and migrations, writes, history, backup, SQL text, the measures'
parameters.
"""
