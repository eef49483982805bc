"""Realize: prove that IT investments deliver value."""
