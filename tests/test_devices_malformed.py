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
