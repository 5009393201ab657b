"""How much of a submission's own output a result may carry: per field, and in all.

Used twice on purpose: grading caps what a result shows, and the service's store
caps what it keeps, each with its own numbers, so neither relies on the other.
"""

from __future__ import annotations

import json
from typing import Any


class OutputBudget:
    """The bytes a result may still carry; each field also has its own cap."""

    def __init__(self, total: int):
        self.left = total

    def text(self, text: str | None, cap: int) -> str | None:
        """The text, or as much as fits followed by "… [truncated N bytes]"."""
        if text is None:
            return None
        data = text.encode("utf-8", "replace")
        room = max(min(cap, self.left), 0)
        if len(data) <= room:
            self.left -= len(data)
            return data.decode("utf-8")
        kept = data[:room].decode("utf-8", "ignore")  # no half characters
        size = len(kept.encode("utf-8"))
        self.left -= size
        return f"{kept}… [truncated {len(data) - size} bytes]"

    def value(self, value: Any, cap: int, fate: str) -> Any:
        """The value, or "<output of N bytes not {fate}>" when its JSON does not fit."""
        if value is None:
            return None
        size = len(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8", "replace"))
        if size > min(cap, self.left):
            return f"<output of {size} bytes not {fate}>"
        self.left -= size
        return value
