"""WitMotion BLE 5.0 codec: fact-sheet vectors, awkward splits, resync, commands, fuzz."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from firmware_protocol import ImuSample, ProtocolError
from firmware_protocol import witmotion as wm


def h(s: str) -> bytes:
    return bytes.fromhex(s)


# Vector 1 — VENDOR (datasheet DS §6.1.2.1): reply to "read 0x3A".
V1_MAG = h("55 71 3A 00 68 01 69 00 7A 00 00 00 00 00 00 00 00 00 00 00")
# Vector 2 — DERIVED (not vendor), layout from DS/SDK.
V2_DATA = h("55 61 00 00 00 00 00 08 5C FF 00 00 00 00 00 C0 00 00 00 40")
# Vector 3 — DERIVED: quaternion reply.
V3_QUAT = h("55 71 51 00 FF 7F 00 00 00 00 00 00") + bytes(8)
# Vector 4 — DERIVED: temperature reply.
V4_TEMP = h("55 71 40 00 E6 09") + bytes(14)

V2_EVENT = wm.WitmotionData(
    sample=ImuSample(t_s=None, acc_g=(0.0, 0.0, 1.0), gyro_dps=(-10.009765625, 0.0, 0.0),
                     seq=None),
    angle_deg=(-90.0, 0.0, 90.0))
STREAM = V2_DATA + V1_MAG + V2_DATA + V3_QUAT + V4_TEMP
STREAM_EVENTS = [V2_EVENT, wm.parse_packet(V1_MAG), V2_EVENT, wm.parse_packet(V3_QUAT),
                 wm.parse_packet(V4_TEMP)]


def test_uuids_use_the_vendor_base_not_the_sig_base() -> None:
    assert wm.SERVICE_UUID == "0000ffe5-0000-1000-8000-00805f9a34fb"
    assert wm.NOTIFY_CHAR_UUID == "0000ffe4-0000-1000-8000-00805f9a34fb"
    assert wm.WRITE_CHAR_UUID == "0000ffe9-0000-1000-8000-00805f9a34fb"


def test_vendor_mag_reply() -> None:
    r = wm.parse_packet(V1_MAG)
    assert isinstance(r, wm.RegisterReply) and r.start_register == 0x3A
    assert wm.mag_counts_from_reply(r) == (360, 105, 122)
    assert r.values[3:] == (0,) * 5


def test_derived_data_packet() -> None:
    assert wm.parse_packet(V2_DATA) == V2_EVENT


def test_derived_quaternion_and_temperature() -> None:
    q = wm.quaternion_from_reply(wm.parse_packet(V3_QUAT))  # type: ignore[arg-type]
    assert q == (32767 / 32768, 0.0, 0.0, 0.0)
    t = wm.parse_packet(V4_TEMP)
    assert isinstance(t, wm.RegisterReply)
    assert wm.temperature_c_from_reply(t) == pytest.approx(25.34)
    with pytest.raises(KeyError):
        wm.battery_v_from_reply(t)  # 0x64 is not in 0x40..0x47


def test_register_values_are_signed() -> None:
    r = wm.parse_packet(wm.encode_register_reply(0x64, (-5, 370)))
    assert isinstance(r, wm.RegisterReply) and r.values[:2] == (-5, 370)
    assert wm.battery_v_from_reply(r) == pytest.approx(-0.05)


def test_whole_stream_in_one_notification() -> None:
    assert wm.WitmotionDecoder().feed(STREAM) == STREAM_EVENTS


def test_byte_by_byte() -> None:
    dec = wm.WitmotionDecoder()
    got = [ev for b in STREAM for ev in dec.feed(bytes([b]))]
    assert got == STREAM_EVENTS and dec.discarded_bytes == 0


@pytest.mark.parametrize("cut", range(1, len(STREAM)))
def test_split_at_every_offset(cut: int) -> None:
    dec = wm.WitmotionDecoder()
    assert dec.feed(STREAM[:cut]) + dec.feed(STREAM[cut:]) == STREAM_EVENTS


def test_need_data_until_complete() -> None:
    dec = wm.WitmotionDecoder()
    dec.receive_data(V2_DATA[:19])
    assert dec.next_event() is wm.NEED_DATA
    dec.receive_data(V2_DATA[19:])
    assert dec.next_event() == V2_EVENT
    assert dec.next_event() is wm.NEED_DATA


def test_garbage_around_packets_is_skipped_and_counted() -> None:
    junk = h("00 55 55 62 13 55")  # includes a 0x55 not followed by a valid flag
    dec = wm.WitmotionDecoder()
    assert dec.feed(junk + V2_DATA + h("aa bb") + V1_MAG + h("55")) == [
        V2_EVENT, wm.parse_packet(V1_MAG)]
    assert dec.discarded_bytes == len(junk) + 2
    # the trailing 0x55 is kept: it may be the start of the next packet
    assert dec.feed(V2_DATA[1:]) == [V2_EVENT]


def test_buffer_is_bounded() -> None:
    dec = wm.WitmotionDecoder(max_buffer_size=40)
    dec.receive_data(bytes(40))
    with pytest.raises(ProtocolError):
        dec.receive_data(b"\x00")


@pytest.mark.parametrize("bad", [V2_DATA[:19], V2_DATA + b"\x00", h("55 62") + bytes(18),
                                 h("56 61") + bytes(18)])
def test_parse_packet_rejects(bad: bytes) -> None:
    with pytest.raises(ProtocolError):
        wm.parse_packet(bad)


def test_commands_from_fact_sheet() -> None:
    assert wm.encode_unlock() == h("FF AA 69 88 B5")
    assert wm.encode_save() == h("FF AA 00 00 00")
    assert wm.encode_read_register(0x3A) == h("FF AA 27 3A 00")
    assert wm.encode_set_rate(50) == h("FF AA 03 08 00")  # SDK-IOS
    assert wm.encode_set_rate(10) == h("FF AA 03 06 00")  # SDK-IOS
    assert wm.encode_set_rate(200) == h("FF AA 03 0B 00")
    assert wm.encode_set_rate(100) == h("FF AA 03 09 00")
    assert wm.set_rate_commands(200) == [h("FF AA 69 88 B5"), h("FF AA 03 0B 00"),
                                         h("FF AA 00 00 00")]
    for bad in (125, 150, 400, 0):
        with pytest.raises(ValueError):
            wm.encode_set_rate(bad)


vec3 = st.tuples(*[st.floats(-1.0, 1.0)] * 3)


@settings(max_examples=60, deadline=None)
@given(a=vec3, g=vec3, ang=vec3)
def test_encode_decode_round_trip(a: tuple, g: tuple, ang: tuple) -> None:
    acc = tuple(v * 15.9 for v in a)
    gyro = tuple(v * 1999 for v in g)
    angle = tuple(v * 179 for v in ang)
    ev = wm.parse_packet(wm.encode_data_packet(acc, gyro, angle))  # type: ignore[arg-type]
    assert isinstance(ev, wm.WitmotionData) and ev.sample.t_s is None
    for got, want, step in [(ev.sample.acc_g, acc, wm.ACC_SCALE_G),
                            (ev.sample.gyro_dps, gyro, wm.GYRO_SCALE_DPS),
                            (ev.angle_deg, angle, wm.ANGLE_SCALE_DEG)]:
        assert got is not None
        assert all(abs(x - y) <= step / 2 + 1e-12 for x, y in zip(got, want))


@settings(max_examples=60, deadline=None)
@given(junk=st.lists(st.binary(max_size=30), min_size=4, max_size=4),
       cuts=st.lists(st.integers(1, 25), max_size=12))
def test_packets_survive_garbage_between_them(junk: list, cuts: list) -> None:
    """Garbage without the header bytes in it never hides a packet, whatever the split."""
    clean = [j.replace(b"\x55", b"\x54") for j in junk]
    stream = clean[0] + V2_DATA + clean[1] + V1_MAG + clean[2] + V3_QUAT + clean[3]
    dec, got, pos = wm.WitmotionDecoder(), [], 0
    for c in cuts:
        got += dec.feed(stream[pos:pos + c])
        pos += c
    got += dec.feed(stream[pos:])
    assert got == [V2_EVENT, wm.parse_packet(V1_MAG), wm.parse_packet(V3_QUAT)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=60), max_size=8))
def test_arbitrary_bytes_never_raise_and_never_hang(chunks: list) -> None:
    dec = wm.WitmotionDecoder()
    for c in chunks:
        for ev in dec.feed(c):  # any ProtocolError would fail the test: the stream can resync
            assert isinstance(ev, (wm.WitmotionData, wm.RegisterReply))
    assert dec.pending_bytes < wm.PACKET_SIZE  # drained: only an incomplete packet may remain


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=40))
def test_parse_packet_raises_only_protocol_error(data: bytes) -> None:
    try:
        wm.parse_packet(data)
    except ProtocolError:
        pass
