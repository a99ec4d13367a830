"""The live pipeline in-process, through the real stream path (simulated repsense-protocol
sensor -> SimulatedTransport -> open_sensor_stream -> LiveSession): link loss and recovery,
cues, fidelity to the batch analysis of the received samples, the rich view, and scan.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import numpy as np
import pytest

from analysis.batch import analyze
from analysis.events import PauseEnded, PauseTarget, RepCompleted
from analysis.streaming import LiveStatus, StreamingAnalyzer
from firmware_protocol import repsense_stream as rs
from imu.recording import RecordingWriter, read_recording
from imu.stream_types import LinkEvent, SampleBlock
from imu.transport import SimulatedTransport
from repsense.cue import RecordingCue
from repsense.live_session import LiveSession
from repsense.live_source import make_demo_device, open_demo_stream
from repsense.live_view import RichView, summary_lines

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "recordings" / "pause_deadlift_bar_100hz.csv"
TOL_S = 0.02 + 1e-6


class BlockTap:
    """Observer keeping every block it sees (to re-analyse the exact samples received)."""

    def __init__(self) -> None:
        self.blocks: list[SampleBlock] = []

    def on_samples(self, block: SampleBlock, session: object) -> None:
        self.blocks.append(block)

    def on_event(self, ev: object, session: object) -> None:
        pass

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return (np.concatenate([b.t for b in self.blocks]), np.concatenate([b.acc for b in self.blocks]),
                np.concatenate([b.gyro for b in self.blocks]))


@pytest.fixture(scope="module")
def rec():
    if not BUNDLED.exists():
        pytest.skip("bundled recording missing")
    return read_recording(BUNDLED)


async def _run(rec, tmp_path: Path, *, speed: float, **device_kwargs):
    target = rec.target_pause_s
    device = make_demo_device(rec.t, rec.acc, rec.gyro, speed=speed, **device_kwargs)
    source = open_demo_stream(rec, speed=speed, device=device)
    out = tmp_path / "live.csv"
    tap = BlockTap()
    cue = RecordingCue()
    session = LiveSession(
        StreamingAnalyzer(rec.placement, target),
        writer_factory=lambda: RecordingWriter(out, {"placement": rec.placement, "rate_hz": source.rate_hz}),
        observers=[tap], cue=cue, recording_path=out, target_pause_s=target,
    )
    await session.run(source)  # as repsense.live_cli does (the final decode_errors count too)
    summary = session.close()
    return session, summary, tap, cue, out, device


class GarblingTransport(SimulatedTransport):
    """A simulated link that also delivers malformed data notifications: before every
    ``every``-th real one, a truncated copy of it or bytes of an unknown protocol version
    (instead of the real one with ``replace``). ``injected`` counts them."""

    every = 25
    replace = False
    instances: list["GarblingTransport"] = []

    def __init__(self, device) -> None:
        super().__init__(device)
        self.n_data = 0
        self.injected = 0
        GarblingTransport.instances.append(self)

    def _on_notify(self, char_uuid: str, data: bytes) -> None:
        if char_uuid == rs.DATA_CHAR_UUID and char_uuid in self._callbacks:
            self.n_data += 1
            if self.n_data % self.every == 0:
                bad = data[:-3] if (self.n_data // self.every) % 2 else b"\xff\x00garbage"
                super()._on_notify(char_uuid, bad)
                self.injected += 1
                if self.replace:
                    return
        super()._on_notify(char_uuid, data)


@pytest.fixture
def garbling(monkeypatch):
    """open_demo_stream's transport delivers malformed notifications (see GarblingTransport)."""
    import imu.transport

    monkeypatch.setattr(GarblingTransport, "instances", [])
    monkeypatch.setattr(imu.transport, "SimulatedTransport", GarblingTransport)
    return GarblingTransport


async def test_session_events_equal_batch_on_the_received_samples(rec, tmp_path) -> None:
    session, summary, tap, cue, out, _ = await _run(rec, tmp_path, speed=1000)
    t, acc, gyro = tap.arrays()
    assert summary.n_samples == len(t) > 0.99 * len(rec)
    batch = analyze(t, acc, gyro, rec.placement, rec.target_pause_s)
    live_reps = [e.rep for e in session.events if isinstance(e, RepCompleted)]
    assert [r.to_dict() for r in live_reps] == [r.to_dict() for r in batch.reps]
    assert summary.result is not None and summary.result.to_dict() == batch.to_dict()
    # the cues follow the events
    n_target = sum(isinstance(e, PauseTarget) for e in session.events)
    n_short = sum(isinstance(e, PauseEnded) and e.hold_s < rec.target_pause_s for e in session.events)
    assert cue.calls.count("pause_target") == n_target > 0
    assert cue.calls.count("short_pause") == n_short
    assert "link_lost" not in cue.calls
    # the recording holds exactly the received samples
    back = read_recording(out)
    np.testing.assert_allclose(back.t, t, atol=1e-6)
    np.testing.assert_allclose(back.acc, acc, atol=1e-6)


async def test_link_loss_is_reported_and_the_session_survives(rec, tmp_path) -> None:
    full = analyze(rec.t, rec.acc, rec.gyro, rec.placement, rec.target_pause_s)
    assert len(full.sets) >= 2, "needs two sets to drop the link between them"
    gap0, gap1 = full.sets[0].end_s, full.sets[1].start_s
    outage = 3.0  # s of sensor time
    at = 0.5 * (gap0 + gap1) - outage / 2 - rec.t[0]
    assert gap1 - gap0 > outage + 4
    # speed 8: the stream starts reconnecting when the consumer reaches the loss in its queue,
    # so the consumer must keep up with the replay: a consumer more than the rest of the replay
    # (74 s of it, 9 wall seconds at speed 8) behind reconnects to a device that has finished,
    # and no 'restored' comes (seen at speed 15 with three CPU-bound processes on two cores)
    session, summary, tap, cue, out, device = await _run(
        rec, tmp_path, speed=8, link_losses=[(at, outage)])

    links = [e for e in session.events if isinstance(e, LinkEvent)]
    assert [e.state for e in links] == ["lost", "restored"]
    lost, restored = links
    rate = 100.0
    # at least the outage; more while the reconnection backs off (real-time policy, scaled) and
    # while a loaded machine's consumer catches up with its queue (each wall second of that is
    # 8 s of the replay): reconnected before the next set began, so all of its reps arrive
    assert outage * rate * 0.9 <= restored.missing_samples < (gap1 - (at + rec.t[0])) * rate
    # t_s: newest sample received before the drop (frames in flight at the drop are lost)
    assert at + rec.t[0] - 0.5 <= lost.t_s <= at + rec.t[0]
    assert "link_lost" in cue.calls
    assert summary.link.losses == 1 and summary.link.total_missing == restored.missing_samples

    # samples resume after the gap, time base intact
    t, _, _ = tap.arrays()
    gaps = np.diff(t)
    assert np.all(gaps > 0)
    big = np.flatnonzero(gaps > 0.5)
    assert len(big) == 1 and gaps[big[0]] == pytest.approx((restored.missing_samples + 1) / rate, abs=0.02)
    assert len(read_recording(out)) == summary.n_samples == len(t)

    # reps after the reconnection are detected, as the batch analysis of the full file has them
    live_after = [e.rep for e in session.events if isinstance(e, RepCompleted) and e.rep.start_s > t[big[0] + 1]]
    batch_after = [r for r in full.reps if r.start_s > t[big[0] + 1]]
    assert len(batch_after) >= 1
    assert len(live_after) == len(batch_after)
    for a, b in zip(live_after, batch_after):
        assert abs(a.start_s - b.start_s) <= TOL_S and abs(a.end_s - b.end_s) <= TOL_S


async def test_malformed_notifications_are_counted_in_the_summary(rec, tmp_path, garbling) -> None:
    session, summary, tap, _cue, out, _ = await _run(rec, tmp_path, speed=1000)
    (tr,) = garbling.instances
    assert tr.injected >= 20
    # every malformed packet is counted once; the good ones around them all decode
    assert summary.decode_errors == session.decode_errors == tr.injected
    assert summary.link.total_missing == 0 and summary.n_samples > 0.99 * len(rec)
    assert len(read_recording(out)) == summary.n_samples
    # blocks carry the driver's running total, which only grows
    counts = [b.decode_errors for b in tap.blocks]
    assert counts == sorted(counts) and 0 < counts[-1] <= tr.injected
    assert f"{tr.injected} malformed packets skipped" in "\n".join(summary_lines(summary))


async def test_a_stream_of_only_malformed_notifications_is_reported(rec, tmp_path, garbling) -> None:
    # e.g. firmware speaking another protocol version: no block ever arrives, the count must
    # still reach the summary (read from the stream at the end, not from a block)
    garbling.every, garbling.replace = 1, True
    session, summary, tap, _cue, _out, _ = await _run(rec, tmp_path, speed=1000)
    (tr,) = garbling.instances
    assert tr.injected > 100 and tap.blocks == [] and summary.n_samples == 0
    assert summary.decode_errors == tr.injected
    lines = "\n".join(summary_lines(summary))
    assert "no data" in lines and f"{tr.injected} malformed packets skipped" in lines


async def test_session_reads_the_count_from_a_sensor_stream_when_stopped(rec, garbling) -> None:
    import asyncio

    from imu.sensor_stream import open_sensor_stream

    garbling.every = 3
    device = make_demo_device(rec.t, rec.acc, rec.gyro, speed=50)
    stream = open_sensor_stream(device.address, rate_hz=100.0,
                                transport_factory=lambda _d: garbling(device))
    session = LiveSession(StreamingAnalyzer(rec.placement, rec.target_pause_s))
    try:
        with pytest.raises(asyncio.TimeoutError):  # a sensor stream never ends: stop it
            await asyncio.wait_for(session.run(stream), 0.5)
    finally:
        await device.close()
    (tr,) = garbling.instances
    assert tr.injected > 0 and session.n_samples > 0
    assert session.close().decode_errors == stream.decode_errors == stream.driver.decode_errors == tr.injected


def _render_text(view: RichView) -> str:
    from rich.console import Console

    buf = io.StringIO()
    Console(file=buf, width=100, force_terminal=False, color_system=None).print(view.render())
    return buf.getvalue()


def test_rich_view_shows_hold_timer_link_and_last_rep(tmp_path) -> None:
    from rich.console import Console

    view = RichView(Console(file=io.StringIO(), force_terminal=True), placement="bar", target_pause_s=2.0,
                    recording=tmp_path / "r.csv", source="test")
    session = LiveSession(StreamingAnalyzer("bar", 2.0), target_pause_s=2.0)
    view.status = LiveStatus(t_s=10.0, phase="pause", rep_count=3, set_count=1, velocity_mps=0.01,
                             hold_s=1.2, target_pause_s=2.0)
    txt = _render_text(view)
    assert "1.2 / 2 s" in txt and "PULL" not in txt and "pause" in txt and "r.csv" in txt
    view.status = LiveStatus(t_s=11.0, phase="pause", rep_count=3, set_count=1, velocity_mps=0.0,
                             hold_s=2.1, target_pause_s=2.0)
    assert "PULL!" in _render_text(view)
    session.link.update(LinkEvent(12.0, "lost", 0))
    view.on_event(LinkEvent(12.0, "lost", 0), session)
    txt = _render_text(view)
    assert "lost" in txt and "link lost" in txt.lower()
    assert "malformed" not in txt  # nothing to say while every packet decoded
    session.process(SampleBlock(np.array([12.5]), np.zeros((1, 3)), np.zeros((1, 3)), decode_errors=7))
    view.on_samples(SampleBlock(np.array([12.5]), np.zeros((1, 3)), np.zeros((1, 3))), session)
    assert session.decode_errors == 7 and "malformed packets skipped 7" in _render_text(view)


def test_scan_lists_sensors_and_reports_missing_bluetooth(monkeypatch, capsys) -> None:
    import imu.ble
    from bleak.exc import BleakBluetoothNotAvailableError, BleakBluetoothNotAvailableReason

    from imu.ble import FoundSensor
    from imu.devices import SensorKind
    from repsense.live_cli import add_scan_arguments, run_scan

    p = argparse.ArgumentParser()
    add_scan_arguments(p)
    args = p.parse_args(["--timeout", "0.1"])

    async def found(timeout_s: float):
        return [FoundSensor("C0:FF:EE:00:00:01", "RS-IMU", -48, SensorKind.REPSENSE),
                FoundSensor("D1:00:00:00:00:02", "WT901BLE68", -71, SensorKind.WITMOTION)]

    monkeypatch.setattr(imu.ble, "scan", found)
    assert run_scan(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["ADDRESS", "NAME", "KIND", "RSSI"]
    assert out[1].split() == ["C0:FF:EE:00:00:01", "RS-IMU", "repsense", "-48"]
    assert out[2].split() == ["D1:00:00:00:00:02", "WT901BLE68", "witmotion-wt901ble", "-71"]

    for exc in (FileNotFoundError(2, "No such file or directory"),
                BleakBluetoothNotAvailableError("adapter off", BleakBluetoothNotAvailableReason.POWERED_OFF)):
        async def broken(timeout_s: float, exc=exc):
            raise exc

        monkeypatch.setattr(imu.ble, "scan", broken)
        assert run_scan(args) == 1
        captured = capsys.readouterr()
        assert "Bluetooth is not available" in captured.err and "Traceback" not in captured.err
        assert captured.out == ""


def _blocks(rec, n_blocks: int, size: int = 10):
    for i in range(0, min(len(rec), n_blocks * size), size):
        yield SampleBlock(rec.t[i:i + size], rec.acc[i:i + size], rec.gyro[i:i + size])


def test_an_analysis_crash_keeps_the_recording_going(rec, tmp_path) -> None:
    class Flaky(StreamingAnalyzer):
        calls = 0

        def feed(self, t, acc, gyro):  # type: ignore[override]
            Flaky.calls += 1
            if Flaky.calls == 50:
                raise RuntimeError("boom")
            return super().feed(t, acc, gyro)

    out = tmp_path / "r.csv"
    session = LiveSession(Flaky("bar", 2.0), writer=RecordingWriter(out, {"placement": "bar"}), recording_path=out)
    for b in _blocks(rec, 200):
        session.process(b)
    summary = session.close()
    assert len(read_recording(out)) == 2000 == summary.n_samples
    assert summary.result is None and any("boom" in e for e in summary.errors)
    assert Flaky.calls == 50  # not fed again after the failure


def test_a_recording_failure_keeps_the_coaching_going(rec) -> None:
    class FullDisk:
        n = 0

        def write_block(self, t, acc, gyro) -> None:
            FullDisk.n += 1
            if FullDisk.n >= 10:
                raise OSError(28, "No space left on device")

        def close(self) -> None:
            pass

    session = LiveSession(StreamingAnalyzer("bar", 2.0), writer=FullDisk())
    for b in _blocks(rec, 3000):
        session.process(b)
    summary = session.close()
    assert summary.n_samples == 14859 and summary.result is not None and summary.result.n_samples == 14859
    assert any("No space left" in e for e in summary.errors)
    assert FullDisk.n == 10  # no retry storm after the failure
