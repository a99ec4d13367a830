"""Malformed notifications are counted and reported, never silently dropped or raised."""

import logging

from firmware_protocol import repsense_stream as rs
from imu.devices.repsense import RepsenseDriver
from imu.devices.witmotion import WitmotionDriver


def test_malformed_packets_are_counted_and_logged(caplog):
    drv = RepsenseDriver(100.0)
    with caplog.at_level(logging.WARNING, logger="repsense.sensor"):
        out = drv.on_notification(rs.DATA_CHAR_UUID, b"\xff\x00garbage", 0.0)
    assert out == [] and drv.decode_errors == 1
    assert "malformed packet #1" in caplog.text and "ff00" in caplog.text


def test_every_hundredth_repeat_is_logged_again(caplog):
    drv = WitmotionDriver(100.0)
    with caplog.at_level(logging.WARNING, logger="repsense.sensor"):
        for _ in range(200):
            drv._malformed(b"\x01", ValueError("bad"))
    assert drv.decode_errors == 200
    assert caplog.text.count("malformed packet") == 3  # 1st, 100th, 200th


def test_the_count_survives_a_reconnection():
    drv = RepsenseDriver(100.0)
    drv.on_notification(rs.DATA_CHAR_UUID, b"\xff\x00garbage", 0.0)
    drv.on_connected()  # resets the codec state, not the session's count
    drv.on_notification(rs.DATA_CHAR_UUID, b"\x10\x01", 1.0)  # shorter than a frame header
    assert drv.decode_errors == 2


async def test_sample_blocks_carry_the_running_count():
    import asyncio

    from fakebluez.helpers import source_signal

    from imu.sensor_stream import open_sensor_stream
    from imu.simulated_device import make_simulated_device
    from imu.stream_types import SampleBlock
    from imu.transport import SimulatedTransport

    class Garbling(SimulatedTransport):
        """Every third data notification is preceded by a truncated copy of itself."""

        n = sent = 0

        def _on_notify(self, char_uuid: str, data: bytes) -> None:
            if char_uuid == rs.DATA_CHAR_UUID and char_uuid in self._callbacks:
                Garbling.n += 1
                if Garbling.n % 3 == 0:
                    Garbling.sent += 1
                    super()._on_notify(char_uuid, data[:-1])
            super()._on_notify(char_uuid, data)

    t, acc, gyro = source_signal(2.0, 100)
    dev = make_simulated_device("repsense", t, acc, gyro, speed=20.0)
    stream = open_sensor_stream(dev.address, rate_hz=100, transport_factory=lambda _d: Garbling(dev))
    seen: list[tuple[int, int]] = []
    n_samples = 0

    async def consume() -> None:
        nonlocal n_samples
        async for item in stream:
            assert isinstance(item, SampleBlock)
            seen.append((item.decode_errors, stream.decode_errors))
            n_samples += len(item)

    try:
        await asyncio.wait_for(consume(), 0.5)
    except asyncio.TimeoutError:
        pass
    finally:
        await stream.aclose()
        await dev.close()
    assert Garbling.sent >= 3 and n_samples >= 190  # the good frames all decoded
    # each block holds the driver's total when it was handed over; the total only grows
    assert all(b == s for b, s in seen)
    assert [b for b, _ in seen] == sorted(b for b, _ in seen)
    assert stream.decode_errors == stream.driver.decode_errors == Garbling.sent
