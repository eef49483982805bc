"""Who is using the app (SPEC section 6): sign-in, the editor password, or a local run.

- Single sign-on (OIDC): with an `[auth]` section in .streamlit/secrets.toml, everyone
  signs in with st.login; a person is an editor when their email is in
  `[realize] editors` (or env REALIZE_EDITORS, comma-separated).
- Editor password: with `[realize] editor_password` in the secrets or env
  REALIZE_EDITOR_PASSWORD, everyone may view; typing the password (compared with
  hmac.compare_digest, each failure in a session slowing the next try) makes
  this session an editor.
- Neither: a local run, everyone is an editor, and the sidebar says so.

The store checks the Editor itself on every write (realize.contract.roles).
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Mapping
from typing import Literal

import streamlit as st

from realize.contract import environment
from realize.contract.roles import Editor

Mode = Literal["oidc", "password", "local"]
_SESSION_EDITOR = "_auth_editor"
_FAILURES = "_auth_failures"
# seconds to wait after the nth failed password in a session: 1, 2, 4, ... up to this
MAX_DELAY_SECONDS = 16


def _secrets() -> Mapping[str, object]:
    try:
        return {key: st.secrets[key] for key in st.secrets}
    except Exception:  # no secrets file at all: a local run
        return {}


def _realize_secrets() -> Mapping[str, object]:
    section = _secrets().get("realize", {})
    return section if isinstance(section, Mapping) else {}


def editor_password() -> str | None:
    password = _realize_secrets().get("editor_password") or environment.editor_password()
    return str(password) if password else None


def editors_list() -> frozenset[str]:
    """The emails of editors under single sign-on, lower-cased."""
    listed = _realize_secrets().get("editors") or environment.editors()
    if isinstance(listed, str):
        listed = listed.split(",")
    return frozenset(str(email).strip().casefold() for email in listed if str(email).strip())


def mode() -> Mode:
    if "auth" in _secrets():
        return "oidc"
    if editor_password():
        return "password"
    return "local"


def is_editor_email(email: object, editors: frozenset[str]) -> bool:
    return isinstance(email, str) and email.strip().casefold() in editors


def password_matches(typed: str, expected: str) -> bool:
    """A constant-time comparison, so the time taken says nothing about the password."""
    return hmac.compare_digest(typed.encode(), expected.encode())


def failure_delay(failures: int) -> float:
    """How long to wait after this many failed passwords in a session."""
    return 0.0 if failures <= 0 else float(min(2 ** (failures - 1), MAX_DELAY_SECONDS))


def can_edit() -> bool:
    """Whether this session may see the Data page and edit controls (a local run always may)."""
    return mode() == "local" or current_editor() is not None


def current_editor() -> Editor | None:
    """The editor using this session, or None for a viewer (local runs: see `local_editor`)."""
    current = mode()
    if current == "oidc":
        user = st.user
        if user.get("is_logged_in") and is_editor_email(user.get("email"), editors_list()):
            return Editor(str(user.get("name") or user.get("email")), "oidc")
        return None
    if current == "password":
        return st.session_state.get(_SESSION_EDITOR)
    return local_editor()


def local_editor() -> Editor | None:
    """In a local run everyone edits; the person's name for the ledger is asked once and kept for the session.

    Until it is given there is no editor: the machine's account (often "root" on a server) names nobody.
    """
    if mode() != "local":
        return None
    remembered = str(st.session_state.get("editor_name", ""))
    return Editor(remembered, "local") if remembered.strip() else None


def name_input() -> None:
    """Local runs: who is making changes, for the history (sign-in modes know it already)."""
    if mode() != "local":
        return
    remembered = str(st.session_state.get("editor_name", ""))
    typed = st.text_input(
        "Your name, recorded in the history",
        value=remembered,
        key="editor_name_input",
        placeholder="Type your name to make changes",
        help="Asked once per session: every upload, revert and action you record carries it.",
    )
    st.session_state["editor_name"] = typed.strip()


def sidebar() -> None:
    """Who this session is, and the way to become an editor."""
    current = mode()
    area = st.sidebar
    if current == "local":
        area.caption(
            ":material/lock_open: **Local mode**: anyone who opens this app can change its data. "
            "Set an editor password or single sign-on before sharing it (README, Sharing with sponsors)."
        )
    elif current == "password":
        _password_sidebar(area)
    else:
        _oidc_sidebar(area)


def _password_sidebar(area: st.delta_generator.DeltaGenerator) -> None:
    editor = st.session_state.get(_SESSION_EDITOR)
    if editor is not None:
        area.caption(f":material/edit: Signed in as editor **{editor.name}**.")
        if area.button("Sign out", key="auth_sign_out", icon=":material/logout:"):
            st.session_state.pop(_SESSION_EDITOR, None)
            st.rerun()
        return
    with area.expander("Editor sign-in", icon=":material/key:"):
        with st.form("editor_sign_in", clear_on_submit=True):
            name = st.text_input("Your name", key="auth_name")
            typed = st.text_input("Editor password", type="password", key="auth_password")
            submitted = st.form_submit_button("Sign in")
        if submitted:
            _try_password(name.strip(), typed)
        for message in st.session_state.pop("_auth_messages", []):
            st.error(message)


def _try_password(name: str, typed: str) -> None:
    expected = editor_password()
    failures = int(st.session_state.get(_FAILURES, 0))
    time.sleep(failure_delay(failures))
    if expected and typed and password_matches(typed, expected) and name:
        st.session_state[_SESSION_EDITOR] = Editor(name, "password")
        st.session_state[_FAILURES] = 0
        st.rerun()
    if not name:
        st.session_state["_auth_messages"] = ["Enter your name too: it goes into the history of what you change."]
        return
    st.session_state[_FAILURES] = failures + 1
    st.session_state["_auth_messages"] = [
        f"That is not the editor password. Wait {failure_delay(failures + 1):.0f} s before the next try."
    ]


def _oidc_sidebar(area: st.delta_generator.DeltaGenerator) -> None:
    user = st.user
    if not user.get("is_logged_in"):
        return
    role = "editor" if current_editor() else "viewer"
    area.caption(f":material/account_circle: Signed in as **{user.get('email')}** ({role}).")
    if area.button("Sign out", key="auth_sign_out", icon=":material/logout:"):
        st.logout()


def require_sign_in() -> None:
    """Under single sign-on nobody sees the portfolio before signing in."""
    if mode() != "oidc" or st.user.get("is_logged_in"):
        return
    st.title("Realize")
    st.write("Sign in with your organisation's account to see the portfolio.")
    st.button("Sign in", on_click=st.login, type="primary", icon=":material/login:")
    st.stop()
