"""Polar PMD codec: vendor vectors (Polar BLE SDK unit tests, via shared/protocols/polar-pmd.md),
delta decoding, timestamps, commands, multi-part CP responses, fuzz."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from firmware_protocol import ImuSample, ProtocolError
from firmware_protocol import polar_pmd as pmd
from firmware_protocol.polar_pmd import ErrorCode, MeasurementType as MT, SettingType as S


def h(s: str) -> bytes:
    return bytes.fromhex(s)


def prime(dec: pmd.PmdDecoder, mtype: int, frame_type: int, ts_ns: int) -> None:
    """Feed a one-sample frame at ``ts_ns`` so the next frame of that type interpolates from it."""
    dec.sample_rates.setdefault(mtype, 52)
    dec.receive_data(bytes((mtype,)) + ts_ns.to_bytes(8, "little") + bytes((frame_type,))
                     + bytes(6 if frame_type & 0x80 else 2 * 3))


# Vendor vector 5 (T-ACC "process acc raw data frame type 1"), full 216-byte content.
ACC_RAW1 = h("02 00 94 35 77 00 00 00 00 01") + h(
    "F7 FF FF FF E7 03 F8 FF FE FF E5 03 F9 FF FF FF E5 03 FA FF FF FF E6 03 FA FF FE FF E6 03 "
    "F9 FF FF FF E5 03 F8 FF FF FF E6 03 F8 FF FE FF E6 03 FA FF FF FF E5 03 FA FF FF FF E7 03 "
    "FA FF FF FF E5 03 F8 FF FF FF E6 03 F7 FF FF FF E6 03 F8 FF FE FF E6 03 F9 FF FE FF E7 03 "
    "F9 FF 00 00 E6 03 F9 FF FF FF E6 03 F7 FF FE FF E5 03 F9 FF FF FF E5 03 F9 FF FF FF E5 03 "
    "FA FF 00 00 E6 03 F9 FF FE FF E6 03 F8 FF FF FF E6 03 F8 FF FF FF E5 03 F9 FF FF FF E6 03 "
    "F9 FF FF FF E5 03 FA FF FF FF E6 03 F9 FF FF FF E5 03 F9 FF FF FF E5 03 F8 FF FE FF E6 03 "
    "F9 FF FF FF E6 03 F9 FF FF FF E6 03 F9 FF 00 00 E5 03 F9 FF FE FF E6 03 F8 FF FE FF E6 03 "
    "F7 FF FE FF E6 03")
# Vendor vector 7 (T-ACC "process acc compressed data type 0"), full 218-byte content.
ACC_C0 = h("02 00 94 35 77 00 00 00 00 80") + h(
    "71 07 F0 6A 9E 8D 0A 38 BE 5C BE BA 2F 96 B3 EE 4B E5 AD FB 42 B9 EB BE 4C FE BA 2F 92 BF "
    "EE 4B E4 B1 FB 12 B9 EC BD 3C 3E BB 2F 8F D3 DE 4B E3 B5 F7 D2 B8 ED BD 30 7E 7B 2F 8B E3 "
    "CE 8B E2 BA F7 A2 B8 EE BC 20 BE 7B 2F 88 F3 CE CB E1 BD EF 52 F8 EF BC 18 FE 3B 2F 84 03 "
    "BF CB E0 C2 EF 32 B8 F0 BB 04 4E BC 2E 81 13 AF 0B E0 C6 EF F2 F7 F1 B9 FC 7D BC 2E 7D 27 "
    "9F 4B DF CA EB C2 F7 F2 B8 EC CD 7C 2E 7B 37 8F 4B DE CE E3 92 F7 F3 B8 E0 0D FD 2D 77 4B "
    "7F CB DD D2 DF 62 37 F5 B7 D4 4D BD 2D 74 5B 6F CB DC D7 D7 32 37 F6 B5 C8 8D 7D 2D 71 6B "
    "4F 4B DC DC D3 F2 36 F7 B4 BC DD FD 2C 6F 7B 3F 4B DB E0 CF D2 36 F8 B2 B0 2D BE 2C 6C 8F "
    "1F CB DA E3 C7 A2 76 F9")
ACC_C1 = h("02 65 00 00 00 00 00 00 00 81 F1 FF 14 00 F0 03 06 01 7B 0F 08")  # vendor vector 6
GYR_C0 = h("05 FF FF FF FF FF FF FF 7F 80 EA FF 08 00 0D 00 03 01 DF 00")  # vendor vector 8


def test_uuids() -> None:
    assert pmd.SERVICE_UUID == "fb005c80-02e7-f387-1cad-8acd2d8df0c8"
    assert pmd.CONTROL_POINT_UUID == "fb005c81-02e7-f387-1cad-8acd2d8df0c8"
    assert pmd.DATA_UUID == "fb005c82-02e7-f387-1cad-8acd2d8df0c8"


def test_cp_response_success_vendor() -> None:  # vector 1
    r = pmd.parse_control_point(h("F0 01 02 00 00 FF FF FF"))
    assert r == pmd.ControlPointResponse(op_code=1, measurement_type=MT.ACC,
                                         status=ErrorCode.SUCCESS, more=False,
                                         parameters=h("FF FF FF"))


def test_cp_response_error_vendor() -> None:  # vector 2
    r = pmd.parse_control_point(h("F0 01 06 07 00"))
    assert isinstance(r, pmd.ControlPointResponse)
    assert (r.measurement_type, r.status, r.ok, r.parameters) == (
        MT.MAG, ErrorCode.INVALID_RESOLUTION, False, b"")


def test_measurement_stopped_vendor() -> None:
    assert pmd.parse_control_point(h("01 01 02")) == pmd.MeasurementStopped((1, 2))


def test_settings_tlv_vendor() -> None:  # vectors 3 and 4
    assert pmd.parse_settings(h("00 01 34 00 01 01 10 00 02 04 F5 00 F4 01 E8 03 D0 07 04 01 03")) \
        == {S.SAMPLE_RATE: (52,), S.RESOLUTION: (16,), S.RANGE: (245, 500, 1000, 2000),
            S.CHANNELS: (3,)}
    assert pmd.parse_settings(h("03 02 FF FF FF FF FF 00 00 00 01 01 0E 00")) == {
        S.RANGE_MILLIUNIT: (-1, 255), S.RESOLUTION: (14,)}


def test_settings_reject_unknown_type_and_truncation() -> None:
    for bad in ("07 01 00", "00 02 34 00 34", "00"):
        with pytest.raises(ProtocolError):
            pmd.parse_settings(h(bad))


def test_features_read_vendor() -> None:  # I360 (H10): ECG + ACC
    assert pmd.parse_features(h("0F 05 00")) == {MT.ECG, MT.ACC}
    assert pmd.parse_features(h("0F 64 02")) == {MT.ACC, MT.GYRO, MT.MAG, MT.SDK_MODE}


def test_commands() -> None:
    assert pmd.encode_get_settings(MT.ACC) == h("01 02")  # derived, vector 12
    assert pmd.encode_get_settings(MT.ACC, offline=True) == h("01 82")
    assert pmd.encode_stop(MT.ACC) == h("03 02")  # derived, vector 12
    assert pmd.encode_start(MT.ACC, {S.SAMPLE_RATE: 200, S.RESOLUTION: 16, S.RANGE: 8}) == \
        h("02 02 00 01 C8 00 01 01 10 00 02 01 08 00")  # derived, vector 12 (SDK order)
    # vector 11, real H10 capture (I360): TLV order range, rate, resolution
    assert pmd.encode_start(MT.ACC, {S.RANGE: 8, S.SAMPLE_RATE: 200, S.RESOLUTION: 16}) == \
        h("02 02 02 01 08 00 00 01 C8 00 01 01 10 00")


def test_settings_round_trip_with_factor() -> None:
    s = {S.SAMPLE_RATE: 52, S.CHANNELS: 3, S.FACTOR: 0.000244140625, S.RANGE_MILLIUNIT: -5}
    assert pmd.parse_settings(pmd.encode_settings(s)) == {k: (v,) for k, v in s.items()}


def test_timestamp_vector_and_epoch() -> None:  # vectors 10, 13
    (ts,) = struct.unpack("<Q", h("38 6C 31 72 A4 D3 23 0D"))
    assert ts == 946_833_049_921_875_000
    assert pmd.POLAR_EPOCH_UNIX_NS == 946_684_800_000_000_000


def test_acc_raw_type1_vendor() -> None:
    dec = pmd.PmdDecoder()
    dec.start_command(MT.ACC, {S.SAMPLE_RATE: 52, S.RESOLUTION: 16, S.RANGE: 8})
    got = dec.receive_data(ACC_RAW1)
    assert len(got.values) == 36
    assert got.values[0] == (-0.009, -0.001, 0.999)
    assert got.values[1] == (-0.008, -0.002, 0.997)
    assert got.timestamps_ns[-1] == 2_000_000_000
    assert got.timestamps_ns[0] == round(2e9 - 35 * 1e9 / 52)
    s0 = got.imu_samples()[0]
    assert s0 == ImuSample(t_s=got.timestamps_ns[0] * 1e-9, acc_g=(-0.009, -0.001, 0.999),
                           gyro_dps=None)


def test_acc_compressed_type0_vendor() -> None:
    dec = pmd.PmdDecoder()
    # a START reply carrying FACTOR 2.44e-4 installs the factor
    factor = struct.pack("<f", 2.44e-4)
    dec.receive_control(h("F0 02 02 00 00 05 01") + factor)
    assert dec.factors[MT.ACC] == pytest.approx(2.44e-4)
    frame = pmd.parse_data_frame(ACC_C0)
    raw = pmd.delta_decode(frame.content, channels=3, resolution=16)
    assert len(raw) == 57
    assert raw[0] == [1905, 27376, -29282] and raw[1] == [2095, 27271, -29367]
    assert raw[-1] == [12274, 20173, -32449]
    prime(dec, MT.ACC, 0x80, 100)  # the vendor test's previous timestamp
    got = dec.receive_data(ACC_C0)
    mg = [tuple(int(v * 1000) for v in s) for s in got.values[:2]]
    assert mg == [(464, 6679, -7144), (511, 6654, -7165)]  # the SDK's int(raw×factor×1000)
    assert all(abs(v) <= 8 for s in got.values for v in s)
    assert got.timestamps_ns[0] == round(100 + (2_000_000_000 - 100) / 57)
    assert got.timestamps_ns[-1] == 2_000_000_000


def test_acc_compressed_type1_vendor_half_even_rounding() -> None:
    dec = pmd.PmdDecoder()
    prime(dec, MT.ACC, 0x81, 100)
    got = dec.receive_data(ACC_C1)
    assert got.values == ((-0.015, 0.02, 1.008), (-0.02, 0.017, 1.008))
    assert got.timestamps_ns == (100, 101)  # 100.5 rounds to 100 (half to even)


def test_gyro_compressed_type0_vendor() -> None:
    dec = pmd.PmdDecoder()
    dec.sample_rates[MT.GYRO] = 52
    got = dec.receive_data(GYR_C0)
    assert got.values == ((-22.0, 8.0, 13.0), (-23.0, 11.0, 16.0))
    assert got.timestamps_ns[-1] == 0x7FFFFFFFFFFFFFFF
    assert got.imu_samples()[1].gyro_dps == (-23.0, 11.0, 16.0)


def test_spec21_partial_delta_vector() -> None:  # vector 9 (partial: first two deltas only)
    content = h("D0 FF 65 01 E4 0F 08 02 FC 07 FF 0C 13 F2")  # count 0x1D cut to 2
    assert pmd.delta_decode(content, channels=3, resolution=16) == [
        [-48, 357, 4068], [-52, 364, 4067], [-40, 383, 4053]]


def test_gyro_float_type1_derived() -> None:
    """Derived (not vendor): float32 bit patterns as reference, one 32-bit delta block."""
    a = [struct.unpack("<I", struct.pack("<f", v))[0] for v in (1.5, -2.0, 0.25)]
    b = [struct.unpack("<I", struct.pack("<f", v))[0] for v in (1.75, -2.5, 100.0)]
    deltas = [(y - x) & 0xFFFFFFFF for x, y in zip(a, b)]
    content = struct.pack("<3I", *a) + bytes((32, 1)) + struct.pack("<3I", *deltas)
    frame = h("05") + (10**9).to_bytes(8, "little") + h("81") + content
    dec = pmd.PmdDecoder()
    dec.sample_rates[MT.GYRO] = 100
    got = dec.receive_data(frame)
    assert got.values == ((1.5, -2.0, 0.25), (1.75, -2.5, 100.0))
    assert got.timestamps_ns == (990_000_000, 1_000_000_000)


def test_multi_part_cp_response_is_joined() -> None:
    dec = pmd.PmdDecoder()
    assert dec.receive_control(h("F0 01 02 00 01 00 01 34 00")) is None
    r = dec.receive_control(h("F0 01 02 00 00 04 01 03"))
    assert isinstance(r, pmd.ControlPointResponse)
    assert r.settings() == {S.SAMPLE_RATE: (52,), S.CHANNELS: (3,)}


def test_timestamps_continue_across_frames_and_reset_on_stop() -> None:
    dec = pmd.PmdDecoder()
    dec.start_command(MT.ACC, {S.SAMPLE_RATE: 100})
    mk = lambda ts: h("02") + ts.to_bytes(8, "little") + h("01") + bytes(6 * 4)  # noqa: E731
    first = dec.receive_data(mk(1_000_000_000))
    assert first.timestamps_ns == (970_000_000, 980_000_000, 990_000_000, 1_000_000_000)
    second = dec.receive_data(mk(1_040_000_000))
    assert second.timestamps_ns == (1_010_000_000, 1_020_000_000, 1_030_000_000, 1_040_000_000)
    dec.receive_control(h("F0 03 02 00 00"))
    assert dec.receive_data(mk(5_000_000_000)).timestamps_ns[0] == 4_970_000_000


def test_first_frame_without_sample_rate_is_an_error() -> None:
    with pytest.raises(ProtocolError):
        pmd.PmdDecoder().receive_data(GYR_C0)


@pytest.mark.parametrize("bad", [
    "02 00 00", "02" + "00" * 8 + "01 00 00 00 00 00",  # short header; 5 bytes not a sample
    "02" + "00" * 8 + "05 00 00 00 00 00 00",          # unknown ACC frame type
    "05" + "00" * 8 + "00 00 00 00 00 00 00",          # raw GYRO frames are unsupported
    "3F" + "00" * 8 + "01",                            # unknown measurement type
    "05" + "00" * 8 + "80 EA FF 08 00 0D 00 03 02 DF",  # delta block truncated
    "05" + "00" * 8 + "80 EA FF 08 00 0D 00 21 01 00",  # delta size 33 bits
])
def test_malformed_data(bad: str) -> None:
    dec = pmd.PmdDecoder()
    dec.sample_rates.update({MT.ACC: 50, MT.GYRO: 50})
    with pytest.raises(ProtocolError):
        dec.receive_data(h(bad))


int16 = st.integers(-32768, 32767)


@settings(max_examples=60, deadline=None)
@given(ref=st.tuples(int16, int16, int16), bits=st.integers(1, 16),
       n=st.integers(1, 40), data=st.data())
def test_delta_round_trip(ref: tuple, bits: int, n: int, data: st.DataObject) -> None:
    """Encode random deltas with an independent packer; the decoder recovers the samples."""
    lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    deltas = data.draw(st.lists(st.tuples(*[st.integers(lo, hi)] * 3), min_size=n, max_size=n))
    acc, pos = 0, 0
    for d in deltas:
        for v in d:
            acc |= (v & ((1 << bits) - 1)) << pos
            pos += bits
    content = struct.pack("<3h", *ref) + bytes((bits, n)) + acc.to_bytes((pos + 7) // 8, "little")
    got = pmd.delta_decode(content, channels=3, resolution=16)
    want, cur = [list(ref)], list(ref)
    for d in deltas:
        cur = [c + x for c, x in zip(cur, d)]
        want.append(cur)
    assert got == want


@settings(max_examples=60, deadline=None)
@given(prev=st.integers(0, 2**62), n=st.integers(1, 60), step=st.integers(1, 10**8))
def test_interpolated_timestamps_increase_and_end_at_frame_ts(prev: int, n: int,
                                                              step: int) -> None:
    ts = prev + n * step
    t = pmd.sample_timestamps(ts, n, previous_ns=prev, sample_rate_hz=None)
    assert t[-1] == ts and list(t) == sorted(t) and t[0] > prev


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64))
def test_arbitrary_bytes_raise_only_protocol_error(data: bytes) -> None:
    dec = pmd.PmdDecoder()
    dec.sample_rates.update({m: 52 for m in MT})
    for fn in (dec.receive_data, dec.receive_control, pmd.parse_settings, pmd.parse_features):
        try:
            fn(data)
        except ProtocolError:
            pass


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([ACC_C0, ACC_C1, GYR_C0, ACC_RAW1]), st.data())
def test_mutated_vendor_frames_raise_only_protocol_error(vec: bytes, data: st.DataObject) -> None:
    b = bytearray(vec)
    for _ in range(3):
        b[data.draw(st.integers(0, len(b) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(b)))
    dec = pmd.PmdDecoder()
    dec.sample_rates.update({m: 52 for m in MT})
    try:
        dec.receive_data(bytes(b[:cut]))
    except ProtocolError:
        pass
