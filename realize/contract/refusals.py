"""What an operation refuses to do, said so a user can act on it: the command line's exit code 1, a page's message.

Here, at the bottom of the layers, so that the command line can tell a refusal from a failure without loading
the ledger before it knows which command runs.
"""


class Refused(Exception):
    """A write or a read that was not done, with a message a user can act on."""
