"""Who may change data (SPEC section 6): viewers see everything, editors upload, revert and record.

Every write function of the store takes an `Editor` and checks it itself, so
hiding a page is never the only protection. An Editor is made by
realize.web.auth once a person is signed in as an editor (or the app runs locally
with no sign-in configured), by the command line, whose user has the database
file in hand anyway, and by the app itself for the bundled sample.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

How = Literal["local", "password", "oidc", "command line", "system"]


class NotAllowed(Exception):
    """A change asked for by someone who is not an editor; nothing was written."""


@dataclass(frozen=True)
class Editor:
    """A person allowed to change data, by name (it goes into the ledger) and how they were let in."""

    name: str
    how: How = "local"


def require_editor(who: object) -> Editor:
    """The editor making a change, or NotAllowed."""
    if not isinstance(who, Editor) or not who.name.strip():
        raise NotAllowed(
            "Only editors can change data. Sign in as an editor (or enter the editor password) and try again."
        )
    return who


SYSTEM = Editor("Realize sample", "system")
