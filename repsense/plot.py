"""`repsense replay --plot FILE`: a review figure of an analysed session.

The figure has three parts:

1. the whole session over time, with each rep shaded (concentric from lift-off to lockout, eccentric from lockout to
   touch-down), each pause hold marked and each rep numbered: for a bar sensor its |specific
   force| (g), the min / max envelope of short time buckets (the pulls and the impacts); for a
   back sensor the trunk's inclination (deg) from its posture at the reps' lockouts, the angle of
   each bucket's mean specific force from that direction (right at rest and in slow motion, a few
   degrees off while the trunk accelerates);
2. the same for each set on its own, zoomed in (the first eight sets);
3. per rep, the moving concentric time (s) and, where the bar's velocity is known, the mean
   concentric velocity (m/s), sets side by side; and each pause's hold time (s) against the target
   (green met it, red fell short).

The envelope is built block by block while the replay streams the file (:class:`SignalEnvelope`,
min, max and sum per bucket and signal: 8 MB for an hour), so plotting an hour does not keep
the hour's samples.

matplotlib is optional (``pip install 'repsense[plot]'``); it is imported only when a plot is asked
for, and the figure is drawn with the Agg canvas directly (no pyplot, no display, no global state).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis import AnalysisResult

from .output_files import replaced_whole, target_problem

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

#: how the envelope buckets time (s) while it streams (an hour: 72,000 buckets, 8 MB); merged
#: afterwards to at most MAX_BUCKETS for the session panel, kept for the zoomed set panels
BUCKET_S = 0.05
MAX_BUCKETS = 4000


class PlotUnavailable(Exception):
    """The plot cannot be written (matplotlib missing, a file type it cannot write, no directory)."""


class SignalEnvelope:
    """Min, max and mean of per-sample signal values over time buckets of ``bucket_s`` s, fed
    block by block.

    ``add(t, values)`` takes a block's times (N,) s, strictly increasing across blocks, and values
    (N, K); :meth:`arrays` returns each bucket's centre time and the per-column min and max,
    :meth:`means` its centre time and per-column mean, with buckets merged evenly so that there
    are at most ``max_buckets``. Where a block boundary splits a bucket, the two parts are merged,
    so the result does not depend on how the data was blocked.
    """

    def __init__(self, bucket_s: float = BUCKET_S) -> None:
        if not bucket_s > 0:
            raise ValueError(f"bucket_s must be > 0, got {bucket_s}")
        self.bucket_s = float(bucket_s)
        self._t0: float | None = None
        self._idx: list[np.ndarray] = []
        self._lo: list[np.ndarray] = []
        self._hi: list[np.ndarray] = []
        self._sum: list[np.ndarray] = []
        self._n: list[np.ndarray] = []

    def add(self, t: np.ndarray, values: np.ndarray) -> None:
        t = np.asarray(t, dtype=float)
        values = np.asarray(values, dtype=float)
        if values.ndim == 1:
            values = values[:, None]
        if t.shape[0] == 0:
            return
        if self._t0 is None:
            self._t0 = float(t[0])
        b = np.floor((t - self._t0) / self.bucket_s).astype(np.int64)
        starts = np.flatnonzero(np.r_[True, b[1:] != b[:-1]])
        self._idx.append(b[starts])
        self._lo.append(np.minimum.reduceat(values, starts, axis=0))
        self._hi.append(np.maximum.reduceat(values, starts, axis=0))
        self._sum.append(np.add.reduceat(values, starts, axis=0))
        self._n.append(np.diff(np.r_[starts, b.shape[0]]))

    def _buckets(self, max_buckets: int, t_range: tuple[float, float] | None
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        """(centre times, lo, hi, sum, count) of the merged buckets; None where there are none."""
        if self._t0 is None:
            return None
        if len(self._idx) > 1:
            # joined once: a figure asks again for every set panel
            self._idx, self._n = [np.concatenate(self._idx)], [np.concatenate(self._n)]
            self._lo, self._hi, self._sum = [np.vstack(self._lo)], [np.vstack(self._hi)], [np.vstack(self._sum)]
        idx, lo, hi, sm, n = self._idx[0], self._lo[0], self._hi[0], self._sum[0], self._n[0]
        if t_range is not None:
            keep = (idx >= np.floor((t_range[0] - self._t0) / self.bucket_s)) & (idx <= np.floor((t_range[1] - self._t0) / self.bucket_s))
            idx, lo, hi, sm, n = idx[keep], lo[keep], hi[keep], sm[keep], n[keep]
            if idx.shape[0] == 0:
                return None
        # one bucket per index (a block boundary may have split one), then at most max_buckets
        span = int(idx[-1] - idx[0]) + 1
        factor = max(1, -(-span // max(1, max_buckets)))
        merged = (idx - idx[0]) // factor
        starts = np.flatnonzero(np.r_[True, merged[1:] != merged[:-1]])
        width = self.bucket_s * factor
        centre = self._t0 + idx[0] * self.bucket_s + (merged[starts] + 0.5) * width
        return (centre, np.minimum.reduceat(lo, starts, axis=0), np.maximum.reduceat(hi, starts, axis=0),
                np.add.reduceat(sm, starts, axis=0), np.add.reduceat(n, starts))

    def arrays(self, max_buckets: int = MAX_BUCKETS, t_range: tuple[float, float] | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(centre times (M,) s, minima (M, K), maxima (M, K)), of the buckets that overlap
        ``t_range`` (s, both ends included) if given, else of all; empty arrays where none."""
        got = self._buckets(max_buckets, t_range)
        if got is None:
            return np.zeros(0), np.zeros((0, 0)), np.zeros((0, 0))
        return got[0], got[1], got[2]

    def means(self, max_buckets: int = MAX_BUCKETS, t_range: tuple[float, float] | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
        """(centre times (M,) s, means (M, K)), as :meth:`arrays`."""
        got = self._buckets(max_buckets, t_range)
        if got is None:
            return np.zeros(0), np.zeros((0, 0))
        return got[0], got[3] / got[4][:, None]


class SessionSignals:
    """What a review plot draws of the samples, bucketed (:class:`SignalEnvelope`): |specific
    force| (g, column 0) and the specific force itself (g, sensor frame, columns 1-3), whose
    bucket means give the sensor's tilt."""

    def __init__(self, bucket_s: float = BUCKET_S) -> None:
        self.envelope = SignalEnvelope(bucket_s)

    def add_block(self, t: np.ndarray, acc_g: np.ndarray, gyro_dps: np.ndarray) -> None:
        """A block as the analyzer is fed it: times (N,) s, specific force (N, 3) g, angular
        rate (N, 3) deg/s (not drawn: its offset hides the motion)."""
        self.envelope.add(t, np.column_stack([np.sqrt(np.einsum("ij,ij->i", acc_g, acc_g)), acc_g]))

    def tilt_deg(self, reference: np.ndarray, max_buckets: int = MAX_BUCKETS, t_range: tuple[float, float] | None = None
                 ) -> tuple[np.ndarray, np.ndarray]:
        """(centre times (M,) s, angle (deg) between each bucket's mean specific force and the
        direction ``reference`` (3,), sensor frame): at rest and in slow motion, how far the sensor
        has tilted from where it read ``reference`` (a trunk's inclination from its lockout)."""
        tc, m = self.envelope.means(max_buckets, t_range)
        if tc.shape[0] == 0:
            return tc, np.zeros(0)
        u = _force_directions(m)
        r = np.asarray(reference, dtype=float) / np.linalg.norm(reference)
        return tc, np.degrees(np.arccos(np.clip(u @ r, -1.0, 1.0)))

    def direction_at(self, times: list[float]) -> np.ndarray | None:
        """The mean direction (unit, sensor frame) of the specific force in the buckets at
        ``times`` (s); None without data or times."""
        tc, m = self.envelope.means(max_buckets=10**9)
        if tc.shape[0] == 0 or not times:
            return None
        k = np.clip(np.searchsorted(tc, np.asarray(times, dtype=float)), 0, tc.shape[0] - 1)
        mean = _force_directions(m[k]).mean(axis=0)
        norm = float(np.linalg.norm(mean))
        return mean / norm if norm > 0 else None


def _force_directions(means: np.ndarray) -> np.ndarray:
    """Unit directions (M, 3) of the specific force in SessionSignals' bucket means (M, 4)."""
    f = means[:, 1:4]
    return f / np.linalg.norm(f, axis=1, keepdims=True)


def require_matplotlib() -> None:
    """PlotUnavailable, saying how to install it, where matplotlib is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise PlotUnavailable("--plot needs matplotlib, which is not installed: pip install 'repsense[plot]'") from None


def check_plot_path(path: str) -> None:
    """Fail early (before the analysis) when ``path`` cannot be written as a figure: matplotlib
    missing, a suffix matplotlib does not write, or a directory that does not exist."""
    require_matplotlib()
    from matplotlib.backend_bases import FigureCanvasBase

    p = Path(path)
    kinds = FigureCanvasBase.get_supported_filetypes()
    suffix = p.suffix.lower().lstrip(".")
    if suffix not in kinds:
        raise PlotUnavailable(f"{path}: --plot writes {', '.join('.' + k for k in sorted(kinds))}; "
                              f"{'no suffix' if not suffix else '.' + suffix} is none of them")
    why = target_problem(path)
    if why is not None:
        raise PlotUnavailable(f"{path}: {why}")


_CONCENTRIC = "#f28e2b"
_ECCENTRIC = "#ffd8a8"
_HOLD = "#4e79a7"
_SHORT = "#e15759"
_MET = "#59a14f"


#: at most this many reps numbered in the session panel (more: it names the sets instead)
MAX_LABELS = 30
#: at most this many tick labels under a per-rep panel (a third of the figure's width)
MAX_TICKS = 14
#: at most this many sets get a zoomed panel of their own (the first ones; the title says so)
MAX_SET_PANELS = 8
SET_PANELS_PER_ROW = 4


def build_figure(result: AnalysisResult, signals: SessionSignals, title: str = "") -> "Figure":
    """The review figure (see the module docstring). Artists that stand for a rep or a pause carry
    a ``gid`` ("rep-<index>-concentric", "rep-<index>-eccentric", "pause-<rep>-<k>", in the session
    panel; "set-<index>" for a set's zoomed panel) for tools and tests."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    sets = result.sets[:MAX_SET_PANELS]
    set_rows = -(-len(sets) // SET_PANELS_PER_ROW)
    fig = Figure(figsize=(12, 5.6 + 2.2 * set_rows), layout="constrained")
    # 12 columns: a row of 1, 2, 3 or 4 set panels fills the width
    grid = fig.add_gridspec(2 + set_rows, 12, height_ratios=(1.3,) + (0.9,) * set_rows + (1.0,))
    ax_all = fig.add_subplot(grid[0, :])
    ax_tempo = fig.add_subplot(grid[1 + set_rows, :4])
    ax_mcv = fig.add_subplot(grid[1 + set_rows, 4:8])
    ax_hold = fig.add_subplot(grid[1 + set_rows, 8:])
    width = 12 // max(1, min(len(sets), SET_PANELS_PER_ROW))

    # a back sensor's tilt from the lockout posture is the trunk's inclination (at rest and in
    # slow motion); a bar barely tilts, its specific force shows the pulls and the impacts
    upright = signals.direction_at([r.lockout_s for r in result.reps]) if result.placement == "back" else None
    draw, ylabel = _trace_drawer(signals, upright)
    draw(ax_all, None)
    # a long session's reps are too close together to number: its sets are named instead
    few = len(result.reps) <= MAX_LABELS
    _shade_reps(ax_all, result, label_reps=few, gid=True)
    if not few:
        for st in result.sets:
            ax_all.annotate(f"s{st.index}", xy=(0.5 * (st.start_s + st.end_s), 1.0), xycoords=("data", "axes fraction"),
                            xytext=(0, 2), textcoords="offset points", ha="center", va="bottom", fontsize=7)
    ax_all.set_ylabel(ylabel)
    ax_all.set_xlabel("time (s, the recording's clock)")
    s = result.summary()
    head = (f"{result.placement} sensor, {result.duration_s:.0f} s: {s['n_sets']} set(s), {s['n_reps']} rep(s), "
            f"{s['n_pauses']} pause(s)")
    if result.target_pause_s is not None:
        head += f", {s['n_pauses_meeting_target']} met the {result.target_pause_s:g} s target"
    ax_all.set_title(f"{title}\n{head}" if title else head, fontsize=10, pad=12)
    ax_all.legend(handles=[Patch(color=_CONCENTRIC, label="concentric"), Patch(color=_ECCENTRIC, label="eccentric"),
                           Patch(color=_HOLD, alpha=0.6, label="pause hold")], loc="upper right", fontsize=8)
    for k, st in enumerate(sets):
        col = (k % SET_PANELS_PER_ROW) * width
        ax = fig.add_subplot(grid[1 + k // SET_PANELS_PER_ROW, col : col + width])
        ax.set_gid(f"set-{st.index}")
        lo, hi = st.start_s - 1.5, st.end_s + 1.5
        draw(ax, (lo, hi))
        _shade_reps(ax, result, label_reps=True, gid=False, only_set=st.index)
        ax.set_xlim(lo, hi)
        more = f" (first {len(sets)} of {len(result.sets)} sets)" if k == 0 and len(result.sets) > len(sets) else ""
        ax.set_title(f"set {st.index}: {len(st.reps)} rep(s){more}", fontsize=9, pad=12)
        ax.tick_params(labelsize=7)
        if k % SET_PANELS_PER_ROW == 0:
            ax.set_ylabel(ylabel, fontsize=8)
    _rep_panels(ax_tempo, ax_mcv, result)
    _hold_panel(ax_hold, result)
    return fig


def _trace_drawer(signals: SessionSignals, upright: np.ndarray | None) -> tuple[Any, str]:
    """(draw(ax, t_range), its y label): the tilt from ``upright`` (deg) where that is given,
    else the |specific force| envelope (g) as a filled band."""
    if upright is not None:
        def draw_tilt(ax: Any, t_range: tuple[float, float] | None) -> None:
            tc, deg = signals.tilt_deg(upright, t_range=t_range)
            if tc.shape[0]:
                ax.plot(tc, deg, color="0.25", linewidth=0.8, gid="trace-tilt")

        return draw_tilt, "trunk inclination from lockout (deg)"

    def draw_force(ax: Any, t_range: tuple[float, float] | None) -> None:
        tc, lo, hi = signals.envelope.arrays(t_range=t_range)
        if tc.shape[0]:
            ax.fill_between(tc, lo[:, 0], hi[:, 0], step="mid", color="0.35", linewidth=0.4, gid="trace-force")

    return draw_force, "|specific force| (g)"


def _shade_reps(ax: Any, result: AnalysisResult, label_reps: bool, gid: bool, only_set: int | None = None) -> None:
    for r in result.reps:
        if only_set is not None and r.set != only_set:
            continue
        name = (lambda part: f"rep-{r.index}-{part}") if gid else (lambda part: None)
        ax.axvspan(r.start_s, r.lockout_s, color=_CONCENTRIC, alpha=0.45, linewidth=0, gid=name("concentric"))
        ax.axvspan(r.lockout_s, r.end_s, color=_ECCENTRIC, alpha=0.6, linewidth=0, gid=name("eccentric"))
        for k, p in enumerate(r.pauses, 1):
            ax.axvspan(p.start_s, p.end_s, color=_HOLD, alpha=0.6, linewidth=0, gid=f"pause-{r.index}-{k}" if gid else None)
        if label_reps:
            ax.annotate(str(r.index), xy=(0.5 * (r.start_s + r.end_s), 1.0), xycoords=("data", "axes fraction"),
                        xytext=(0, 2), textcoords="offset points", ha="center", va="bottom", fontsize=7)


def _rep_positions(result: AnalysisResult) -> np.ndarray:
    """x position of each rep's bar: consecutive within a set, a gap of one between sets."""
    x, pos, last_set = 0.0, [], None
    for r in result.reps:
        if last_set is not None and r.set != last_set:
            x += 1.0
        pos.append(x)
        x += 1.0
        last_set = r.set
    return np.array(pos)


def _no_data(ax: Any, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


def _rep_panels(ax_tempo: Any, ax_mcv: Any, result: AnalysisResult) -> None:
    """Per rep, sets side by side: the moving concentric time (s), and the bar's mean concentric
    velocity (m/s) where it is known."""
    reps = result.reps
    ax_tempo.set_title("moving concentric time (s)", fontsize=9)
    ax_mcv.set_title("mean concentric velocity (m/s)", fontsize=9)
    if not reps:
        _no_data(ax_tempo, "no reps")
        _no_data(ax_mcv, "no reps")
        return
    x = _rep_positions(result)
    step = -(-len(reps) // MAX_TICKS)
    ticks, labels = x[::step], [str(r.index) for r in reps[::step]]
    ax_tempo.bar(x, [r.moving_concentric_s for r in reps], width=0.8, color=_CONCENTRIC)
    ax_tempo.set_xticks(ticks, labels, fontsize=7)
    ax_tempo.set_xlabel("rep")
    mcv = [r.mean_concentric_velocity_mps for r in reps]
    if all(v is None for v in mcv):
        _no_data(ax_mcv, "no bar velocity\n(" + ("a back sensor" if result.placement == "back" else "not measured") + ")")
        return
    ax_mcv.bar(x, [np.nan if v is None else v for v in mcv], width=0.8, color="0.45")
    ax_mcv.set_xticks(ticks, labels, fontsize=7)
    ax_mcv.set_xlabel("rep")


def _hold_panel(ax: Any, result: AnalysisResult) -> None:
    holds = [(r.index, p) for r in result.reps for p in r.pauses]
    tgt = result.target_pause_s
    ax.set_title("pause holds (s)" + (f", target {tgt:g} s" if tgt is not None else ", no target"), fontsize=9)
    if not holds:
        _no_data(ax, "no pause holds")
        return
    x = np.arange(len(holds))
    colors = [_HOLD if p.meets_target is None else (_MET if p.meets_target else _SHORT) for _, p in holds]
    ax.bar(x, [p.hold_s for _, p in holds], width=0.8, color=colors)
    if tgt is not None:
        ax.axhline(tgt, color="k", linestyle="--", linewidth=1)
    step = -(-len(holds) // MAX_TICKS)
    ax.set_xticks(x[::step], [str(i) for i, _ in holds[::step]], fontsize=7)
    ax.set_xlabel("rep")


def write_figure(fig: "Figure", path: str) -> None:
    """Save ``fig`` to ``path`` (type by suffix) through a temporary file in the same directory,
    renamed into place: an interrupted save leaves no half-written figure under that name."""
    suffix = Path(path).suffix
    with replaced_whole(path, suffix=suffix) as tmp:
        fig.savefig(tmp, format=suffix.lower().lstrip("."), dpi=110)
