"""Figures the fault tests measure (reconnect times, longest GUI stalls), printed in the run's summary."""

from __future__ import annotations

FIGURES: dict[str, str] = {}


def measured(name: str, value: float, unit: str) -> None:
    FIGURES[name] = f"{value:,.1f} {unit}" if isinstance(value, float) else f"{value:,} {unit}"
