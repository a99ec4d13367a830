"""BLE discovery of supported sensors (bleak). See :func:`scan`."""

from __future__ import annotations

from .scanner import FoundSensor, scan

__all__ = ["FoundSensor", "scan"]
