"""repsense stream protocol v1: spec examples (docs/protocol.md), round trips, loss, wraparound, fuzz."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from firmware_protocol import ImuSample, ProtocolError
from firmware_protocol import repsense_stream as rs

DOC = Path(__file__).resolve().parents[1] / "docs" / "protocol.md"
CFG = rs.StreamConfig(rate_hz=100, acc_range_g=16, gyro_range_dps=2000, period_us=10000,
                      config_id=1)

# Examples printed in docs/protocol.md (section "Examples"); test_examples_are_in_the_spec keeps
# the two in step.
EX_GET_INFO = "01 01"
EX_INFO_REPLY = "81 01 00 01 00 03 01 0f 1e 0a 00 e8 03 72 73 2d 65 73 70"
EX_SET_CONFIG = "03 02 64 00 10 d0 07"
EX_CONFIG_REPLY = "83 02 00 01 64 00 10 d0 07 10 27 00 00"
EX_BUSY = "83 03 04"
EX_START = "04 04"
EX_START_ACK = "84 04 00"
EX_FRAME_1 = "11 01 00 00 40 42 0f 00 00 00 00 00 00 08 00 00 00 00 00 00"
EX_FRAME_WRAP_A = ("11 02 ff ff f0 d8 ff ff 00 00 00 00 00 08 00 00 00 00 00 00 "
                   "10 00 f0 ff 00 08 a4 00 00 00 5c ff")
EX_FRAME_WRAP_B = "11 01 01 00 30 75 00 00 00 f8 00 00 00 00 00 00 00 00 00 00"
ALL_EXAMPLES = [EX_GET_INFO, EX_INFO_REPLY, EX_SET_CONFIG, EX_CONFIG_REPLY, EX_BUSY, EX_START,
                EX_START_ACK, EX_FRAME_1, EX_FRAME_WRAP_A, EX_FRAME_WRAP_B]


def h(s: str) -> bytes:
    return bytes.fromhex(s)


def test_examples_are_in_the_spec() -> None:
    text = " ".join(DOC.read_text(encoding="utf-8").lower().split())
    for ex in ALL_EXAMPLES:
        assert ex in text, ex


def test_uuids_are_distinct_128_bit() -> None:
    import uuid
    uuids = {rs.SERVICE_UUID, rs.DATA_CHAR_UUID, rs.CONTROL_CHAR_UUID}
    assert len(uuids) == 3
    for u in uuids:
        assert str(uuid.UUID(u)) == u


def test_get_info_example() -> None:
    assert rs.encode_command(rs.GetInfo(token=1)) == h(EX_GET_INFO)
    assert rs.parse_command(h(EX_GET_INFO)) == rs.GetInfo(token=1)
    info = rs.InfoReply(protocol_version=1, firmware_version=(0, 3, 1),
                        acc_ranges_g=(2, 4, 8, 16), gyro_ranges_dps=(250, 500, 1000, 2000),
                        min_rate_hz=10, max_rate_hz=1000, name="rs-esp", token=1)
    assert rs.parse_reply(h(EX_INFO_REPLY)) == info
    assert rs.encode_reply(info) == h(EX_INFO_REPLY)
    assert len(h(EX_INFO_REPLY)) <= 20  # fits the minimum ATT payload


def test_set_config_example_installs_config() -> None:
    cmd = rs.SetConfig(rate_hz=100, acc_range_g=16, gyro_range_dps=2000, token=2)
    assert rs.encode_command(cmd) == h(EX_SET_CONFIG)
    assert rs.parse_command(h(EX_SET_CONFIG)) == cmd
    dec = rs.RepsenseStreamDecoder()
    reply = dec.receive_control(h(EX_CONFIG_REPLY))
    assert reply == rs.ConfigReply(opcode=rs.Opcode.SET_CONFIG, config=CFG, token=2)
    assert dec.config == CFG
    assert rs.encode_reply(reply) == h(EX_CONFIG_REPLY)


def test_busy_and_start_ack() -> None:
    assert rs.parse_reply(h(EX_BUSY)) == rs.CommandFailed(opcode=rs.Opcode.SET_CONFIG,
                                                         status=rs.Status.BUSY, token=3)
    assert rs.encode_command(rs.Start(token=4)) == h(EX_START)
    assert rs.parse_reply(h(EX_START_ACK)) == rs.Ack(opcode=rs.Opcode.START, token=4)


def test_single_sample_frame_fits_20_bytes() -> None:
    data = h(EX_FRAME_1)
    assert len(data) == 20 and rs.max_samples_per_frame(23) == 1
    assert rs.max_samples_per_frame(247) == 19
    got = rs.RepsenseStreamDecoder(CFG).receive_data(data)
    assert got == rs.DecodedFrame(
        seq=0, t0_s=1.0, lost_frames=0, lost_samples=0,
        samples=(ImuSample(t_s=1.0, acc_g=(0.0, 0.0, 1.0), gyro_dps=(0.0, 0.0, 0.0), seq=0),))


def test_wraparound_and_loss_example() -> None:
    dec = rs.RepsenseStreamDecoder(CFG)
    a = dec.receive_data(h(EX_FRAME_WRAP_A))
    assert a.seq == 0xFFFF and a.t0_s == pytest.approx(4294.957296)
    assert [s.t_s for s in a.samples] == pytest.approx([4294.957296, 4294.967296])
    assert a.samples[1].acc_g == (0.0078125, -0.0078125, 1.0)
    assert a.samples[1].gyro_dps == (10.009765625, 0.0, -10.009765625)
    b = dec.receive_data(h(EX_FRAME_WRAP_B))
    # seq 0 was lost (1 frame), carrying 2 samples; the µs clock wrapped in between.
    assert (b.seq, b.lost_frames, b.lost_samples) == (1, 1, 2)
    assert b.t0_s == pytest.approx(4294.997296)
    assert b.samples[0].acc_g == (-1.0, 0.0, 0.0)


def test_start_ack_restarts_sequence_but_time_stays_monotonic() -> None:
    dec = rs.RepsenseStreamDecoder(CFG)
    dec.receive_data(rs.encode_data_frame(rs.DataFrame(seq=500, t0_us=2_000_000,
                                                       samples=((0,) * 6,), config_id=1)))
    dec.receive_control(h(EX_START_ACK))
    got = dec.receive_data(rs.encode_data_frame(rs.DataFrame(seq=0, t0_us=5_000_000,
                                                             samples=((0,) * 6,), config_id=1)))
    assert (got.lost_frames, got.lost_samples, got.t0_s) == (0, 0, 5.0)


def test_fifo_overrun_shows_as_lost_samples_without_lost_frames() -> None:
    dec = rs.RepsenseStreamDecoder(CFG)
    z = ((0,) * 6,)
    dec.receive_data(rs.encode_data_frame(rs.DataFrame(seq=7, t0_us=0, samples=z, config_id=1)))
    got = dec.receive_data(rs.encode_data_frame(rs.DataFrame(seq=8, t0_us=40_000, samples=z,
                                                             config_id=1)))
    assert (got.lost_frames, got.lost_samples) == (0, 3)


def test_data_before_config_and_config_mismatch() -> None:
    with pytest.raises(rs.NotConfiguredError):
        rs.RepsenseStreamDecoder().receive_data(h(EX_FRAME_1))
    other = rs.StreamConfig(rate_hz=100, acc_range_g=16, gyro_range_dps=2000, period_us=10000,
                            config_id=2)
    with pytest.raises(rs.ConfigMismatchError) as err:
        rs.RepsenseStreamDecoder(other).receive_data(h(EX_FRAME_1))
    assert err.value.packet == h(EX_FRAME_1)


@pytest.mark.parametrize("bad", [
    "", "11", "11 00 00 00 00 00 00 00",                 # short, zero samples
    EX_FRAME_1[:-3], EX_FRAME_1 + " 00",                  # length disagrees with n
    "21" + EX_FRAME_1[2:],                                # version 2
])
def test_malformed_frames(bad: str) -> None:
    with pytest.raises(ProtocolError):
        rs.RepsenseStreamDecoder(CFG).receive_data(h(bad))


@pytest.mark.parametrize("bad", [
    "", "81 01", "01 01 00",            # short; no reply flag
    "83 02 09",                         # unknown status
    "86 00 00",                         # unknown opcode
    "83 02 00 01 64 00 03 d0 07 10 27 00 00",  # acc range 3 g does not exist
    "83 02 00 01 64 00 10 d0 07 00 00 00 00",  # period 0
    "84 04 00 00",                      # ack too long
    "81 01 00 01 00 03 01 0f 1e 0a 00 e8 03 ff",  # name not UTF-8
])
def test_malformed_replies(bad: str) -> None:
    with pytest.raises(ProtocolError):
        rs.parse_reply(h(bad))


int16 = st.integers(-32768, 32767)
sample6 = st.tuples(int16, int16, int16, int16, int16, int16)


@settings(max_examples=60, deadline=None)
@given(seq=st.integers(0, 0xFFFF), t0=st.integers(0, 2**32 - 1), cid=st.integers(0, 15),
       samples=st.lists(sample6, min_size=1, max_size=40))
def test_frame_round_trip(seq: int, t0: int, cid: int, samples: list) -> None:
    frame = rs.DataFrame(seq=seq, t0_us=t0, samples=tuple(samples), config_id=cid)
    assert rs.parse_data_frame(rs.encode_data_frame(frame)) == frame


@settings(max_examples=60, deadline=None)
@given(acc=st.tuples(*[st.floats(-15.9, 15.9)] * 3), gyro=st.tuples(*[st.floats(-1999, 1999)] * 3))
def test_physical_round_trip_within_one_count(acc: tuple, gyro: tuple) -> None:
    counts = rs.counts_from_physical(acc, gyro, CFG)
    frame = rs.encode_data_frame(rs.DataFrame(seq=0, t0_us=0, samples=(counts,), config_id=1))
    s = rs.RepsenseStreamDecoder(CFG).receive_data(frame).samples[0]
    assert s.acc_g is not None and s.gyro_dps is not None
    for got, want in zip(s.acc_g, acc):
        assert abs(got - want) <= 16 / 32768
    for got, want in zip(s.gyro_dps, gyro):
        assert abs(got - want) <= 2000 / 32768


@settings(max_examples=40, deadline=None)
@given(steps=st.lists(st.tuples(st.integers(1, 5), st.integers(0, 3)), min_size=1, max_size=30),
       seq0=st.integers(0, 0xFFFF), t_start=st.integers(0, 2**32 - 1))
def test_time_is_monotonic_and_losses_counted(steps: list, seq0: int, t_start: int) -> None:
    """A device sends frames of n samples, some dropped; the decoder recovers every loss."""
    dec = rs.RepsenseStreamDecoder(CFG)
    t, seq, last_t, pending_lost = t_start, seq0, -1.0, 0
    for i, (n, drop_before) in enumerate(steps):
        for _ in range(drop_before if i else 0):  # lose frames of 1 sample each
            seq, t, pending_lost = seq + 1, t + CFG.period_us, pending_lost + 1
        got = dec.receive_data(rs.encode_data_frame(
            rs.DataFrame(seq=seq, t0_us=t, samples=((1,) * 6,) * n, config_id=1)))
        assert got.lost_frames == got.lost_samples == pending_lost
        times = [s.t_s for s in got.samples]
        assert times[0] > last_t and times == sorted(times)
        assert got.t0_s == pytest.approx(t * 1e-6)  # unwrapped: t itself is never reduced mod 2^32
        last_t, pending_lost = times[-1], 0
        seq, t = seq + 1, t + n * CFG.period_us


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=80))
def test_arbitrary_bytes_raise_only_protocol_error(data: bytes) -> None:
    for fn in (rs.RepsenseStreamDecoder(CFG).receive_data, rs.RepsenseStreamDecoder().receive_control,
               rs.parse_command, rs.parse_data_frame):
        try:
            fn(data)
        except ProtocolError:
            pass


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([EX_FRAME_1, EX_FRAME_WRAP_A, EX_CONFIG_REPLY, EX_INFO_REPLY]),
       st.data())
def test_mutated_vectors_raise_only_protocol_error(vec: str, data: st.DataObject) -> None:
    b = bytearray(h(vec))
    i = data.draw(st.integers(0, len(b) - 1))
    b[i] = data.draw(st.integers(0, 255))
    for fn in (rs.RepsenseStreamDecoder(CFG).receive_data, rs.parse_reply):
        try:
            fn(bytes(b))
        except ProtocolError:
            pass


def test_codecs_are_sans_io() -> None:
    """Importing the package pulls in neither bleak nor asyncio."""
    import subprocess
    import sys
    code = ("import sys, firmware_protocol; "
            "bad = {'bleak', 'asyncio'} & set(sys.modules); print(sorted(bad)); sys.exit(bool(bad))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stdout + done.stderr
