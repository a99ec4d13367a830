"""Where a live session's samples come from: a real sensor, or a recording replayed by a
simulated sensor over repsense's own BLE protocol (``--demo``).

Both return an async iterator of :class:`~imu.stream_types.SampleBlock` |
:class:`~imu.stream_types.LinkEvent` from :func:`imu.sensor_stream.open_sensor_stream`, so a
demo goes through the same decoding, timestamp reconstruction and reconnect logic as a real
session. Expected failures are turned into :class:`SourceError` / :class:`BluetoothUnavailable`
with a plain message.
"""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, AsyncIterator

import numpy as np

from imu.stream_types import LinkEvent, SampleBlock

#: Sensor kind the demo's simulated device speaks (repsense stream protocol).
DEMO_KIND = "repsense"
DEMO_ADDRESS = "C0:FF:EE:00:DE:00"
DEMO_NAME = "repsense-demo"


class SourceError(Exception):
    """The sensor cannot be reached or used (not found, refused, unsupported)."""


class BluetoothUnavailable(SourceError):
    """No usable Bluetooth adapter / BlueZ / D-Bus on this machine."""


@dataclass(frozen=True)
class FoundSensor:
    """A supported sensor seen in a scan. rssi in dBm (None if unknown)."""

    address: str
    name: str | None
    kind: str
    rssi: int | None


# ----------------------------------------------------------------------------------------------
# errors
# ----------------------------------------------------------------------------------------------
def _bluetooth_unavailable(exc: BaseException) -> BluetoothUnavailable | None:
    """Translate the ways bleak says 'no Bluetooth here' into one plain message (else None)."""
    from bleak.exc import BleakBluetoothNotAvailableError

    if isinstance(exc, BleakBluetoothNotAvailableError):
        return BluetoothUnavailable(f"Bluetooth is not available: {exc}")
    if isinstance(exc, FileNotFoundError):
        # dbus-fast raises this when there is no system bus socket
        return BluetoothUnavailable(
            "Bluetooth is not available: no D-Bus system bus (is BlueZ / bluetoothd running?)"
        )
    if "no bluetooth adapter" in str(exc).lower():  # older bleak/BlueZ wording
        return BluetoothUnavailable(f"Bluetooth is not available: {exc}")
    return None


def translate_error(exc: BaseException) -> SourceError | None:
    """A plain :class:`SourceError` for an expected failure of the device layer, else None."""
    if isinstance(exc, SourceError):
        return exc
    bt = _bluetooth_unavailable(exc)
    if bt is not None:
        return bt
    from bleak.exc import BleakError

    from imu.devices import ConfigurationError, UnsupportedSensorError
    from imu.transport import TransportError

    if isinstance(exc, (TransportError, UnsupportedSensorError, ConfigurationError)):
        return SourceError(str(exc))
    if isinstance(exc, BleakError):
        return SourceError(f"Bluetooth error: {exc}")
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
        return SourceError("timed out talking to the sensor")
    return None


# ----------------------------------------------------------------------------------------------
# scan
# ----------------------------------------------------------------------------------------------
async def scan_devices(timeout_s: float) -> list[FoundSensor]:
    """Supported sensors advertising nearby (strongest first). Raises BluetoothUnavailable."""
    from imu.ble import scan

    try:
        found = await scan(timeout_s)
    except Exception as e:
        err = translate_error(e)
        if err is None:
            raise
        raise err from None
    out = []
    for d in found:
        kind = getattr(d.kind, "value", d.kind)
        out.append(FoundSensor(str(d.address), d.name, str(kind), None if d.rssi is None else int(d.rssi)))
    out.sort(key=lambda d: -(d.rssi if d.rssi is not None else -1000))
    return out


# ----------------------------------------------------------------------------------------------
# streams
# ----------------------------------------------------------------------------------------------
class LiveSource:
    """An opened sensor stream (not yet iterated).

    items: async iterator of SampleBlock | LinkEvent (errors translated to SourceError); the
    source iterates as ``items`` and closes it with :meth:`aclose`, so a source can be handed to
    :meth:`~repsense.live_session.LiveSession.run` whole (which then also reads its final
    ``decode_errors``).
    sensor_kind / rate_hz: known once the first block has arrived (requested rate before).
    decode_errors: malformed notifications skipped so far (also after the last block).
    device: the simulated device in demo mode (else None).
    """

    def __init__(self, stream: Any, items: AsyncIterator[Any], requested_rate_hz: float,
                 device: Any = None) -> None:
        self.stream = stream
        self.items = items
        self.requested_rate_hz = requested_rate_hz
        self.device = device

    def __aiter__(self) -> AsyncIterator[Any]:
        return self.items

    async def aclose(self) -> None:
        aclose = getattr(self.items, "aclose", None)
        if aclose is not None:
            await aclose()

    @property
    def sensor_kind(self) -> str | None:
        kind = getattr(self.stream, "kind", None)
        return None if kind is None else str(getattr(kind, "value", kind))

    @property
    def rate_hz(self) -> float:
        r = getattr(self.stream, "actual_rate_hz", None)
        return float(r) if r else float(self.requested_rate_hz)

    @property
    def has_gyro(self) -> bool | None:
        return getattr(self.stream, "has_gyro", None)

    @property
    def decode_errors(self) -> int:
        """Malformed notifications the sensor driver skipped so far (0 if the stream can't say)."""
        n = getattr(self.stream, "decode_errors", None)
        return int(n) if isinstance(n, int) else 0


async def _translated(stream: Any) -> AsyncIterator[Any]:
    try:
        async for item in stream:
            yield item
    except Exception as e:
        err = translate_error(e)
        if err is None:
            raise
        raise err from None
    finally:
        await stream.aclose()


def open_device_stream(device: str, rate_hz: float) -> LiveSource:
    """Blocks and link events from a real sensor (address or advertised name), over bleak."""
    from imu.sensor_stream import open_sensor_stream

    stream = open_sensor_stream(device, rate_hz=rate_hz)
    return LiveSource(stream, _translated(stream), rate_hz)


def make_demo_device(
    t: np.ndarray, acc: np.ndarray, gyro: np.ndarray, *, speed: float = 1.0, **kwargs: Any
) -> Any:
    """A simulated repsense-protocol sensor replaying ``t`` (s), ``acc`` (g), ``gyro`` (deg/s).

    Extra keyword arguments go to :class:`imu.simulated_device.SimulatedDevice`
    (e.g. ``link_losses=[(at_s, outage_s)]`` in source time, ``conn_interval_s``).
    """
    from imu.simulated_device import make_simulated_device

    kwargs.setdefault("address", DEMO_ADDRESS)
    kwargs.setdefault("name", DEMO_NAME)
    # the recording's samples at their own times (a BLE recording is not evenly spaced): the
    # demo streams exactly what the file holds, so it reports what `repsense replay` does
    t = np.asarray(t, dtype=float)
    kwargs.setdefault("peripheral_options", {"sample_times_s": t - t[0]})
    return make_simulated_device(DEMO_KIND, t, acc, gyro, speed=speed, **kwargs)


def recording_rate_hz(t: np.ndarray) -> float:
    """Nominal sample rate (Hz) of a time vector: 1 / median interval."""
    dt = np.diff(np.asarray(t, dtype=float))
    dt = dt[dt > 0]
    return float(1.0 / np.median(dt)) if dt.size else 100.0


def open_demo_stream(
    recording: Any,
    speed: float = 1.0,
    rate_hz: float | None = None,
    device: Any = None,
    drain_s: float = 0.3,
    **device_kwargs: Any,
) -> LiveSource:
    """Replay ``recording`` (``t`` s, ``acc`` g, ``gyro`` deg/s) through a simulated
    repsense-protocol sensor, :class:`~imu.transport.SimulatedTransport` and the real
    :func:`~imu.sensor_stream.open_sensor_stream` (decoding, timestamps, reconnects); the
    items end when the recording has been played out.

    ``rate_hz``: the rate the simulated sensor is asked for (default: the recording's
    ``rate_hz`` metadata, else its median sample interval).
    Times are shifted back to the recording's own base (``recording.t[0]``), so the demo's
    events carry the same times as ``repsense replay`` of the file. ``device`` may be given
    (tests inject link losses through it); otherwise one is made with ``device_kwargs``.
    ``drain_s``: wall seconds to wait for the last notifications once the replay finished.
    """
    from imu.sensor_stream import open_sensor_stream
    from imu.transport import SimulatedTransport

    t = np.asarray(recording.t, dtype=float)
    if device is None:
        device = make_demo_device(t, recording.acc, recording.gyro, speed=speed, **device_kwargs)
    if rate_hz is None:
        try:
            rate_hz = float(getattr(recording, "metadata", {}).get("rate_hz"))
        except (TypeError, ValueError):
            rate_hz = float(round(recording_rate_hz(t)))
    rate = float(rate_hz)
    stream = open_sensor_stream(
        device.address, rate_hz=rate, transport_factory=lambda _d: SimulatedTransport(device),
        # reconnect attempts at the real-time pace of a real session, scaled to the replay
        backoff_s=0.2 / float(device.speed), max_backoff_s=5.0 / float(device.speed),
    )
    items = _until_finished(_translated(stream), device, float(t[0]), drain_s)
    return LiveSource(stream, items, rate, device=device)


async def _until_finished(
    stream: AsyncIterator[Any], device: Any, t_offset: float, drain_s: float
) -> AsyncIterator[Any]:
    """Items of ``stream`` until ``device.finished`` and nothing more arrives for ``drain_s``."""
    it = stream.__aiter__()
    fin = asyncio.ensure_future(device.finished.wait())
    nxt: asyncio.Future[Any] | None = None
    try:
        while True:
            nxt = asyncio.ensure_future(it.__anext__())
            if not fin.done():
                await asyncio.wait({nxt, fin}, return_when=asyncio.FIRST_COMPLETED)
            if not nxt.done():
                # the replay has finished: take what is still in flight, then stop
                done, _ = await asyncio.wait({nxt}, timeout=drain_s)
                if not done:
                    return
            try:
                item = nxt.result()
            except StopAsyncIteration:
                nxt = None
                return
            nxt = None
            yield _shift(item, t_offset)
    finally:
        fin.cancel()
        if nxt is not None and not nxt.done():
            nxt.cancel()
            try:
                await nxt
            except BaseException:  # noqa: BLE001 - cancelled / closed on the way out
                pass
        try:
            await it.aclose()  # type: ignore[attr-defined]
        except RuntimeError:  # pragma: no cover - already closed by the cancellation
            pass
        await device.close()


def _shift(item: Any, dt: float) -> Any:
    if dt == 0.0:
        return item
    if isinstance(item, SampleBlock):
        return dataclasses.replace(item, t=item.t + dt)
    if isinstance(item, LinkEvent):
        return dataclasses.replace(item, t_s=item.t_s + dt)
    return item


def find_default_demo_recording() -> Path | None:
    """The bundled demo recording: ./recordings, then ``recordings/`` next to the package."""
    here = Path(__file__).resolve().parent
    for d in (Path.cwd() / "recordings", here.parent / "recordings", here / "recordings"):
        if not d.is_dir():
            continue
        files = sorted(d.glob("*.csv"))
        if not files:
            continue
        for pref in ("demo", "pause_deadlift_bar", "pause"):
            for f in files:
                if f.name.startswith(pref):
                    return f
        return files[0]
    return None
