"""Driver interface shared by every protocol (private; import from :mod:`imu.devices`)."""

from __future__ import annotations

import abc
import asyncio
import logging
from dataclasses import dataclass, field
from enum import Enum
from typing import Callable, TYPE_CHECKING, ClassVar

import numpy as np

_log = logging.getLogger("repsense.sensor")

if TYPE_CHECKING:  # pragma: no cover
    from ..transport import Transport


class SensorKind(str, Enum):
    """Supported sensors. The value is what recordings write as ``# sensor:``."""

    REPSENSE = "repsense"  #: boards speaking the repsense stream protocol (docs/protocol.md)
    WITMOTION = "witmotion-wt901ble"  #: WitMotion BLE 5.0 (WT901BLECL, BWT901BLECL5.0, WT9011DCL)
    POLAR_SENSE = "polar-verity-sense"  #: Polar Verity Sense (acc + gyro, SDK mode)
    POLAR_H10 = "polar-h10"  #: Polar H10 chest strap (accelerometer only)
    THINGY52 = "thingy52"  #: Nordic Thingy:52 motion service


class UnsupportedSensorError(ValueError):
    """The sensor cannot provide what was asked (e.g. no gyroscope on a Polar H10)."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(f"{kind}: {reason}")
        self.kind = kind
        self.reason = reason


class ConfigurationError(RuntimeError):
    """The device refused or did not answer a configuration command."""


@dataclass(frozen=True)
class DriverOutput:
    """Decoded samples of one (or several) notifications.

    t: (N,) s, reconstructed sensor time (rebased to 0 at the stream's first sample).
    acc: (N, 3) g, sensor frame. gyro: (N, 3) deg/s, sensor frame.
    lost_before: samples known lost immediately before ``t[0]``.
    """

    t: np.ndarray
    acc: np.ndarray
    gyro: np.ndarray
    lost_before: int = 0


class ReplyWaiter:
    """Matches control-point replies to the command that is waiting for them."""

    def __init__(self) -> None:
        self._waiting: list[tuple[object, asyncio.Future[object]]] = []

    def expect(self, key: object) -> asyncio.Future[object]:
        fut: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        self._waiting.append((key, fut))
        return fut

    def deliver(self, key: object, reply: object) -> bool:
        for i, (k, fut) in enumerate(self._waiting):
            if k == key and not fut.done():
                fut.set_result(reply)
                del self._waiting[i]
                return True
        return False

    def cancel_all(self) -> None:
        for _k, fut in self._waiting:
            if not fut.done():
                fut.cancel()
        self._waiting.clear()


class SensorDriver(abc.ABC):
    """Host side of one protocol, on top of its :mod:`firmware_protocol` codec.

    Lifecycle (driven by :mod:`imu.sensor_stream`) for every (re)connection:
    ``on_connected()`` → ``start_notify(uuid, ...)`` for each of :attr:`notify_uuids`, routing
    bytes to :meth:`on_notification` → ``await configure(transport)``; on link loss
    ``on_link_lost()``. :meth:`on_notification` never raises on bad bytes: it drops them and
    counts them in :attr:`decode_errors` and logs a warning naming the packet (the first one and
    then every hundredth), so a stream of bad packets is never dropped silently.

    rate_hz: requested output rate (Hz); the driver picks the nearest the device supports and
    reports it in :attr:`actual_rate_hz` after :meth:`configure`.
    """

    kind: ClassVar[SensorKind]
    has_gyro: ClassVar[bool] = True

    def __init__(self, rate_hz: float) -> None:
        if rate_hz <= 0:
            raise ValueError("rate_hz must be > 0")
        self.rate_hz = float(rate_hz)
        self.actual_rate_hz = float(rate_hz)
        self.decode_errors = 0
        self._replies = ReplyWaiter()

    def _malformed(self, data: bytes, error: Exception) -> None:
        """Count (and report) a notification that did not decode."""
        self.decode_errors += 1
        if self.decode_errors == 1 or self.decode_errors % 100 == 0:
            _log.warning(
                "%s: malformed packet #%d skipped (%s): %s", self.kind.value, self.decode_errors, error, bytes(data).hex()
            )

    @property
    @abc.abstractmethod
    def notify_uuids(self) -> tuple[str, ...]:
        """Characteristics to subscribe to, in order, before :meth:`configure`."""

    @abc.abstractmethod
    async def configure(self, transport: "Transport") -> None:
        """Configuration writes (rate, ranges) and stream start. Raises ConfigurationError."""

    @abc.abstractmethod
    def on_notification(self, char_uuid: str, data: bytes, arrival_s: float) -> list[DriverOutput]:
        """Decode one notification that arrived at host reference time ``arrival_s`` (s)."""

    def on_connected(self) -> None:
        """A (re)connection: reset per-connection codec state (not the timeline)."""

    def on_link_lost(self) -> list[DriverOutput]:
        """The link dropped; returns samples still held back by the timeline, if any."""
        self._replies.cancel_all()
        return []

    async def _request(
        self, transport: "Transport", char_uuid: str, data: bytes, key: object, timeout_s: float = 3.0
    ) -> object:
        fut = self._replies.expect(key)
        await transport.write(char_uuid, data, response=True)
        try:
            return await asyncio.wait_for(fut, timeout_s)
        except asyncio.TimeoutError:
            raise ConfigurationError(f"{self.kind.value}: no reply to {data.hex(' ')}") from None


@dataclass
class PacketGrid:
    """Device-side sample grid for simulated peripherals: sample k at ``origin + k / rate``, or
    at ``origin + sample_times_s[k]`` when those are given (a recording's own sample times, s
    after its first: replayed as they were; none is due after the last).

    ``next_k`` counts every sample the device took since its stream started, sent or not.
    """

    rate_hz: float
    origin_s: float
    next_k: int = 0
    per_packet: int = 1
    _extra: dict[str, object] = field(default_factory=dict)
    sample_times_s: np.ndarray | None = None

    def _time(self, k: np.ndarray | int) -> np.ndarray | float:
        if self.sample_times_s is None:
            return self.origin_s + np.asarray(k) / self.rate_hz
        times = self.sample_times_s
        return self.origin_s + np.where(np.asarray(k) < len(times), times[np.minimum(k, len(times) - 1)], np.inf)

    def due_s(self) -> float:
        """Sensor time of the last sample of the next packet."""
        return float(self._time(self.next_k + self.per_packet - 1))

    def take_rows(
        self, until_s: float, values: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """``(sample times, acc g, gyro deg/s)`` of every packet complete at ``until_s``."""
        return [(ts, *values(ts)) for ts in self.take(until_s)]

    def take(self, until_s: float) -> list[np.ndarray]:
        """Sample-time arrays of every packet complete at ``until_s``."""
        out = []
        while self.due_s() <= until_s + 1e-12:
            ks = self.next_k + np.arange(self.per_packet)
            out.append(np.asarray(self._time(ks), dtype=float))
            self.next_k += self.per_packet
        return out
