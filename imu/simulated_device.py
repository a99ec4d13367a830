"""Simulated BLE IMUs: replay sample arrays as a real sensor of a given protocol would send them.

A :class:`SimulatedDevice` is the protocol-independent engine: a sensor clock, the replay of a
:class:`SampleSource` (t in s, acc in g, gyro in deg/s, sensor frame), link state, injected link
loss and BLE-like delivery bursts. The protocol personality (GATT table, answers to
configuration writes, packet encoding, sequence counters, sensor timestamps) is a
:class:`Peripheral` from :mod:`imu.devices` (one per protocol, next to that protocol's driver).

Time model
----------
* *host time* ``h``: ``(time.monotonic() - start) * speed`` — real time sped up by ``speed``.
* *sensor time* ``s = h * (1 + clock_drift)``: the device's own crystal; sample grids and sensor
  timestamps use it, so ``clock_drift=0.01`` makes a "100 Hz" sensor deliver 101 samples per
  host second (what the timestamp reconstruction must correct).
* The replay is anchored when streaming first starts: device sample at sensor time ``s`` carries
  the source value at ``source.t[0] + (s - anchor)`` (linear interpolation), so a source sampled
  at the configured rate is reproduced exactly.

While the link is down (:meth:`SimulatedDevice.drop_link`) the device keeps sampling and
counting; those packets are lost, as on a real device.

Usage::

    dev = make_simulated_device("repsense", t, acc, gyro, speed=10.0)
    transport = SimulatedTransport(dev)        # or serve it on the fake BlueZ (tests/fakebluez)
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from dataclasses import dataclass
from typing import Callable, Protocol, Sequence

import numpy as np

__all__ = [
    "GattCharacteristic",
    "GattService",
    "GattWriteRejected",
    "SampleSource",
    "Peripheral",
    "SimulatedDevice",
    "make_simulated_device",
]

_LOG = logging.getLogger(__name__)

NotifySink = Callable[[str, bytes], None]


@dataclass(frozen=True)
class GattCharacteristic:
    """uuid: full 128-bit, lower case. flags: BlueZ flags ('read', 'write', 'notify', ...)."""

    uuid: str
    flags: tuple[str, ...]


@dataclass(frozen=True)
class GattService:
    uuid: str
    characteristics: tuple[GattCharacteristic, ...]


class GattWriteRejected(Exception):
    """A peripheral refused a write (ATT 'write not permitted' on a real device)."""


class SampleSource:
    """Sample arrays to replay. t: (N,) s strictly increasing; acc: (N, 3) g; gyro: (N, 3) deg/s."""

    def __init__(self, t: np.ndarray, acc: np.ndarray, gyro: np.ndarray) -> None:
        self.t = np.asarray(t, dtype=float)
        self.acc = np.asarray(acc, dtype=float).reshape(-1, 3)
        self.gyro = np.asarray(gyro, dtype=float).reshape(-1, 3)
        if not (len(self.t) == len(self.acc) == len(self.gyro)) or len(self.t) < 2:
            raise ValueError("t, acc, gyro must have the same length N >= 2 (acc/gyro shape (N, 3))")
        if np.any(np.diff(self.t) <= 0):
            raise ValueError("t must be strictly increasing")

    @property
    def duration_s(self) -> float:
        return float(self.t[-1] - self.t[0])

    def at(self, rel_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Values at times ``rel_s`` (s after the first source sample): (acc (n,3), gyro (n,3))."""
        tt = self.t[0] + np.asarray(rel_s, dtype=float)
        # snap times within 1 us of a source sample onto it (exact replay at the source rate)
        idx = np.clip(np.searchsorted(self.t, tt), 0, len(self.t) - 1)
        acc = np.column_stack([np.interp(tt, self.t, self.acc[:, i]) for i in range(3)])
        gyro = np.column_stack([np.interp(tt, self.t, self.gyro[:, i]) for i in range(3)])
        close = np.abs(self.t[idx] - tt) < 1e-6
        acc[close] = self.acc[idx[close]]
        gyro[close] = self.gyro[idx[close]]
        return acc, gyro


class Peripheral(Protocol):
    """A protocol personality (device side). Implemented in ``imu/devices/<kind>.py``.

    Times are sensor seconds since the device powered on. ``produce`` returns the packets whose
    last sample lies at or before ``until_s`` (as ``(due_s, char_uuid, payload)``) and advances
    the device's counters whether or not the packets can be sent.
    """

    kind: str
    default_name: str
    advertised_service_uuids: tuple[str, ...]
    gatt: tuple[GattService, ...]

    def on_connect(self, now_s: float) -> None: ...

    def on_link_down(self, now_s: float) -> None: ...

    def on_write(self, char_uuid: str, data: bytes, now_s: float) -> list[tuple[str, bytes]]: ...

    def on_subscribe(self, char_uuid: str, now_s: float) -> list[tuple[str, bytes]]: ...

    def next_due_s(self) -> float | None: ...

    @property
    def grid_origin_s(self) -> float | None:
        """Sensor time of the first sample of the first stream (None before streaming)."""

    def produce(
        self, until_s: float, values: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
    ) -> list[tuple[float, str, bytes]]: ...


class SimulatedDevice:
    """Replays a :class:`SampleSource` through a :class:`Peripheral` (see module docstring).

    Parameters
    ----------
    peripheral : protocol personality.
    source : what the sensor "measures".
    address, name, rssi : what it advertises (rssi in dBm).
    speed : replay speed factor (1 = real time).
    clock_drift : relative error of the sensor crystal (0.01 = 1 % fast).
    conn_interval_s : sensor-time quantum of delivery (BLE connection interval); 0 = immediate.
    stalls : (start_s, duration_s) intervals in source time during which delivery is held back
        and then released in one burst (radio congestion).
    link_losses : (at_s, outage_s) in source time: drop the link at ``at_s`` and refuse
        reconnection for ``outage_s`` host seconds.
    loop : restart the source when it ends (demo); else the device stops streaming.
    """

    def __init__(
        self,
        peripheral: Peripheral,
        source: SampleSource,
        *,
        address: str = "C0:FF:EE:00:00:01",
        name: str | None = None,
        rssi: int = -55,
        speed: float = 1.0,
        clock_drift: float = 0.0,
        conn_interval_s: float = 0.0,
        stalls: Sequence[tuple[float, float]] = (),
        link_losses: Sequence[tuple[float, float]] = (),
        loop: bool = False,
    ) -> None:
        if speed <= 0:
            raise ValueError("speed must be > 0")
        self.peripheral = peripheral
        self.source = source
        self.address = address.upper()
        self.name = name if name is not None else peripheral.default_name
        self.rssi = rssi
        self.speed = float(speed)
        self.clock_drift = float(clock_drift)
        self.conn_interval_s = float(conn_interval_s)
        self.stalls = tuple(stalls)
        self.link_losses = sorted(link_losses)
        self.loop = loop
        self._mono0 = time.monotonic()
        self._link_up = False
        self._unreachable_until_h = -math.inf
        self._sink: NotifySink | None = None
        self._on_lost: Callable[[], None] | None = None
        self._subscribed: set[str] = set()
        self._anchor_s: float | None = None
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._held: list[tuple[float, str, bytes]] = []
        self.finished = asyncio.Event()
        #: counters for tests: packets produced / sent / lost while the link was down
        self.packets_sent = 0
        self.packets_lost = 0

    # --- clocks ---------------------------------------------------------------------------
    @property
    def advertised_service_uuids(self) -> tuple[str, ...]:
        return self.peripheral.advertised_service_uuids

    @property
    def gatt(self) -> tuple[GattService, ...]:
        return self.peripheral.gatt

    def sensor_clock_s(self) -> float:
        """Host time (s) scaled by ``speed`` — the reference clock of a replay."""
        return (time.monotonic() - self._mono0) * self.speed

    def _sensor_now(self) -> float:
        return self.sensor_clock_s() * (1.0 + self.clock_drift)

    def source_time_s(self, sensor_s: float) -> float | None:
        """Source-relative time (s after source.t[0]) of a sensor time, None before streaming."""
        return None if self._anchor_s is None else sensor_s - self._anchor_s

    @property
    def anchor_s(self) -> float | None:
        """Sensor time at which the replay started (first streaming)."""
        return self._anchor_s

    # --- host side ------------------------------------------------------------------------
    @property
    def link_up(self) -> bool:
        return self._link_up

    @property
    def advertising(self) -> bool:
        """True when the device can be found and connected to."""
        return not self._link_up and self.sensor_clock_s() >= self._unreachable_until_h

    async def connect(self, sink: NotifySink, on_lost: Callable[[], None]) -> bool:
        """Accept a connection unless in an injected outage. Returns False when unreachable."""
        await asyncio.sleep(0)
        if self.sensor_clock_s() < self._unreachable_until_h:
            return False
        self._sink, self._on_lost = sink, on_lost
        self._link_up = True
        self._subscribed.clear()
        self.peripheral.on_connect(self._sensor_now())
        self._ensure_task()
        return True

    async def disconnect(self) -> None:
        """Host-initiated disconnect."""
        if self._link_up:
            self._link_up = False
            self._subscribed.clear()
            self.peripheral.on_link_down(self._sensor_now())
        await asyncio.sleep(0)

    def write(self, char_uuid: str, data: bytes) -> None:
        """A GATT write; answers (indications) are delivered from the event loop afterwards."""
        replies = self.peripheral.on_write(char_uuid.lower(), bytes(data), self._sensor_now())
        self._deliver_later(replies)
        self._wake.set()

    def set_notify(self, char_uuid: str, enabled: bool) -> None:
        char_uuid = char_uuid.lower()
        if enabled:
            self._subscribed.add(char_uuid)
            self._deliver_later(self.peripheral.on_subscribe(char_uuid, self._sensor_now()))
        else:
            self._subscribed.discard(char_uuid)
        self._wake.set()

    def _deliver_later(self, replies: list[tuple[str, bytes]]) -> None:
        if replies:
            asyncio.get_running_loop().call_soon(self._deliver, list(replies))

    def _deliver(self, items: list[tuple[str, bytes]]) -> None:
        for uuid, payload in items:
            if self._link_up and uuid in self._subscribed and self._sink is not None:
                self._sink(uuid, payload)

    def drop_link(self, outage_s: float) -> None:
        """Lose the link now and stay unreachable for ``outage_s`` host seconds."""
        self._unreachable_until_h = self.sensor_clock_s() + outage_s
        if not self._link_up:
            return
        self._link_up = False
        self._subscribed.clear()
        self._held.clear()
        self.peripheral.on_link_down(self._sensor_now())
        _LOG.debug("%s: link dropped for %.3f s", self.address, outage_s)
        if self._on_lost is not None:
            self._on_lost()

    async def close(self) -> None:
        """Stop the replay task."""
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    # --- replay engine --------------------------------------------------------------------
    def _ensure_task(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())

    def _values(self, sensor_times: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        assert self._anchor_s is not None
        rel = np.asarray(sensor_times, dtype=float) - self._anchor_s
        if self.loop:
            period = self.source.duration_s + float(np.median(np.diff(self.source.t)))
            rel = np.mod(rel, period)
        return self.source.at(rel)

    def _stalled(self, sensor_s: float) -> float | None:
        """End (sensor time) of the stall covering ``sensor_s``, if any."""
        rel = self.source_time_s(sensor_s)
        if rel is None:
            return None
        for start, dur in self.stalls:
            if start <= rel < start + dur:
                return sensor_s + (start + dur - rel)
        return None

    async def _run(self) -> None:
        emitted_since_yield = 0
        while True:
            now = self._sensor_now()
            if self.peripheral.grid_origin_s is not None:
                # the peripheral says where the replay starts (it moves it when the first
                # configuration changes the rate, so the source is replayed from its start)
                self._anchor_s = self.peripheral.grid_origin_s
            # injected link losses (source time)
            if self._anchor_s is not None and self.link_losses:
                at, outage = self.link_losses[0]
                if now - self._anchor_s >= at:
                    self.link_losses.pop(0)
                    self.drop_link(outage)
                    continue
            due = self._next_due()
            if due is not None and due <= now:
                assert self._anchor_s is not None
                until = now if self.loop else min(now, self._anchor_s + self.source.duration_s + 1e-9)
                for pkt in self.peripheral.produce(until, self._values):
                    if self._link_up:
                        self._held.append(pkt)
                    else:
                        self.packets_lost += 1
            # release held packets (connection interval, stalls)
            if self._held and self._release_time() <= now:
                batch, self._held = self._held, []
                for _due, uuid, payload in batch:
                    if self._link_up and uuid in self._subscribed and self._sink is not None:
                        self._sink(uuid, payload)
                        self.packets_sent += 1
                        emitted_since_yield += 1
                        if emitted_since_yield >= 20:  # let the bus writer drain (EAGAIN pitfall)
                            emitted_since_yield = 0
                            await asyncio.sleep(0)
            # sleep until the next thing to do (or a write/subscription wakes us)
            nxt = [t for t in (self._next_due(),) if t is not None]
            if self._held:
                nxt.append(self._release_time())
            if self.link_losses and self._anchor_s is not None:
                nxt.append(self._anchor_s + self.link_losses[0][0])
            self._wake.clear()
            if not nxt:
                await self._wake.wait()
                continue
            wait_s = (min(nxt) - self._sensor_now()) / (self.speed * (1.0 + self.clock_drift))
            if wait_s > 0:
                try:
                    await asyncio.wait_for(self._wake.wait(), timeout=wait_s)
                except asyncio.TimeoutError:
                    pass
            else:
                await asyncio.sleep(0)

    def _next_due(self) -> float | None:
        """Sensor time of the next packet, None when not streaming or the source has ended."""
        due = self.peripheral.next_due_s()
        if due is None:
            return None
        if self.peripheral.grid_origin_s is not None:
            self._anchor_s = self.peripheral.grid_origin_s
        if not self.loop and self._anchor_s is not None:
            if due - self._anchor_s > self.source.duration_s + 1e-9:
                self.finished.set()
                return None
        return due

    def _release_time(self) -> float:
        if not self._held:
            return math.inf
        t = min(p[0] for p in self._held)  # the next connection event after the oldest
        stall_end = self._stalled(t)
        if stall_end is not None:
            t = stall_end
        if self.conn_interval_s > 0:
            t = math.ceil(t / self.conn_interval_s - 1e-9) * self.conn_interval_s
        return t


def make_simulated_device(
    kind: str,
    t: np.ndarray,
    acc: np.ndarray,
    gyro: np.ndarray,
    **kwargs: object,
) -> SimulatedDevice:
    """A :class:`SimulatedDevice` of ``kind`` (a :class:`imu.devices.SensorKind` value) replaying
    ``t`` (s), ``acc`` (g), ``gyro`` (deg/s). Keyword arguments go to :class:`SimulatedDevice`,
    except ``peripheral_options`` (a dict) which goes to the peripheral's constructor."""
    from .devices import peripheral_for

    opts = kwargs.pop("peripheral_options", None) or {}
    periph = peripheral_for(kind, **opts)  # type: ignore[arg-type]
    return SimulatedDevice(periph, SampleSource(t, acc, gyro), **kwargs)  # type: ignore[arg-type]
