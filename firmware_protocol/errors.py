"""The one exception type every codec in :mod:`firmware_protocol` raises for malformed input."""

from __future__ import annotations


class ProtocolError(ValueError):
    """Bytes that do not follow the protocol (wrong length, header, checksum, field value, ...).

    ``packet`` holds the offending bytes (or ``None`` when not meaningful) so callers can log them.
    """

    def __init__(self, message: str, packet: bytes | None = None) -> None:
        super().__init__(message)
        self.packet = bytes(packet) if packet is not None else None
