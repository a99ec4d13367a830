"""Live-session benchmarks (run by hand; prints figures).

1. Analysis cost per sample at 200 Hz when fed as live notifications: the repsense stream
   protocol at 200 Hz sends one frame every 50 ms with 10 samples, so the streaming analyzer is
   fed 10-sample blocks. Also the whole per-block pipeline (recording + analysis + JSON lines).
2. A long simulated live session (default 2 h at 200 Hz) through the LiveSession pipeline
   (RecordingWriter to a temp file, StreamingAnalyzer, JSON-lines view to /dev/null), fed
   10-sample notifications as fast as it takes them, printing the process RSS (and, with
   --tracemalloc, the Python heap) over data time. ``--via-ble SPEED`` runs it through the whole
   simulated path instead (repsense-protocol sensor -> SimulatedTransport -> open_sensor_stream)
   at that replay speed; if the machine cannot keep up, the stream's queue grows (the backlog
   column), which is not the pipeline's memory.
3. Rep detection delay: simulated sessions (fresh seeds 10000+, every set style, both placements,
   50/100/200 Hz, BLE and clean links) fed as 50 ms notifications; for every `rep` event the
   delay ``t_s - rep.end_s`` (data time), per placement and set style (issue 3 asks <= 0.3 s).
3b. The same for continuous sets (``--part continuous``; bench_accuracy.py --continuous: the bar
   held the whole set, pulled touch-and-go, never set down; fresh seeds 60000+): how long after
   its end each rep's event came, and how many events are reps the session's result holds.
4. Live pause hints: ``pause_started`` / ``pause_target`` inside and outside true holds, and each
   cue's error against the true moment the hold reached the target (issue 3 asks +-0.05 s).

Parts 3 and 4 feed the sample times the live path's device layer gives (imu.timestamps: the
sensor's clock, or its sample count and rate; never the host's arrival times): the simulated
sensor's own times, a reading the link repeated dropped as the device layer drops it.
``--host-stamps`` feeds the simulated link's host arrival stamps instead (jittered by 10-20 ms:
what only a recording made without the sensor's clock holds; `repsense replay` retimes those
first, the live path never sees them), as these parts did before the third session of
2026-12-06.

Usage::

    .venv/bin/python benchmarks/bench_live.py                 # both parts, 2 h session
    .venv/bin/python benchmarks/bench_live.py --part cost
    .venv/bin/python benchmarks/bench_live.py --part session --hours 0.5 --via-ble 10
    .venv/bin/python benchmarks/bench_live.py --part delay --delay-seeds 10000:10010
    .venv/bin/python benchmarks/bench_live.py --part continuous --continuous-seeds 60000:60020
    .venv/bin/python benchmarks/bench_live.py --part cues --cue-seeds 10000:10010 --cue-target 3
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import io
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.batch import stream_events  # noqa: E402
from analysis.streaming import StreamingAnalyzer  # noqa: E402
from imu.recording import RecordingWriter, read_recording  # noqa: E402
from imu.simulator import simulate_long_session, simulate_session  # noqa: E402
from imu.stream_types import SampleBlock  # noqa: E402
from repsense.live_session import LiveSession  # noqa: E402
from repsense.live_source import open_demo_stream  # noqa: E402
from repsense.live_view import JsonlView  # noqa: E402

RATE_HZ = 200.0
FRAME = 10  # samples per notification at 200 Hz (repsense protocol: a frame every <= 50 ms)


def rss_mb() -> float:
    """Resident set size of this process (MB), from /proc (Linux)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def part_cost(seeds: list[int]) -> None:
    print(f"== analysis cost per sample, {RATE_HZ:g} Hz, fed {FRAME}-sample notifications ==")
    tot_n = 0
    tot_an = 0.0
    tot_pipe = 0.0
    block_times: list[float] = []
    for seed in seeds:
        s = simulate_session(seed=seed, placement="bar", rate_hz=RATE_HZ, link="clean")
        target = float(s.metadata["target_pause_s"]) if "target_pause_s" in s.metadata else None
        n = len(s.t)
        # analyzer alone
        an = StreamingAnalyzer("bar", target)
        t0 = time.perf_counter()
        for i in range(0, n, FRAME):
            b0 = time.perf_counter()
            an.feed(s.t[i:i + FRAME], s.acc[i:i + FRAME], s.gyro[i:i + FRAME])
            block_times.append(time.perf_counter() - b0)
        an.finish()
        tot_an += time.perf_counter() - t0
        # whole per-block pipeline: recording + analysis + JSON lines (to a string buffer)
        with tempfile.TemporaryDirectory() as d:
            out = Path(d) / "rec.csv"
            sess = LiveSession(
                StreamingAnalyzer("bar", target),
                writer=RecordingWriter(out, {"placement": "bar", "rate_hz": f"{RATE_HZ:g}"}),
                observers=[JsonlView(io.StringIO())], target_pause_s=target,
            )
            t0 = time.perf_counter()
            for i in range(0, n, FRAME):
                sess.process(SampleBlock(s.t[i:i + FRAME], s.acc[i:i + FRAME], s.gyro[i:i + FRAME]))
            sess.close()
            tot_pipe += time.perf_counter() - t0
            assert len(read_recording(out)) == n
        tot_n += n
        print(f"  seed {seed}: {n} samples ({s.duration_s:.0f} s of data)")
    bt = np.array(block_times) * 1e3
    per = tot_an / tot_n
    print(f"  analyzer: {per * 1e6:.1f} us/sample mean -> {per * RATE_HZ * 100:.2f} % of one core at {RATE_HZ:g} Hz")
    print(f"  per notification ({FRAME} samples): median {np.median(bt):.3f} ms, p99 {np.percentile(bt, 99):.3f} ms, "
          f"max {bt.max():.1f} ms (budget: 50 ms between notifications)")
    print(f"  pipeline (record + analyse + jsonl): {tot_pipe / tot_n * 1e6:.1f} us/sample mean")


async def _long_session(hours: float, speed: float | None, use_tracemalloc: bool, every_min: float) -> None:
    """speed None: feed the LiveSession 10-sample notifications as fast as it takes them (memory of
    the pipeline itself); else: the full simulated-BLE path at that replay speed (memory then also
    includes the stream's queue if the consumer falls behind: see the backlog column)."""
    dur = hours * 3600.0
    t0 = time.perf_counter()
    s = simulate_long_session(7, dur, "bar", RATE_HZ, link="clean")
    how = "direct 10-sample notifications, as fast as possible" if speed is None else \
        f"simulated sensor + SimulatedTransport + open_sensor_stream at {speed:g}x"
    print(f"== {hours:g} h live session at {RATE_HZ:g} Hz through LiveSession ({how}) ==")
    print(f"  simulated {len(s.t)} samples ({s.duration_s / 60:.1f} min, {len(s.truth.reps)} true reps) "
          f"in {time.perf_counter() - t0:.1f} s; source arrays {(s.t.nbytes + s.acc.nbytes + s.gyro.nbytes) / 2**20:.0f} MB")
    target = float(s.metadata["target_pause_s"]) if "target_pause_s" in s.metadata else None

    class Rec:
        t, acc, gyro, metadata = s.t, s.acc, s.gyro, dict(s.metadata)

    async def direct_items():
        n = len(s.t)
        for i in range(0, n, FRAME):
            yield SampleBlock(s.t[i:i + FRAME], s.acc[i:i + FRAME], s.gyro[i:i + FRAME])
            if i % 2000 == 0:
                await asyncio.sleep(0)

    gc.collect()
    if use_tracemalloc:
        tracemalloc.start()
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "long.csv"
        source = open_demo_stream(Rec, speed=speed) if speed is not None else None
        items = source.items if source is not None else direct_items()
        devnull = open(os.devnull, "w")
        sess = LiveSession(
            StreamingAnalyzer("bar", target),
            writer_factory=lambda: RecordingWriter(out, {"placement": "bar", "rate_hz": f"{RATE_HZ:g}"}),
            observers=[JsonlView(devnull)], target_pause_s=target,
        )
        rows: list[tuple[float, float, float]] = []
        next_mark = 0.0
        w0 = time.perf_counter()
        hdr = "  data min   wall s   RSS MB  backlog(frames)" + ("   heap MB  heap peak MB" if use_tracemalloc else "")
        print(hdr, flush=True)
        async for item in items:
            sess.process(item)
            if sess.last_t_s is not None and sess.last_t_s >= next_mark:
                wall = time.perf_counter() - w0
                r = rss_mb()
                q = -1 if source is None else getattr(getattr(source.stream, "_queue", None), "qsize", lambda: -1)()
                line = f"  {sess.last_t_s / 60:8.1f} {wall:8.1f} {r:8.1f} {q:16d}"
                if use_tracemalloc:
                    c, p = tracemalloc.get_traced_memory()
                    line += f" {c / 2**20:9.1f} {p / 2**20:12.1f}"
                print(line, flush=True)
                rows.append((sess.last_t_s / 60.0, wall, r))
                next_mark += every_min * 60.0
        summary = sess.close()
        wall = time.perf_counter() - w0
        size_mb = out.stat().st_size / 2**20
        devnull.close()
    rss = np.array([r[2] for r in rows])
    later = rss[len(rss) // 4:] if len(rss) >= 4 else rss
    print(f"  RSS: first {rss[0]:.1f} MB, after the first quarter min {later.min():.1f} / max {later.max():.1f} MB "
          f"(spread {later.max() - later.min():.1f} MB)")
    if use_tracemalloc:
        print(f"  Python heap peak over the session: {tracemalloc.get_traced_memory()[1] / 2**20:.1f} MB")
    res = summary.result
    print(f"  {summary.n_samples} samples in {wall:.1f} s wall ({summary.n_samples / wall:.0f} samples/s, "
          f"{summary.n_samples / wall / RATE_HZ:.0f}x real time), recording {size_mb:.0f} MB, "
          f"reps {len(res.reps) if res else '?'}, sets {len(res.sets) if res else '?'}, events {len(sess.events)}")


def part_delay(lo: int, hi: int, host_stamps: bool = False) -> None:
    """Rep event delays (data time) on simulated sessions fed as 50 ms notifications."""
    by: dict[tuple[str, str], list[float]] = {}
    for placement in ("bar", "back"):
        for seed in range(lo, hi):
            for rate in (50.0, 100.0, 200.0):
                for link in ("ble", "clean"):
                    s = simulate_session(seed, placement, rate, link=link)
                    style = {r: st.style for st in s.truth.sets for r in st.reps}
                    ends = np.array([r.end_s for r in s.truth.reps])
                    idx = [r.index for r in s.truth.reps]
                    for e in _stream_events(s, placement, None, host_stamps):
                        if e.to_dict()["event"] != "rep" or not len(ends):
                            continue
                        j = int(np.argmin(np.abs(ends - e.rep.end_s)))
                        # (to the microsecond: both are grid times, and a float sum's last bit
                        # must not turn a 0.300 s delay into a miss)
                        by.setdefault((placement, style[idx[j]]), []).append(round(e.t_s - e.rep.end_s, 6))
    print(f"rep event delay t_s - rep.end_s, s (seeds {lo}..{hi - 1}, 50/100/200 Hz, ble+clean, 50 ms notifications, "
          f"{'host arrival stamps' if host_stamps else 'sensor times'})")
    print(f"{'placement':9} {'sets':13} {'reps':>5} {'p50':>6} {'p90':>6} {'p95':>6} {'max':>6} {'<=0.3 s':>8}")
    for placement in ("bar", "back"):
        rows = [(k[1], np.array(v)) for k, v in sorted(by.items()) if k[0] == placement]
        rows.append(("all", np.concatenate([d for _, d in rows])))
        for style, d in rows:
            print(f"{placement:9} {style:13} {len(d):5d} {np.percentile(d, 50):6.2f} {np.percentile(d, 90):6.2f} "
                  f"{np.percentile(d, 95):6.2f} {d.max():6.2f} {np.mean(d <= 0.3):8.1%}")


def part_continuous(lo: int, hi: int) -> None:
    """Rep event delays (data time) on continuous sets, and the events' reps against the result."""
    from bench_accuracy import continuous_spec

    delays: list[float] = []
    true_delays: list[float] = []  # t_s - the true rep's end
    end_errs: list[float] = []  # the event's rep end - the true rep's end
    n_events = n_result = n_true = n_kept = 0
    for seed in range(lo, hi):
        for rate, link in ((100.0, "clean"), (50.0, "ble"), (200.0, "ble")):
            s = simulate_session(seed, "bar", rate, link=link, spec=continuous_spec(seed))
            an = StreamingAnalyzer("bar", None)
            events = _stream_events(s, "bar", None, analyzer=an)
            reps = [e for e in events if e.to_dict()["event"] == "rep"]
            final = an.result().reps
            delays += [round(e.t_s - e.rep.end_s, 6) for e in reps]
            for e in reps:
                # (against the true rep it is: the one that began nearest it, within 0.3 s)
                tr = min(s.truth.reps, key=lambda r: abs(r.start_s - e.rep.start_s))
                if abs(tr.start_s - e.rep.start_s) <= 0.3:
                    true_delays.append(e.t_s - tr.end_s)
                    end_errs.append(e.rep.end_s - tr.end_s)
            n_events, n_result, n_true = n_events + len(reps), n_result + len(final), n_true + len(s.truth.reps)
            n_kept += sum(any(abs(r.start_s - e.rep.start_s) < 0.3 for r in final) for e in reps)
    d = np.array(delays)
    print(f"continuous sets (seeds {lo}..{hi - 1}; 100 Hz clean, 50 and 200 Hz ble; 50 ms notifications): "
          f"{n_true} reps done, {n_result} in the results, {n_events} rep events ({n_kept} of them reps the result holds)")
    print(f"  rep event delay t_s - rep.end_s: p50 {np.percentile(d, 50):.2f} s, p90 {np.percentile(d, 90):.2f} s, "
          f"max {d.max():.2f} s; {np.mean(d <= 0.3):.1%} within 0.3 s, {np.mean(d <= 1.5):.1%} within 1.5 s")
    td, ee = np.array(true_delays), np.abs(np.array(end_errs))
    print(f"  against the true rep's end ({td.shape[0]} events whose rep began within 0.3 s of a true one's): delay p50 "
          f"{np.percentile(td, 50):.2f} s, p90 {np.percentile(td, 90):.2f} s; {np.mean(td <= 0.3):.1%} within 0.3 s "
          f"({np.mean(td < -0.3):.1%} more than 0.3 s before it); "
          f"the event's rep end off by p50 {np.percentile(ee, 50):.2f} s, p90 {np.percentile(ee, 90):.2f} s")


def _stream_events(s, placement: str, target: float | None, host_stamps: bool = False,
                   analyzer: StreamingAnalyzer | None = None) -> list:
    """Feed a simulated session to a StreamingAnalyzer (``analyzer``, or a new one) as 50 ms
    notifications; all its events. Times: the sensor's own (a repeated reading dropped), or with
    ``host_stamps`` the link's arrival stamps (see the module's docstring)."""
    t, acc, gyro = s.t, s.acc, s.gyro
    if not host_stamps:
        keep = np.concatenate(([True], np.diff(s.reading_t) > 0.0))
        t, acc, gyro = s.reading_t[keep], acc[keep], gyro[keep]
    an = analyzer if analyzer is not None else StreamingAnalyzer(placement, target)
    # (one notification per 50 ms of data time, as a sensor sends them. Until the eighteenth
    # session of 2026-12-07 these parts were fed blocks of as many samples as the nominal rate
    # gives in 50 ms, which over a link delivering a fifth of them, as the simulated BLE link
    # does at 200 Hz, were 0.2-0.3 s of data each: every event waited for one to end)
    return stream_events(an, t, acc, gyro, period_s=NOTIFICATION_S)


#: the data time one notification of the live path carries (the repsense stream protocol at
#: 200 Hz: one frame of 10 samples every 50 ms), s
NOTIFICATION_S = 0.05


def part_cues(lo: int, hi: int, target: float, host_stamps: bool = False) -> None:
    """Live pause hints against the truth: ``pause_started`` and ``pause_target`` inside a true
    hold (the cue: its error against the true moment the hold reached the target) or outside
    every true hold (a false hint)."""
    print(f"live pause hints (seeds {lo}..{hi - 1}, 50/100/200 Hz, ble+clean, 50 ms notifications, target {target:g} s, "
          f"{'host arrival stamps' if host_stamps else 'sensor times'})")
    print(f"{'placement':9} {'started in/out':>15} {'cues in/out':>12} {'cue err p50':>12} {'p95 |err|':>10} "
          f"{'|err|<=0.05':>12} {'holds>=target cued':>19}")
    for placement in ("bar", "back"):
        n_in = n_out = c_in = c_out = due_holds = due_cued = 0
        errs: list[float] = []
        for seed in range(lo, hi):
            for rate in (50.0, 100.0, 200.0):
                for link in ("ble", "clean"):
                    s = simulate_session(seed, placement, rate, link=link)
                    holds = [p for r in s.truth.reps for p in r.pauses]
                    cued = set()
                    for e in _stream_events(s, placement, target, host_stamps):
                        kind = e.to_dict()["event"]
                        if kind not in ("pause_started", "pause_target"):
                            continue
                        inside = [j for j, p in enumerate(holds) if p.start_s - 0.3 <= e.t_s <= p.end_s + 0.3]
                        if kind == "pause_started":
                            n_in, n_out = n_in + bool(inside), n_out + (not inside)
                        else:
                            c_in, c_out = c_in + bool(inside), c_out + (not inside)
                            for j in inside:
                                if holds[j].hold_s >= target:
                                    cued.add(j)
                                    errs.append(e.t_s - (holds[j].start_s + target))
                    due = [j for j, p in enumerate(holds) if p.hold_s >= target]
                    due_holds += len(due)
                    due_cued += len(cued & set(due))
        d = np.abs(np.array(errs)) if errs else np.zeros(1)
        med = float(np.median(errs)) if errs else float("nan")
        print(f"{placement:9} {n_in:>7d}/{n_out:<7d} {c_in:>5d}/{c_out:<6d} {med:12.3f} {np.percentile(d, 95):10.3f} "
              f"{np.mean(d <= 0.05):12.1%} {due_cued:>9d}/{due_holds:<9d}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=("cost", "session", "delay", "continuous", "cues", "all"), default="all")
    ap.add_argument("--continuous-seeds", default="60000:60020", help="seeds LO:HI for the continuous part")
    ap.add_argument("--delay-seeds", default="10000:10010", help="seeds LO:HI for the delay part")
    ap.add_argument("--cue-seeds", default="10000:10010", help="seeds LO:HI for the cues part")
    ap.add_argument("--cue-target", type=float, default=3.0, help="pause target (s) for the cues part")
    ap.add_argument("--host-stamps", action="store_true",
                    help="delay and cues parts: feed the link's host arrival stamps, not the sensor's times")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 3, 5])
    ap.add_argument("--hours", type=float, default=2.0)
    ap.add_argument("--via-ble", type=float, default=None, metavar="SPEED",
                    help="long session through the simulated sensor/transport/stream at this replay speed "
                         "(default: notifications fed directly, as fast as the pipeline takes them)")
    ap.add_argument("--every-min", type=float, default=10.0, help="memory sample every N minutes of data")
    ap.add_argument("--tracemalloc", action="store_true", help="also trace the Python heap (slower)")
    a = ap.parse_args()
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, {os.cpu_count()} CPUs")
    if a.part in ("cost", "all"):
        part_cost(a.seeds)
    if a.part in ("delay", "all"):
        part_delay(*(int(x) for x in a.delay_seeds.split(":")), a.host_stamps)
    if a.part in ("continuous", "all"):
        part_continuous(*(int(x) for x in a.continuous_seeds.split(":")))
    if a.part in ("cues", "all"):
        part_cues(*(int(x) for x in a.cue_seeds.split(":")), a.cue_target, a.host_stamps)
    if a.part in ("session", "all"):
        asyncio.run(_long_session(a.hours, a.via_ble, a.tracemalloc, a.every_min))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
