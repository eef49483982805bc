"""What the command line and the web both call on top of the ledger and the measures."""
