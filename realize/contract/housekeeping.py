"""Lake housekeeping's default (realize.ledger.housekeeping does it; the command line offers it)."""

# Snapshots and files are kept this many days for readers that may still be using them.
DEFAULT_KEEP_DAYS = 1
