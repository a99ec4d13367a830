"""Shared parts of drivers/peripherals for sensors without a clock on the wire (private)."""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..timestamps import RateTimeline
from ._base import DriverOutput, PacketGrid, SensorDriver

Rows = tuple[np.ndarray, np.ndarray]  # acc (n,3) g, gyro (n,3) deg/s


class RateBasedDriver(SensorDriver):
    """Times from :class:`~imu.timestamps.RateTimeline` (configured rate, host-disciplined)."""

    def __init__(self, rate_hz: float) -> None:
        super().__init__(rate_hz)
        self._timeline: RateTimeline[Rows] | None = None
        self._accepting = False  # samples before the rate is configured are at an unknown rate

    def on_connected(self) -> None:
        self._accepting = False

    def _start_timeline(self, rate_hz: float) -> None:
        if self._timeline is None or abs(self._timeline.nominal_period_s * rate_hz - 1) > 1e-9:
            self._timeline = RateTimeline(rate_hz)
        self.actual_rate_hz = float(rate_hz)
        self._accepting = True

    def _push(self, acc: np.ndarray, gyro: np.ndarray, arrival_s: float) -> list[DriverOutput]:
        if not self._accepting or self._timeline is None:
            return []
        chunks = self._timeline.push((acc, gyro), len(acc), arrival_s)
        return [DriverOutput(c.t, c.payload[0], c.payload[1], c.lost_before) for c in chunks]

    def on_link_lost(self) -> list[DriverOutput]:
        super().on_link_lost()
        if self._timeline is None:
            return []
        return [DriverOutput(c.t, c.payload[0], c.payload[1], c.lost_before)
                for c in self._timeline.mark_link_gap()]


class SingleSamplePeripheral:
    """Device side for one-sample-per-notification sensors (WitMotion, Thingy)."""

    notify_uuid: str
    keep_sampling_when_disconnected: bool = True

    def __init__(self) -> None:
        self.rate_hz = 10.0
        self._grid: PacketGrid | None = None
        self._first_origin: float | None = None
        self._subscribed = False
        self._now = 0.0

    @property
    def grid_origin_s(self) -> float | None:
        return self._first_origin

    def _start_grid(self, now_s: float, *, rate_changed: bool = False) -> None:
        """(Re)start sampling. A rate change also restarts the replay (see SimulatedDevice)."""
        origin = now_s + 1.0 / self.rate_hz
        if self._first_origin is not None and not rate_changed:
            # the IMU's sample clock kept running: restart on the same phase
            k = np.ceil((now_s - self._first_origin) * self.rate_hz + 1e-9)
            origin = self._first_origin + k / self.rate_hz
        self._grid = PacketGrid(self.rate_hz, origin)
        if self._first_origin is None or rate_changed:
            self._first_origin = self._grid.origin_s

    def on_connect(self, now_s: float) -> None:
        self._now = now_s

    def on_link_down(self, now_s: float) -> None:
        self._subscribed = False
        if not self.keep_sampling_when_disconnected:
            self._grid = None

    def on_subscribe(self, char_uuid: str, now_s: float) -> list[tuple[str, bytes]]:
        if char_uuid == self.notify_uuid:
            self._subscribed = True
            if self._grid is None:
                self._start_grid(now_s)
        return []

    def next_due_s(self) -> float | None:
        return None if self._grid is None else self._grid.due_s()

    def encode(self, acc: np.ndarray, gyro: np.ndarray) -> bytes:
        raise NotImplementedError

    def produce(
        self, until_s: float, values: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
    ) -> list[tuple[float, str, bytes]]:
        if self._grid is None:
            return []
        rows = self._grid.take_rows(until_s, values)
        return [(float(ts[-1]), self.notify_uuid, self.encode(acc[0], gyro[0])) for ts, acc, gyro in rows]
