"""Thingy:52 motion service codec. No vendor vectors exist (fact sheet): all vectors are DERIVED
from the firmware's documented fixed-point formats."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from firmware_protocol import ImuSample, ProtocolError
from firmware_protocol import thingy52 as th


def h(s: str) -> bytes:
    return bytes.fromhex(s)


T1 = h("00 00 00 00 00 04 20 00 E0 FF 00 00 20 03 60 FF 10 00")
T2 = h("E8 03 F4 01 F4 01 0A 00 01")


def test_uuids() -> None:
    assert th.RAW_DATA_CHAR_UUID == "ef680406-9b35-4933-9b10-52ffa9740042"
    assert th.MOTION_SERVICE_UUID == "ef680400-9b35-4933-9b10-52ffa9740042"
    assert th.CONFIG_CHAR_UUID == "ef680401-9b35-4933-9b10-52ffa9740042"


def test_raw_t1_derived() -> None:
    got = th.Thingy52Decoder().receive_data(T1)
    assert got == th.ThingyRawData(
        sample=ImuSample(t_s=None, acc_g=(0.0, 0.0, 1.0), gyro_dps=(1.0, -1.0, 0.0)),
        compass_ut=(50.0, -10.0, 1.0))


def test_raw_t5_saturated_acc_derived() -> None:
    got = th.parse_raw(h("00 7C") + bytes(4) + h("01 00") + bytes(10))
    assert got.sample.acc_g == (31.0, 0.0, 0.0)


def test_all_zero_triplets_mean_missing() -> None:
    got = th.parse_raw(h("00 00 00 00 00 04") + bytes(12))  # gyro and compass not fresh
    assert got.sample.acc_g == (0.0, 0.0, 1.0)
    assert got.sample.gyro_dps is None and got.compass_ut is None


def test_raw_encode_matches_t1() -> None:
    assert th.encode_raw((0, 0, 1.0), (1.0, -1.0, 0), (50.0, -10.0, 1.0)) == T1


def test_config_t2_is_the_firmware_default() -> None:
    assert th.parse_config(T2) == th.DEFAULT_CONFIG
    assert th.encode_config(th.DEFAULT_CONFIG) == T2
    fast = th.MotionConfig(motion_freq_hz=200)
    assert th.encode_config(fast) == h("E8 03 F4 01 F4 01 C8 00 01")


@pytest.mark.parametrize("bad", [th.MotionConfig(motion_freq_hz=4),
                                 th.MotionConfig(motion_freq_hz=201),
                                 th.MotionConfig(mag_comp_interval_ms=1001),
                                 th.MotionConfig(step_interval_ms=99)])
def test_config_out_of_range_refused(bad: th.MotionConfig) -> None:
    with pytest.raises(ValueError):
        th.encode_config(bad)


@pytest.mark.parametrize("bad", ["E8 03 F4 01 F4 01 0A 00", "E8 03 F4 01 F4 01 0A 00 02",
                                 "E8 03 F4 01 F4 01 04 00 01", "E8 03 F4 01 F4 01 0A 00 01 00"])
def test_config_parse_rejects(bad: str) -> None:
    with pytest.raises(ProtocolError):
        th.parse_config(h(bad))


def test_quaternion_t3_and_euler_t4_derived() -> None:
    assert th.parse_quaternion(h("00 00 00 40") + bytes(12)) == (1.0, 0.0, 0.0, 0.0)
    assert th.parse_euler(h("00 00 5A 00 00 00 D3 FF 00 80 0C 00")) == (90.0, -45.0, 12.5)


@pytest.mark.parametrize("n", [0, 17, 19, 20])
def test_raw_wrong_length(n: int) -> None:
    with pytest.raises(ProtocolError):
        th.parse_raw(bytes(n))


finite = st.floats(-1.0, 1.0)


@settings(max_examples=60, deadline=None)
@given(a=st.tuples(finite, finite, finite), g=st.tuples(finite, finite, finite),
       m=st.tuples(finite, finite, finite))
def test_raw_round_trip_within_half_lsb(a: tuple, g: tuple, m: tuple) -> None:
    acc, gyro, mag = ([v * s for v in t] for t, s in ((a, 31), (g, 1000), (m, 2000)))
    got = th.parse_raw(th.encode_raw(tuple(acc), tuple(gyro), tuple(mag)))  # type: ignore[arg-type]
    for out, want, lsb in ((got.sample.acc_g, acc, th.ACC_SCALE_G),
                           (got.sample.gyro_dps, gyro, th.GYRO_SCALE_DPS),
                           (got.compass_ut, mag, th.COMPASS_SCALE_UT)):
        if out is None:  # every component quantised to 0 → reported missing
            assert all(abs(w) <= lsb / 2 for w in want)
        else:
            assert all(abs(o - w) <= lsb / 2 + 1e-9 for o, w in zip(out, want))


@settings(max_examples=60, deadline=None)
@given(step=st.integers(100, 5000), temp=st.integers(100, 5000), mag=st.integers(100, 1000),
       freq=st.integers(5, 200), wom=st.booleans())
def test_config_round_trip(step: int, temp: int, mag: int, freq: int, wom: bool) -> None:
    cfg = th.MotionConfig(step_interval_ms=step, temp_comp_interval_ms=temp,
                          mag_comp_interval_ms=mag, motion_freq_hz=freq, wake_on_motion=wom)
    assert th.parse_config(th.encode_config(cfg)) == cfg


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=24))
def test_arbitrary_bytes_raise_only_protocol_error(data: bytes) -> None:
    for fn in (th.parse_raw, th.parse_config, th.parse_quaternion, th.parse_euler):
        try:
            fn(data)
        except ProtocolError:
            pass
