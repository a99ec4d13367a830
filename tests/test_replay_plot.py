"""`repsense replay --plot FILE`: the review figure, its signal envelope, and bad plot requests."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from repsense.cli import main  # noqa: E402
from repsense.plot import SessionSignals, SignalEnvelope, build_figure  # noqa: E402
from repsense.replay import replay_file  # noqa: E402

BAR = str(ROOT / "recordings" / "pause_deadlift_bar_100hz.csv")
BACK = str(ROOT / "recordings" / "deadlift_back_100hz.csv")

pytest.importorskip("matplotlib")


def _brute_envelope(t: np.ndarray, v: np.ndarray, bucket: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    b = np.floor((t - t[0]) / bucket).astype(int)
    ids = np.unique(b)
    return ids, np.array([v[b == i].min() for i in ids]), np.array([v[b == i].max() for i in ids])


def test_envelope_is_the_min_and_max_of_each_bucket_however_the_data_is_blocked() -> None:
    rng = np.random.default_rng(5)
    t = np.cumsum(rng.uniform(0.004, 0.03, 3000))  # jittered times, some buckets empty
    v = rng.normal(size=3000)
    ids, lo, hi = _brute_envelope(t, v, 0.05)
    one = SignalEnvelope(0.05)
    one.add(t, v)
    blocked = SignalEnvelope(0.05)
    cuts = np.sort(rng.choice(np.arange(1, 3000), 40, replace=False))
    for a, b in zip(np.r_[0, cuts], np.r_[cuts, 3000]):
        blocked.add(t[a:b], v[a:b])
    b = np.floor((t - t[0]) / 0.05).astype(int)
    mean = np.array([v[b == i].mean() for i in ids])
    for env in (one, blocked):
        tc, elo, ehi = env.arrays(max_buckets=10**9)
        np.testing.assert_array_equal(elo[:, 0], lo)
        np.testing.assert_array_equal(ehi[:, 0], hi)
        np.testing.assert_allclose(tc, t[0] + (ids + 0.5) * 0.05)
        tm, em = env.means(max_buckets=10**9)
        np.testing.assert_allclose(tm, tc)
        np.testing.assert_allclose(em[:, 0], mean, rtol=1e-12, atol=1e-12)
    # merged buckets: the mean of all their samples, not of the bucket means
    env = SignalEnvelope(0.05)
    env.add(np.array([0.0, 0.01, 0.02, 0.06]), np.array([1.0, 1.0, 1.0, 5.0]))
    assert env.means(max_buckets=2)[1][:, 0].tolist() == [1.0, 5.0]
    assert env.means(max_buckets=1)[1][:, 0].tolist() == [2.0]


def test_envelope_merged_to_fewer_buckets_keeps_the_extremes() -> None:
    t = np.arange(100_000) * 0.01
    v = np.sin(t * 3.0)
    v[51_234] = 7.0  # a one-sample spike must survive the merge
    env = SignalEnvelope(0.02)
    env.add(t, v)
    tc, lo, hi = env.arrays(max_buckets=500)
    assert tc.shape[0] <= 500
    assert hi.max() == 7.0 and lo.min() == v.min()
    assert tc[np.argmax(hi[:, 0])] == pytest.approx(512.34, abs=1000 * 0.02 / 500 * 100)
    # a time range picks the fine buckets that overlap it
    tz, zlo, zhi = env.arrays(t_range=(512.0, 513.0))
    assert tz.min() >= 512.0 - 0.02 and tz.max() <= 513.0 + 0.02
    assert zhi.max() == 7.0
    assert env.arrays(t_range=(5000.0, 5001.0))[0].shape == (0,)


def test_figure_has_a_span_for_every_rep_and_pause_and_a_panel_per_set() -> None:
    sig = SessionSignals()
    res = replay_file(BAR, on_block=sig.add_block)
    fig = build_figure(res, sig, title="bar")
    gids = {a.get_gid() for ax in fig.axes for a in ax.get_children()} | {ax.get_gid() for ax in fig.axes}
    for r in res.reps:
        assert f"rep-{r.index}-concentric" in gids and f"rep-{r.index}-eccentric" in gids
        for k in range(1, len(r.pauses) + 1):
            assert f"pause-{r.index}-{k}" in gids
    assert sum(1 for g in gids if g and g.startswith("pause-")) == sum(len(r.pauses) for r in res.reps) == 7
    assert {f"set-{s.index}" for s in res.sets} <= gids
    # the spans sit where the reps are: the first rep's concentric span covers start..lockout
    span = next(a for ax in fig.axes for a in ax.get_children() if a.get_gid() == "rep-1-concentric")
    # (a Rectangle since matplotlib 3.9, a Polygon before)
    x = np.array([span.get_x(), span.get_x() + span.get_width()]) if hasattr(span, "get_width") else span.get_xy()[:, 0]
    assert x.min() == pytest.approx(res.reps[0].start_s) and x.max() == pytest.approx(res.reps[0].lockout_s)
    # the envelope drawn covers the whole session
    tc, _, _ = sig.envelope.arrays()
    assert tc[0] < 1.0 and tc[-1] > res.duration_s - 1.0


def test_observer_sees_every_sample_and_changes_nothing() -> None:
    seen = []
    res = replay_file(BAR, on_block=lambda t, a, g: seen.append(len(t)))
    assert sum(seen) == res.n_samples
    assert res.to_dict() == replay_file(BAR).to_dict()


@pytest.mark.parametrize("rec,suffix", [(BAR, ".png"), (BACK, ".svg"), (BAR, ".pdf")])
def test_cli_writes_the_figure_and_still_prints_the_table(rec: str, suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"review{suffix}"
    assert main(["replay", rec, "--plot", str(out)]) == 0
    head = out.read_bytes()[:8]
    assert head.startswith({".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF"}[suffix])
    assert "rep(s)" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_cli_plot_with_json_keeps_the_json_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["replay", BAR, "--json", "--plot", str(tmp_path / "r.png")]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["n_reps"] == 7


@pytest.mark.parametrize("name,msg", [("review.txt", "writes"), ("review", "no suffix"), ("missing/review.png", "no such directory")])
def test_cli_bad_plot_path_exits_2_before_the_analysis(name: str, msg: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", BAR, "--plot", str(tmp_path / name)]) == 2
    cap = capsys.readouterr()
    assert msg in cap.err and cap.out == ""


def test_cli_plot_without_matplotlib_says_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    for mod in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, mod)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    assert main(["replay", BAR, "--plot", str(tmp_path / "r.png")]) == 2
    assert "pip install 'repsense[plot]'" in capsys.readouterr().err
    assert not (tmp_path / "r.png").exists()


def test_a_recording_is_never_overwritten_by_a_plot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rec = tmp_path / "session.csv"
    rec.write_bytes(Path(BAR).read_bytes())
    assert main(["replay", str(rec), "--plot", str(rec)]) == 2  # .csv is no figure type
    assert rec.read_bytes() == Path(BAR).read_bytes()


def test_a_session_without_reps_still_gets_its_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The first 10 s of a session (knocks on the bar, no lift): the figure says so, no rep spans."""
    lines = Path(BAR).read_text().splitlines()
    head = [ln for ln in lines if ln.startswith("#")]
    body = [ln for ln in lines if not ln.startswith("#")][:1001]  # the column names and 10 s
    rec = tmp_path / "no_reps.csv"
    rec.write_text("\n".join(head + body) + "\n")
    out = tmp_path / "no_reps.png"
    assert main(["replay", str(rec), "--plot", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")
    sig = SessionSignals()
    res = replay_file(str(rec), on_block=sig.add_block)
    assert res.reps == ()
    fig = build_figure(res, sig)
    assert not any((a.get_gid() or "").startswith(("rep-", "pause-", "set-")) for ax in fig.axes for a in ax.get_children())
    assert any("no reps" in t.get_text() for ax in fig.axes for t in ax.texts)


def test_a_figure_that_cannot_be_written_is_said_and_the_table_still_printed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from matplotlib.figure import Figure

    def full_disk(self, fname, **kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Figure, "savefig", full_disk)
    out = tmp_path / "r.png"
    assert main(["replay", BAR, "--plot", str(out)]) == 2
    cap = capsys.readouterr()
    assert "the figure could not be written: No space left on device" in cap.err
    assert "7 rep(s)" in cap.out
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_a_back_sensor_figure_draws_the_trunk_inclination_from_the_lockout() -> None:
    """Back placement: the trace is the trunk's inclination from its lockout posture, about 0 deg
    at each rep's lockout and bent over (40 deg or more) where each set's first rep starts from its
    set-up; a bar sensor's figure draws its specific force instead."""
    sig = SessionSignals()
    res = replay_file(BACK, on_block=sig.add_block)
    up = sig.direction_at([r.lockout_s for r in res.reps])
    tc, deg = sig.tilt_deg(up, max_buckets=10**9)
    at = lambda x: deg[np.argmin(np.abs(tc - x))]  # noqa: E731
    assert all(at(r.lockout_s) < 8.0 for r in res.reps)
    firsts = [next(r for r in res.reps if r.set == st.index) for st in res.sets]
    assert all(at(r.start_s - 0.2) > 40.0 for r in firsts)
    fig = build_figure(res, sig)
    gids = {a.get_gid() for ax in fig.axes for a in ax.get_children()}
    assert "trace-tilt" in gids and "trace-force" not in gids
    bar_sig = SessionSignals()
    bar = replay_file(BAR, on_block=bar_sig.add_block)
    gids = {a.get_gid() for ax in build_figure(bar, bar_sig).axes for a in ax.get_children()}
    assert "trace-force" in gids and "trace-tilt" not in gids
