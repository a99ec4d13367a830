"""Drivers + open_sensor_stream over SimulatedTransport (in-process, no D-Bus): fast checks of
what the fake-BlueZ tests do not cover (H10 policy, clock drift, delivery bursts, cancellation,
identification rules)."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from fakebluez.helpers import align, collect, concat, source_signal

from imu.devices import SensorKind, UnsupportedSensorError, identify
from imu.sensor_stream import open_sensor_stream
from imu.simulated_device import SampleSource, make_simulated_device
from imu.stream_types import SampleBlock
from imu.transport import SimulatedTransport


def _stream(dev, rate: float, **kw):
    return open_sensor_stream(dev.address, rate_hz=rate, transport_factory=lambda _d: SimulatedTransport(dev),
                              backoff_s=0.02, **kw)


def test_identify_rules() -> None:
    wit = "0000ffe5-0000-1000-8000-00805f9a34fb"
    pmd = "fb005c80-02e7-f387-1cad-8acd2d8df0c8"
    assert identify("WT901BLE68", [wit]) is SensorKind.WITMOTION
    assert identify("WT901BLE68", []) is SensorKind.WITMOTION
    assert identify("HC-08", [wit]) is None  # a generic UART module on ffe5 is not an IMU
    assert identify("Polar H10 1A2B3C4D", []) is SensorKind.POLAR_H10
    assert identify("Polar Sense 1A2B3C4D", [pmd]) is SensorKind.POLAR_SENSE
    assert identify("Polar OH1 1A2B", [pmd]) is None
    assert identify("Thingy", []) is SensorKind.THINGY52
    assert identify(None, ["72730001-5245-5053-454e-53452d494d55"]) is SensorKind.REPSENSE
    assert identify("Phone", ["0000180d-0000-1000-8000-00805f9b34fb"]) is None


async def test_h10_refused_without_opt_in() -> None:
    t, acc, gyro = source_signal(1.0, 50)
    dev = make_simulated_device("polar-h10", t, acc, gyro, speed=5.0)
    with pytest.raises(UnsupportedSensorError):
        async for _ in _stream(dev, 50):
            pass
    await dev.close()


async def test_h10_acc_only_with_zero_gyro() -> None:
    t, acc, gyro = source_signal(2.0, 50)
    dev = make_simulated_device("polar-h10", t, acc, gyro, speed=5.0)
    stream = _stream(dev, 50, allow_missing_gyro=True)
    blocks, events, _ = await collect(stream, dev)
    ts, a, g = concat(blocks)
    assert stream.has_gyro is False and stream.actual_rate_hz == 50
    assert np.all(g == 0.0)
    exp_acc, _ = SampleSource(t, acc, gyro).at(ts)
    np.testing.assert_allclose(a, exp_acc, atol=0.0006)  # raw frames are whole mG
    assert len(ts) >= 90


async def test_witmotion_clock_drift_and_bursts_are_absorbed() -> None:
    """A sensor 2 % fast, delivering in 30 ms connection events with 200 ms stalls: times
    follow the sensor's true sampling instants (host clock), no loss is reported."""
    rate = 100.0
    t, acc, gyro = source_signal(8.0, rate, seed=5)
    dev = make_simulated_device("witmotion-wt901ble", t, acc, gyro, speed=4.0, clock_drift=0.02,
                                conn_interval_s=0.03, stalls=[(2.0, 0.2), (5.0, 0.2)],
                                peripheral_options={"rate_hz": 100.0})
    stream = _stream(dev, rate)
    blocks, events, _ = await collect(stream, dev, timeout_s=20)
    ts, a, _g = concat(blocks)
    assert events == [] and stream.lost_samples_total == 0
    assert np.all(np.diff(ts) > 0)
    # true sampling instants in host time: sample k at k / (rate * 1.02)
    k = np.arange(len(ts))
    err = ts - k / (rate * 1.02)
    assert np.max(np.abs(err[len(ts) // 2:] - np.median(err[len(ts) // 2:]))) < 0.03
    k0 = align(a, acc, 16 / 32768)
    np.testing.assert_allclose(a, acc[k0:k0 + len(ts)], atol=16 / 32768)


async def test_repsense_in_link_loss_is_a_time_gap_without_link_event() -> None:
    """Frames the device could not send (queue full) show as a gap in t and in
    lost_samples_total; the link itself never dropped."""
    rate = 100.0
    t, acc, gyro = source_signal(3.0, rate)
    dev = make_simulated_device("repsense", t, acc, gyro, speed=5.0)
    periph = dev.peripheral
    orig = periph.produce
    dropped = []

    def lossy(until_s, values):
        pkts = orig(until_s, values)
        keep = []
        for p in pkts:
            rel = dev.source_time_s(p[0])
            if rel is not None and 1.0 <= rel < 1.2:
                dropped.append(p)
                continue
            keep.append(p)
        return keep

    periph.produce = lossy  # type: ignore[method-assign]
    stream = _stream(dev, rate)
    blocks, events, _ = await collect(stream, dev)
    ts, _a, _g = concat(blocks)
    assert events == []
    n_dropped = 5 * len(dropped)  # 5 samples per frame at 100 Hz
    assert stream.lost_samples_total == n_dropped > 0
    assert np.max(np.diff(ts)) == pytest.approx((n_dropped + 1) / rate, abs=1e-6)


async def test_cancellation_disconnects_cleanly() -> None:
    t, acc, gyro = source_signal(20.0, 100)
    dev = make_simulated_device("repsense", t, acc, gyro, speed=1.0)
    stream = _stream(dev, 100)
    got: list[object] = []

    async def consume() -> None:
        async for item in stream:
            got.append(item)

    task = asyncio.ensure_future(consume())
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert any(isinstance(g, SampleBlock) for g in got)
    assert not dev.link_up  # the stream disconnected on its way out
    await dev.close()


async def test_first_connection_failure_raises() -> None:
    t, acc, gyro = source_signal(1.0, 100)
    dev = make_simulated_device("repsense", t, acc, gyro)
    dev.drop_link(outage_s=60.0)  # unreachable
    with pytest.raises(ConnectionError):
        async for _ in _stream(dev, 100, initial_attempts=2):
            pass
    await dev.close()
