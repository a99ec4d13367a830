"""Live sample stream from a BLE IMU: connect, identify, configure, stream, survive link loss.

Usage::

    from imu.sensor_stream import open_sensor_stream
    from imu.stream_types import LinkEvent, SampleBlock

    async with open_sensor_stream("C0:FF:EE:00:00:01", rate_hz=100) as stream:
        async for item in stream:              # SampleBlock | LinkEvent, until cancelled
            if isinstance(item, SampleBlock):   # item.t (N,) s, item.acc (N,3) g, item.gyro (N,3) deg/s
                ...
            else:                               # LinkEvent('lost' | 'restored', missing_samples)
                ...
        stream.kind, stream.actual_rate_hz, stream.has_gyro   # known after the first block
        stream.decode_errors      # malformed notifications skipped so far (also on each block)

    # find sensors first:  from imu.ble import scan;  sensors = await scan(5.0)
    # then:                open_sensor_stream(sensors[0], rate_hz=200)

    # demo without Bluetooth (replay arrays t (s), acc (g), gyro (deg/s) at 10x):
    from imu.simulated_device import make_simulated_device
    from imu.transport import SimulatedTransport
    dev = make_simulated_device("repsense", t, acc, gyro, speed=10.0, loop=True)
    stream = open_sensor_stream(dev.address, rate_hz=100,
                                transport_factory=lambda _d: SimulatedTransport(dev))

Behaviour
---------
* ``device``: a :class:`~imu.ble.FoundSensor` (kind known), or an address / advertised name
  (the kind is identified from the GATT services and name after connecting).
* The first connection is tried ``initial_attempts`` times; if all fail the error is raised
  (wrong address, sensor off). After that, a lost link never raises: the stream yields
  ``LinkEvent('lost')``, reconnects with exponential backoff (``backoff_s`` .. ``max_backoff_s``,
  forever), re-configures and re-subscribes, and yields ``LinkEvent('restored',
  missing_samples=N)`` just before the first block after the reconnection, N being computed
  from the sensor's clock / sequence numbers (counter-less sensors: from arrival times).
* Times are reconstructed sensor time (:mod:`imu.timestamps`), 0.0 at the first sample,
  strictly increasing across blocks and reconnections.
* Cancelling the consuming task (or leaving ``async with``) disconnects cleanly.
* Polar H10 has no gyroscope: it is refused (:class:`~imu.devices.UnsupportedSensorError`)
  unless ``allow_missing_gyro=True``, in which case gyro is 0.0 and ``stream.has_gyro`` is False
  (write that into the recording's metadata; gyro-based analysis is then meaningless).
* Malformed notifications are skipped by the driver and counted: ``stream.decode_errors`` is
  the running total over the whole stream (all reconnections), and every
  :class:`~imu.stream_types.SampleBlock` carries the total at the time it was made.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, AsyncIterator, Callable, Union

import numpy as np

from .ble.scanner import FoundSensor
from .devices import (
    DriverOutput,
    SensorDriver,
    SensorKind,
    UnsupportedSensorError,
    driver_for,
    identify,
)
from .stream_types import LinkEvent, SampleBlock
from .transport import BleakTransport, Transport

__all__ = ["open_sensor_stream", "SensorStream", "StreamItem", "default_transport_factory"]

_LOG = logging.getLogger(__name__)

StreamItem = Union[SampleBlock, LinkEvent]
TransportFactory = Callable[[Union[str, FoundSensor]], Transport]


def default_transport_factory(device: Union[str, FoundSensor]) -> Transport:
    """A :class:`~imu.transport.BleakTransport` (reuses a scan's ``BLEDevice`` when given one)."""
    if isinstance(device, FoundSensor):
        return BleakTransport(device.ble_device if device.ble_device is not None else device.address)
    return BleakTransport(device)


class _Lost:
    def __init__(self, generation: int) -> None:
        self.generation = generation


def open_sensor_stream(
    device: Union[str, FoundSensor],
    *,
    rate_hz: float = 100.0,
    transport_factory: TransportFactory = default_transport_factory,
    kind: SensorKind | str | None = None,
    allow_missing_gyro: bool = False,
    initial_attempts: int = 3,
    backoff_s: float = 0.2,
    max_backoff_s: float = 5.0,
    connect_timeout_s: float = 10.0,
    host_clock: Callable[[], float] | None = None,
    driver_options: dict[str, Any] | None = None,
) -> "SensorStream":
    """Open a stream (see the module docstring). Nothing happens until it is iterated.

    rate_hz: requested output rate (Hz); the device's nearest supported rate is used
    (``stream.actual_rate_hz``). kind: skip identification. host_clock: the reference clock
    (s) that counter-less sensors are disciplined against; default: the transport's
    (``time.monotonic``; a simulated transport's runs at the replay speed).
    """
    return SensorStream(
        device,
        rate_hz=rate_hz,
        transport_factory=transport_factory,
        kind=SensorKind(kind) if kind is not None else None,
        allow_missing_gyro=allow_missing_gyro,
        initial_attempts=initial_attempts,
        backoff_s=backoff_s,
        max_backoff_s=max_backoff_s,
        connect_timeout_s=connect_timeout_s,
        host_clock=host_clock,
        driver_options=driver_options or {},
    )


class SensorStream:
    """Async iterator of :data:`StreamItem`; also an async context manager. One iteration only."""

    def __init__(
        self,
        device: Union[str, FoundSensor],
        *,
        rate_hz: float,
        transport_factory: TransportFactory,
        kind: SensorKind | None,
        allow_missing_gyro: bool,
        initial_attempts: int,
        backoff_s: float,
        max_backoff_s: float,
        connect_timeout_s: float,
        host_clock: Callable[[], float] | None,
        driver_options: dict[str, Any],
    ) -> None:
        self.device = device
        self.rate_hz = rate_hz
        self.kind: SensorKind | None = kind or (device.kind if isinstance(device, FoundSensor) else None)
        self.allow_missing_gyro = allow_missing_gyro
        self.initial_attempts = max(1, initial_attempts)
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.connect_timeout_s = connect_timeout_s
        self._factory = transport_factory
        self._host_clock = host_clock
        self._driver_options = driver_options
        self.transport: Transport | None = None
        self.driver: SensorDriver | None = None
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._generation = 0
        self._iter: AsyncIterator[StreamItem] | None = None
        #: samples known lost, over the whole stream (link losses and in-link gaps)
        self.lost_samples_total = 0
        #: link losses so far
        self.link_losses = 0

    # --- public properties ------------------------------------------------------------------
    @property
    def actual_rate_hz(self) -> float | None:
        return None if self.driver is None else self.driver.actual_rate_hz

    @property
    def has_gyro(self) -> bool | None:
        return None if self.driver is None else self.driver.has_gyro

    @property
    def decode_errors(self) -> int:
        """Malformed notifications skipped so far (the driver's count; 0 before it exists)."""
        return 0 if self.driver is None else int(self.driver.decode_errors)

    # --- iteration --------------------------------------------------------------------------
    def __aiter__(self) -> AsyncIterator[StreamItem]:
        if self._iter is None:
            self._iter = self._run()
        return self._iter

    async def __anext__(self) -> StreamItem:
        return await self.__aiter__().__anext__()

    async def __aenter__(self) -> "SensorStream":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop streaming and disconnect."""
        if self._iter is not None:
            await self._iter.aclose()  # type: ignore[attr-defined]
        await self._disconnect()

    # --- internals --------------------------------------------------------------------------
    def _clock(self) -> float:
        if self._host_clock is not None:
            return self._host_clock()
        assert self.transport is not None
        return self.transport.clock()

    async def _disconnect(self) -> None:
        self._generation += 1  # ignore callbacks of the old link
        if self.transport is not None:
            self.transport.set_disconnected_callback(None)
            await self.transport.disconnect()

    async def _connect_once(self) -> None:
        """Connect, identify (first time), subscribe, configure. Raises on failure."""
        if self.transport is None:
            self.transport = self._factory(self.device)
        tr = self.transport
        self._generation += 1
        gen = self._generation
        tr.set_disconnected_callback(lambda: self._queue.put_nowait(_Lost(gen)))
        await tr.connect(timeout_s=self.connect_timeout_s)
        if self.driver is None:
            if self.kind is None:
                self.kind = identify(tr.name, tr.service_uuids())
                if self.kind is None:
                    await self._disconnect()
                    raise UnsupportedSensorError(
                        f"{tr.name or tr.address}", "not a supported sensor (unknown services)"
                    )
            self.driver = driver_for(
                self.kind, self.rate_hz, allow_missing_gyro=self.allow_missing_gyro, **self._driver_options
            ) if self.kind is SensorKind.POLAR_H10 else driver_for(self.kind, self.rate_hz, **self._driver_options)
        drv = self.driver
        drv.on_connected()
        for uuid in drv.notify_uuids:
            await tr.start_notify(uuid, self._make_callback(uuid, gen))
        await drv.configure(tr)

    def _make_callback(self, uuid: str, gen: int) -> Callable[[bytes], None]:
        def _cb(data: bytes) -> None:
            if gen != self._generation or self.driver is None:
                return
            for out in self.driver.on_notification(uuid, data, self._clock()):
                self._queue.put_nowait(out)

        return _cb

    async def _reconnect_forever(self) -> None:
        delay = self.backoff_s
        while True:
            try:
                await self._connect_once()
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - keep retrying whatever the link says
                _LOG.info("reconnect to %s failed (%r); retrying in %.2f s", self.device, exc, delay)
                try:
                    if self.transport is not None:
                        await self.transport.disconnect()
                except Exception:  # noqa: BLE001
                    pass
                await asyncio.sleep(delay)
                delay = min(self.max_backoff_s, delay * 2)

    async def _run(self) -> AsyncIterator[StreamItem]:
        last_t = 0.0
        restored_pending = False
        try:
            for attempt in range(self.initial_attempts):
                try:
                    await self._connect_once()
                    break
                except (UnsupportedSensorError, asyncio.CancelledError):
                    raise
                except Exception:
                    if attempt + 1 >= self.initial_attempts:
                        raise
                    if self.transport is not None:
                        await self.transport.disconnect()
                    await asyncio.sleep(self.backoff_s * 2**attempt)
            while True:
                item = await self._queue.get()
                if isinstance(item, _Lost):
                    if item.generation != self._generation:
                        continue
                    self.link_losses += 1
                    assert self.driver is not None
                    for out in self.driver.on_link_lost():
                        yield self._block(out, self.decode_errors)
                        last_t = float(out.t[-1])
                    if not restored_pending:  # a second loss before any data: still one outage
                        yield LinkEvent(t_s=last_t, state="lost", missing_samples=0)
                    await self._reconnect_forever()
                    restored_pending = True
                    continue
                out: DriverOutput = item
                if len(out.t) == 0:
                    continue
                self.lost_samples_total += out.lost_before
                if restored_pending:
                    restored_pending = False
                    yield LinkEvent(t_s=last_t, state="restored", missing_samples=out.lost_before)
                yield self._block(out, self.decode_errors)
                last_t = float(out.t[-1])
        finally:
            await self._disconnect()

    @staticmethod
    def _block(out: DriverOutput, decode_errors: int = 0) -> SampleBlock:
        return SampleBlock(
            t=np.asarray(out.t, float), acc=np.asarray(out.acc, float), gyro=np.asarray(out.gyro, float),
            decode_errors=decode_errors,
        )
