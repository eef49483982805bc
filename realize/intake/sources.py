"""An uploaded file as the readers take it: its name and its bytes (light, so that reading can start early)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

EXCEL_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class SourceFile:
    """One uploaded file: its name as the user chose it and its bytes."""

    name: str
    content: bytes

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()

    @property
    def is_workbook(self) -> bool:
        return self.suffix in EXCEL_SUFFIXES
