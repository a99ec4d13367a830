"""Does the gyroscope agree with the accelerometer? A physical self-check of a recording or stream.

The recording format (CONTRACT.md section 1) has both sensors in one right-handed frame, the
rate in deg/s. A logger or firmware that writes rad/s, or a gyroscope whose axes are not the
accelerometer's (one axis reversed, two swapped: a 6-axis part mounted or configured differently
from what the code assumed), breaks that, and nothing in the numbers alone says so. The physics
does: between two rests, the rotation the gyroscope integrates must carry the gravity direction
the accelerometer read at the first rest onto the one it reads at the second. A back sensor turns
through every hinge; a bar turns when it is rolled.

:class:`GyroFrameCheck` is fed the same blocks as the analyzer (t s, specific force g, rate as
recorded), keeps a short summary of each such turn (at most ``MAX_TURNS``; memory stays bounded
however long the session) and gives a :class:`GyroFrameVerdict`: the gravity direction the
gyroscope predicts at each turn's end against the one measured (median over the turns, deg),
and where that is far off, the simplest reading of the rate columns (a scale, axes reversed or
swapped) under which they agree.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from .orientation import fixed_vector_in_sensor, integrate_gyro, rotate_to_sensor
from .reps import angle_deg

#: time bins whose statistics classify rest / motion, s
BIN_S = 0.2
#: a bin is at rest when the specific force varies less than this (root-sum of per-axis SDs), g ...
REST_ACC_SD_G = 0.02
#: ... its magnitude is within this of 1 g ...
REST_MAG_TOL_G = 0.1
#: ... and the rate varies less than this (per the recording's units: deg/s, or less if rad/s)
REST_GYRO_SD = 3.0
#: a rest is this many consecutive still bins at least
REST_MIN_BINS = 2
#: a turn: two rests whose gravity directions differ by at least this, deg (a bar rolls a few
#: degrees in the hands, or its sleeve, with a sensor on the collar, spins on its bearing
#: through a pull; the accelerometer sees a rest's direction to a few tenths of a degree) ...
MIN_TURN_DEG = 3.0
#: ... with at most this much motion between them, s (the integration of a longer one drifts)
MAX_MOTION_S = 8.0
#: turns kept (the verdict needs a few; memory stays bounded)
MAX_TURNS = 40
#: Turns seen while the sensor moves: two bins in a row whose mean specific force has about the
#: magnitude the last rest read (within this, g: nothing but gravity, or a lift's acceleration
#: straight along it, which does not turn the direction) ...
QS_MAG_TOL_G = 0.03
#: ... each spread less than this (g; a rest's limit, and what a turn of a few degrees within
#: the bin adds) ...
QS_ACC_SD_G = 0.05
#: ... whose directions differ by at least this, deg (a bin's mean direction is known to a tenth
#: of a degree): a bar held at its lockout while its sleeve rocks, a trunk hinging slowly. They
#: are judged like the turns between rests, over the time between the bins' middles
QS_MIN_TURN_DEG = 1.0
#: ... and by no more than this times what the rate turned the sensor by in that time
QS_MAX_TURN_RATIO = 1.5
#: such turns kept
MAX_QS_TURNS = 200
#: a verdict needs MIN_TURNS turns between rests, or this many quasi-static ones
MIN_QS_TURNS = 10
#: the gyroscope's offset is the median rate of this many recent rests
RECENT_RESTS = 9
#: turns needed for a verdict
MIN_TURNS = 3
#: a reading's error over a turn is the angle between the gravity direction it predicts and the
#: measured one, as a fraction of the turn (the angle between the two rests' directions): a
#: rate read right carries gravity within a few per cent of the turn (a cheap part's scale
#: error) to a few tenths (the rests' noise and the offset's over a bar's turn of a few
#: degrees); one in rad/s hardly turns it (about 1); one reversed about the turn's axis
#: carries it the other way, about twice the turn off. The rate agrees where the median over
#: the turns (weighted by their angles) is at most this ...
AGREE_FRAC = 0.25
#: ... and disagrees where the recorded reading's is at least this (a gyroscope reading nothing
#: is about 1 off; two axes swapped, turns about both, about 0.6) ...
DISAGREE_FRAC = 0.5
#: ... and another reading's is at most this, and a third of the recorded one's at most
BEST_MAX_FRAC = 0.6

RAD_PER_S = float(np.degrees(1.0))  # deg/s per rad/s


@dataclass(frozen=True)
class GyroReading:
    """One way to read the rate columns: rate (deg/s, accelerometer frame) = ``scale`` x
    ``matrix`` @ (gx, gy, gz) as recorded. ``describe`` says it in words."""

    scale: float
    matrix: tuple[tuple[int, int, int], ...]

    @property
    def is_recorded(self) -> bool:
        return self.scale == 1.0 and self.matrix == ((1, 0, 0), (0, 1, 0), (0, 0, 1))

    def apply(self, gyro: np.ndarray) -> np.ndarray:
        """The rate (N, 3) as recorded, read this way: deg/s about the accelerometer's axes."""
        return (np.asarray(gyro, dtype=np.float64) @ np.asarray(self.matrix, dtype=np.float64).T) * self.scale

    def describe(self) -> str:
        """In words, e.g. "in rad/s, not deg/s" or "(gx, gy, -gz) about the accelerometer's x, y,
        z axes"."""
        parts = []
        if self.scale != 1.0:
            parts.append("in rad/s, not deg/s")
        names = ("gx", "gy", "gz")
        axes = []
        for row in self.matrix:
            j = int(np.flatnonzero(row)[0])
            axes.append(("-" if row[j] < 0 else "") + names[j])
        if tuple(axes) != names:
            parts.append("(" + ", ".join(axes) + ") about the accelerometer's x, y, z axes")
        return " and ".join(parts) if parts else "as recorded"


@dataclass(frozen=True)
class GyroFrameVerdict:
    """``status``: 'agrees', 'disagrees' or 'undetermined' (fewer than MIN_TURNS turns, or no
    reading clearly right). ``n_turns``: turns looked at. ``recorded_error_deg``: median angle
    between the gravity direction predicted by the recorded rate and the measured one (None
    without turns). ``best``: where it disagrees, the likeliest reading that agrees, and
    ``best_error_deg`` its median error. ``turn_deg``: the turns' median angle (None without).
    ``recorded_error_frac`` and ``best_error_frac``: the errors as fractions of the turns
    (median weighted by the turns' angles), what the verdict judges by."""

    status: str
    n_turns: int
    recorded_error_deg: float | None
    best: GyroReading | None = None
    best_error_deg: float | None = None
    turn_deg: float | None = None
    recorded_error_frac: float | None = None
    best_error_frac: float | None = None

    def message(self) -> str:
        """One line for a user; empty unless the gyroscope disagrees."""
        if self.status != "disagrees" or self.best is None:
            return ""
        return (
            f"the gyroscope does not agree with the accelerometer: over {self.n_turns} turns (between rests, and "
            f"while it moved with no force but gravity; {self.turn_deg:.1f} deg median), the rate as recorded (deg/s, "
            f"the accelerometer's right-handed frame) carries gravity {self.recorded_error_frac:.1f} times the turn "
            f"away from where the accelerometer reads it ({self.recorded_error_deg:.1f} deg, median); read as "
            f"{self.best.describe()}, {self.best_error_frac:.2f} times the turn ({self.best_error_deg:.1f} deg). "
            "A back sensor's trunk angles and a bar's tilt (a sensor on a collar spins with the sleeve) rely on the "
            "gyroscope: fix the logger or firmware (CONTRACT: deg/s, one right-handed frame for both)")


def _readings() -> list[GyroReading]:
    """The recorded reading first, then the others in order of likelihood: a scale alone; all
    three axes reversed (an accelerometer frame made left-handed by a driver's axis remapping,
    the gyroscope's remapped the same way: the Arduino BMI270 library on a Nano 33 BLE Sense
    Rev2 gives x = -y, y = -x for both, and a rate is a rotation's axis, which a mirror reverses
    once more); then axes reversed (fewest first), then swapped. A bar that only rolls about its
    shaft cannot tell a reversal of the other two axes: the earlier reading is named."""
    out = []
    perms = sorted(itertools.permutations(range(3)), key=lambda p: sum(i != j for i, j in enumerate(p)))
    for perm in perms:
        for signs in sorted(itertools.product((1, -1), repeat=3), key=lambda s: s.count(-1)):
            m = tuple(tuple(signs[i] if j == perm[i] else 0 for j in range(3)) for i in range(3))
            for scale in (1.0, RAD_PER_S):
                out.append(GyroReading(scale, m))
    mirrored = ((-1, 0, 0), (0, -1, 0), (0, 0, -1))
    first = out[:2] + [r for r in out if r.matrix == mirrored]
    return first + [r for r in out if r not in first]


READINGS = _readings()
_READING_MATRICES = np.array([r.matrix for r in READINGS], dtype=np.float64)  # (R, 3, 3)
#: per reading, the sign of its matrix's determinant (-1: a mirror) and its scale: the
#: integrations all readings share (:func:`_turn_errors_all_deg`)
_READING_KINDS = [(int(round(float(np.linalg.det(m)))), r.scale) for m, r in zip(_READING_MATRICES, READINGS)]


@dataclass(frozen=True)
class _Rest:
    t_start: float
    t_end: float
    gravity: np.ndarray  # unit, sensor frame
    rate: np.ndarray  # mean rate as recorded (the offset)
    magnitude: float  # of the mean specific force, g


@dataclass(frozen=True)
class _Turn:
    g_from: np.ndarray  # unit gravity at the first rest
    g_to: np.ndarray  # unit gravity at the second
    angle_deg: float  # between them
    rate: np.ndarray  # (N, 3) rate as recorded less the offset (the recent rests' median rate)
    dt: np.ndarray  # (N,) s each sample's rate holds for


class _StillRun:
    """Still bins in a row: their span (s) and the sums of their samples (a rest of any length
    costs the same memory)."""

    def __init__(self, t_start: float) -> None:
        self.t_start = self.t_end = t_start
        self.acc_sum = np.zeros(3)
        self.gyro_sum = np.zeros(3)
        self.n = 0
        self.n_bins = 0

    def add(self, t_end: float, acc_sum: np.ndarray, gyro_sum: np.ndarray, n: int) -> None:
        self.t_end = t_end
        self.acc_sum = self.acc_sum + acc_sum
        self.gyro_sum = self.gyro_sum + gyro_sum
        self.n += n
        self.n_bins += 1


class GyroFrameCheck:
    """Collects turns (between rests, and between quasi-static bins) from blocks fed in time
    order; :meth:`verdict` judges them."""

    def __init__(self) -> None:
        self.turns: list[_Turn] = []
        self._t = np.zeros(0)
        self._acc = np.zeros((0, 3))
        self._gyro = np.zeros((0, 3))
        self._bin0: float | None = None  # start time of the first bin not classified yet
        self._origin = 0.0  # the first sample's time: bin k spans origin + BIN_S * [k, k + 1)
        self._next_bin = 0  # the first bin not classified yet
        self._run: _StillRun | None = None  # the still bins in a row so far (their sums)
        self._last_rest: _Rest | None = None
        self._rest_rates: list[np.ndarray] = []  # the recent rests' mean rates (as recorded)
        self._motion: tuple[np.ndarray, np.ndarray] | None = None  # (see _motion_before)
        self._recorded_errors: list[float] = []  # per turn, the recorded reading's error (deg)
        #: turns between two quasi-static bins in a row (see QS_MIN_TURN_DEG), and the recorded
        #: reading's errors over them (deg)
        self.qs_turns: list[_Turn] = []
        self._qs_errors: list[float] = []
        self._all_errors: dict[int, np.ndarray] = {}  # id(turn) -> every reading's error over it (deg)
        self._prev_bin: tuple[float, np.ndarray, np.ndarray, bool] | None = None  # (t mid s, acc mean g, rate mean, quasi-static)
        self._pending: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # blocks not binned yet

    def feed(self, t: np.ndarray, acc: np.ndarray, gyro: np.ndarray) -> None:
        """Samples in time order: t (s), acc (g), gyro (as recorded)."""
        if len(self.turns) >= MAX_TURNS or len(self.qs_turns) >= MAX_QS_TURNS or t.shape[0] == 0:
            return  # (enough to judge by: a long session costs no more)
        if self._bin0 is None:
            self._bin0 = self._origin = float(t[0])
        self._pending.append((t, acc, gyro))
        n_bins = int((float(t[-1]) - self._bin0) // BIN_S)  # complete bins
        if n_bins <= 0:
            return  # (a live notification's few samples wait for the bin to complete)
        pend, self._pending = self._pending, []
        self._t = np.concatenate([self._t] + [p[0] for p in pend])
        self._acc = np.concatenate([self._acc] + [p[1] for p in pend])
        self._gyro = np.concatenate([self._gyro] + [p[2] for p in pend])
        # (edges from the bins' numbers, not added up block after block: a sample stamped on an
        # edge, as millisecond clocks stamp them, falls in the same bin however the blocks came)
        edges = self._origin + BIN_S * (self._next_bin + np.arange(n_bins + 1))
        idx = np.searchsorted(self._t, edges)
        # per-bin sums by differences of running sums (one pass over the block, not one per bin)
        a, b = int(idx[0]), int(idx[-1])
        rel = idx - a
        count = np.diff(rel)
        acc_s, acc_q = _bin_sums(self._acc[a:b], rel)
        gyro_s, gyro_q = _bin_sums(self._gyro[a:b], rel)
        n = np.maximum(count, 1)[:, None]
        acc_mean = acc_s / n
        acc_sd = np.sqrt(np.maximum(acc_q / n - acc_mean**2, 0.0).sum(axis=1))
        gyro_sd = np.sqrt(np.maximum(gyro_q / n - (gyro_s / n) ** 2, 0.0).sum(axis=1))
        mag = np.sqrt(np.einsum("ij,ij->i", acc_mean, acc_mean))
        still = (acc_sd < REST_ACC_SD_G) & (np.abs(mag - 1.0) < REST_MAG_TOL_G) & (gyro_sd < REST_GYRO_SD)
        rate_mean = gyro_s / n
        for k in range(n_bins):
            if count[k] < 3:
                self._prev_bin = None
                continue  # too few samples to tell (lost data): a rest or a motion goes on unjudged
            # (the magnitude of the rest before this bin: the same however the samples came in
            # blocks)
            rest = self._last_rest
            quasi = rest is not None and acc_sd[k] < QS_ACC_SD_G and abs(float(mag[k]) - rest.magnitude) < QS_MAG_TOL_G
            here = (float(edges[k]) + 0.5 * BIN_S, acc_mean[k], rate_mean[k], quasi)
            if self._prev_bin is not None and quasi and self._prev_bin[3]:
                self._quasi_static_turn(self._prev_bin, here)
            self._prev_bin = here
            if still[k]:
                if self._run is None:
                    self._run = _StillRun(float(edges[k]))
                    self._motion = self._motion_before(self._run.t_start)
                self._run.add(float(edges[k + 1]), acc_s[k], gyro_s[k], int(count[k]))
            elif self._run is not None:
                self._close_run()
        self._bin0 = float(edges[-1])
        self._next_bin += n_bins
        self._trim(b)

    def _quasi_static_turn(self, a: tuple[float, np.ndarray, np.ndarray, bool], b: tuple[float, np.ndarray, np.ndarray, bool]) -> None:
        """Two quasi-static bins in a row (see QS_MIN_TURN_DEG): a turn between their middles,
        at the mean of their mean rates less the offset, where it is large enough to judge."""
        if len(self.qs_turns) >= MAX_QS_TURNS or not self._rest_rates:
            return
        g0, g1 = a[1] / np.sqrt(a[1] @ a[1]), b[1] / np.sqrt(b[1] @ b[1])
        turned = angle_deg(g0, g1)
        if turned < QS_MIN_TURN_DEG:
            return
        bias = np.median(np.array(self._rest_rates), axis=0)
        rate = 0.5 * (a[2] + b[2]) - bias
        if turned > QS_MAX_TURN_RATIO * float(np.sqrt(rate @ rate)) * (b[0] - a[0]) + QS_MIN_TURN_DEG:
            # (the direction changed more than the sensor turned, whichever way its axes are
            # read: a sideways acceleration, which hardly changes the magnitude, not a turn)
            return
        turn = _Turn(g0, g1, turned, rate[None, :], np.array([b[0] - a[0]]))
        self.qs_turns.append(turn)
        self._qs_errors.append(_turn_error_deg(turn, READINGS[0]))

    def _motion_before(self, t_run: float) -> tuple[np.ndarray, np.ndarray] | None:
        """The rate samples (as recorded) from the last rest's end up to a run of still bins
        starting at ``t_run`` (s), and the time each holds for (s); None where there are not two
        or the motion is too long to judge. Kept apart: the run may last long, and the samples
        before it are trimmed meanwhile."""
        prev = self._last_rest
        if prev is None or t_run - prev.t_end > MAX_MOTION_S:
            return None
        i = np.flatnonzero((self._t >= prev.t_end) & (self._t < t_run))
        if i.size < 2 or i[-1] + 1 >= self._t.shape[0]:
            return None
        return self._gyro[i], self._t[i + 1] - self._t[i]

    def _close_run(self) -> None:
        run, self._run = self._run, None
        if run is None or run.n_bins < REST_MIN_BINS:
            return
        g = run.acc_sum / run.n
        mag = float(np.sqrt(g @ g))
        rest = _Rest(run.t_start, run.t_end, g / mag, run.gyro_sum / run.n, mag)
        prev = self._last_rest
        self._last_rest = rest
        self._rest_rates.append(rest.rate)
        del self._rest_rates[:-RECENT_RESTS]
        if prev is None or rest.t_start - prev.t_end > MAX_MOTION_S:
            return
        turned = angle_deg(prev.gravity, rest.gravity)
        if turned < MIN_TURN_DEG or len(self.turns) >= MAX_TURNS:
            return
        motion, self._motion = self._motion, None
        if motion is None:
            return
        rate, dt = motion
        # (the offset: the median rate of the recent rests, not the first rest's alone, which
        # a sensor settling slowly, a bar rocking on its plates, throws off by a deg/s or two)
        bias = np.median(np.array(self._rest_rates), axis=0)
        turn = _Turn(prev.gravity, rest.gravity, turned, rate - bias, dt)
        self.turns.append(turn)
        self._recorded_errors.append(_turn_error_deg(turn, READINGS[0]))

    def _trim(self, upto: int) -> None:
        """Drop samples nothing can refer to: before the last rest's end and before the samples
        still to be binned, and in any case anything older than MAX_MOTION_S plus a bin."""
        keep_from = self._bin0 - MAX_MOTION_S - BIN_S if self._bin0 is not None else -np.inf
        if self._last_rest is not None and self._run is None:
            keep_from = max(keep_from, min(self._last_rest.t_end, self._bin0))
        cut = int(np.searchsorted(self._t, keep_from))
        cut = min(cut, upto)
        if cut > 0:
            self._t, self._acc, self._gyro = self._t[cut:], self._acc[cut:], self._gyro[cut:]

    def errors_deg(self, reading: GyroReading) -> np.ndarray:
        """Per turn (between rests, then between quasi-static bins), the angle (deg) between the
        gravity direction the rate (read as ``reading``) carries the first one's onto and the
        one measured at the second."""
        if reading.is_recorded:
            return np.array(self._recorded_errors + self._qs_errors)
        return self._all_errors_deg()[:, READINGS.index(reading)]

    def _all_errors_deg(self) -> np.ndarray:
        """(turns, READINGS) every reading's error (deg) over every turn (between rests, then
        quasi-static), computed once per turn as the verdict first asks."""
        rows = []
        for tr in self.turns + self.qs_turns:
            e = self._all_errors.get(id(tr))
            if e is None:
                e = self._all_errors[id(tr)] = _turn_errors_all_deg(tr)
            rows.append(e)
        return np.array(rows).reshape(len(rows), len(READINGS))

    def _turn_angles_deg(self) -> np.ndarray:
        return np.array([tr.angle_deg for tr in self.turns + self.qs_turns])

    def _enough_turns(self) -> bool:
        return len(self.turns) >= MIN_TURNS or len(self.qs_turns) >= MIN_QS_TURNS

    def recorded_error_deg(self) -> float | None:
        """The recorded reading's median error (deg) over the turns so far, once there are
        enough (MIN_TURNS between rests, or MIN_QS_TURNS quasi-static ones); else None."""
        if not self._enough_turns():
            return None
        return float(np.median(self._recorded_errors + self._qs_errors))

    def recorded_error_frac(self) -> float | None:
        """The recorded reading's error as a fraction of each turn (their median weighted by the
        turns' angles), over the turns so far, once there are enough; else None. Cheap (kept as
        turns come): a live session asks it as it goes (:data:`DISAGREE_FRAC`: far off)."""
        if not self._enough_turns():
            return None
        turned = self._turn_angles_deg()
        return _weighted_median(np.array(self._recorded_errors + self._qs_errors) / turned, turned)

    def verdict(self) -> GyroFrameVerdict:
        """Judge the turns collected so far: each reading by the median of its errors as fractions
        of their turns, weighted by the turns' angles (see :data:`AGREE_FRAC`)."""
        n = len(self.turns) + len(self.qs_turns)
        if n == 0:
            return GyroFrameVerdict("undetermined", 0, None)
        turned = self._turn_angles_deg()
        rec_err = self.errors_deg(READINGS[0])
        recorded, rec_frac = float(np.median(rec_err)), _weighted_median(rec_err / turned, turned)
        if not self._enough_turns():
            return GyroFrameVerdict("undetermined", n, recorded)
        if rec_frac <= AGREE_FRAC:
            return GyroFrameVerdict("agrees", n, recorded)
        if rec_frac < DISAGREE_FRAC:
            return GyroFrameVerdict("undetermined", n, recorded)
        scored = []
        for i, r in enumerate(READINGS[1:], start=1):
            e = self.errors_deg(r)
            scored.append((_weighted_median(e / turned, turned), i, r, float(np.median(e))))
        best_frac = min(sc[0] for sc in scored)
        if best_frac > min(BEST_MAX_FRAC, rec_frac / 3.0):
            return GyroFrameVerdict("undetermined", n, recorded)
        # the likeliest of the readings about as good as the best (a bar rolled about one axis
        # cannot tell the others apart)
        frac, _, reading, err = next(sc for sc in scored if sc[0] <= max(best_frac * 2.0, best_frac + 0.1))
        return GyroFrameVerdict("disagrees", n, recorded, reading, err, float(np.median(turned)), rec_frac, frac)


def _weighted_median(x: np.ndarray, w: np.ndarray) -> float:
    """The median of x weighted by w (> 0): the smallest x whose weight and the smaller ones'
    reach half the total. A reading's error fractions weighted by their turns' angles: a
    turn of a few degrees, which a rest's noise or a bump mid-rest throws off by most of
    itself, counts less than one of tens."""
    order = np.argsort(x, kind="stable")
    c = np.cumsum(w[order])
    return float(x[order][int(np.searchsorted(c, 0.5 * c[-1]))])


def _turn_error_deg(turn: _Turn, reading: GyroReading) -> float:
    """The angle (deg) between the gravity direction ``turn``'s rate, read as ``reading``,
    carries its first rest's onto and the one measured at its second."""
    m = np.asarray(reading.matrix, float) * reading.scale
    dt0 = float(np.mean(turn.dt))
    rate = (turn.rate @ m.T) * (turn.dt / dt0)[:, None]
    q = integrate_gyro(rate, dt0)[-1:]
    pred = fixed_vector_in_sensor(q, turn.g_from)[0]
    return angle_deg(pred / np.sqrt(pred @ pred), turn.g_to)


def _turn_errors_all_deg(turn: _Turn) -> np.ndarray:
    """:func:`_turn_error_deg` for every reading of READINGS at once, (R,) deg. A reading's
    matrix P is a signed permutation: the rotation about P v is P times the rotation about
    det(P) v times P^T (a mirror reverses an axial vector once more), so the rotation a reading
    integrates is P R P^T, R integrated from the rate times det(P) and the reading's scale:
    four integrations serve all the readings."""
    dt0 = float(np.mean(turn.dt))
    rate = turn.rate * (turn.dt / dt0)[:, None]
    out = np.empty(len(READINGS))
    for sign, scale in set(_READING_KINDS):
        sel = np.array([k == (sign, scale) for k in _READING_KINDS])
        q = integrate_gyro(rate * (sign * scale), dt0)[-1:]
        p = _READING_MATRICES[sel]
        # predicted gravity (sensor frame) at the turn's end: (P R P^T)^T g = P R^T (P^T g)
        seen = rotate_to_sensor(np.repeat(q, p.shape[0], axis=0), np.einsum("rji,j->ri", p, turn.g_from))
        pred = np.einsum("rij,rj->ri", p, seen)
        cos = np.einsum("ri,i->r", pred, turn.g_to) / np.sqrt(np.einsum("ri,ri->r", pred, pred))
        out[sel] = np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))
    return out


def _bin_sums(x: np.ndarray, rel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sums and sums of squares of the rows of x (N, 3) in the bins [rel[k], rel[k + 1])."""
    c = np.zeros((x.shape[0] + 1, 3))
    np.cumsum(x, axis=0, out=c[1:])
    c2 = np.zeros((x.shape[0] + 1, 3))
    np.cumsum(x * x, axis=0, out=c2[1:])
    return c[rel[1:]] - c[rel[:-1]], c2[rel[1:]] - c2[rel[:-1]]
