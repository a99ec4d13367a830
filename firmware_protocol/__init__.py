"""Sans-IO codecs for the IMU firmwares repsense talks to: bytes in, typed samples/replies out.

No module here does I/O, imports asyncio or bleak: the device layer (:mod:`imu`) moves the bytes.

Shared sample type
------------------
:class:`ImuSample` (frozen, slotted, keyword-only) is what every decoder yields:

- ``t_s``: sensor time in s, monotonic; ``None`` when the protocol has no timestamp (WitMotion).
- ``acc_g``: (x, y, z) specific force in g, sensor frame, or ``None``.
- ``gyro_dps``: (x, y, z) angular rate in deg/s, sensor frame, or ``None``.
- ``seq``: the carrying frame's sequence number where the protocol has one, else ``None``.

Malformed input always raises :class:`ProtocolError` (a ``ValueError``) or a subclass of it.

Codec modules (import them by name, e.g. ``from firmware_protocol import repsense_stream``):

- :mod:`firmware_protocol.repsense_stream` — repsense's own protocol (spec: docs/protocol.md)
- :mod:`firmware_protocol.witmotion` — WitMotion BLE 5.0 (WT901BLECL, BWT901BLECL5.0, WT9011DCL)
- :mod:`firmware_protocol.polar_pmd` — Polar Measurement Data (H10, Verity Sense)
- :mod:`firmware_protocol.thingy52` — Nordic Thingy:52 motion service
"""

from __future__ import annotations

from . import polar_pmd, repsense_stream, thingy52, witmotion
from ._common import ImuSample
from .errors import ProtocolError
from .polar_pmd import PmdDecoder
from .repsense_stream import RepsenseStreamDecoder, StreamConfig
from .thingy52 import Thingy52Decoder
from .witmotion import WitmotionDecoder

__all__ = [
    "ImuSample",
    "PmdDecoder",
    "ProtocolError",
    "RepsenseStreamDecoder",
    "StreamConfig",
    "Thingy52Decoder",
    "WitmotionDecoder",
    "polar_pmd",
    "repsense_stream",
    "thingy52",
    "witmotion",
]
