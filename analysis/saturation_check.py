"""Does the sensor clip? Readings held at the end of the accelerometer's or gyroscope's range.

A MEMS part reports at most its full scale, which its firmware sets (+-2/4/8/16 g,
+-125/250/500/1000/2000 deg/s); many parts power on at the narrowest. A lift's jolts and impacts
(a bar landing: 2-6 g; a trunk stopping at the bottom of a fast rep: over 3 g) and fast turns (a
bar rolled by hand, a trunk at a touch-and-go lockout: 250-310 deg/s) pass the narrow ranges,
and what lies beyond is lost: the velocity integrated through it is off, and a rep's end next to
it moves (own simulator seed 4, back, clipped at +-2 g: one rep's end 0.3 s late; the counts
stay right, ``tests/test_narrow_sensor_range.py``). The numbers show it: a reading past the full
scale stays at one value, on many samples, where a peak within the range is reached once.

:class:`SaturationCheck` is fed the same blocks as the analyzer (specific force g, rate deg/s)
and keeps, for each axis and sign of each sensor, the largest magnitude read and how many samples
read it (to within ``SAME_READING_FRAC``); memory stays constant. Its :class:`SaturationVerdict`
names a sensor that held its largest reading on ``MIN_HELD_SAMPLES`` samples or more, at one of
the full scales parts offer; :meth:`SaturationVerdict.message` warns of a range narrower than
the lifts need (``NARROW_ACC_G``, ``NARROW_GYRO_DPS``: +-2 g, +-125 or +-250 deg/s).
Impacts clipped at +-4 g or more are not reported: an impact's few aliased samples carry no
velocity the analysis uses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: samples within this fraction of the largest magnitude read on a channel read the same: a
#: clipped reading is one ADC code, repeated exactly (a 16-bit part's least significant bit is
#: 3e-5 of its full scale), while a smooth peak within the range differs by its noise from
#: sample to sample (a bar rolled through 265 deg/s stayed within 0.1 % of it for 5 samples)
SAME_READING_FRAC = 1e-5
#: a channel whose largest reading came this many times or more is clipped ...
MIN_HELD_SAMPLES = 5
#: ... where that reading is at least this (a held reading of a few tenths of a g is a sensor
#: lying still on that axis, not a range), g and deg/s
MIN_CLIP_G = 1.5
MIN_CLIP_DPS = 100.0
#: the full scales MEMS parts offer: a held reading within RANGE_TOL_FRAC of one is a range (a
#: coarse part's still reading repeats one level too, but not at one of these)
ACC_RANGES_G = (2.0, 4.0, 8.0, 16.0)
GYRO_RANGES_DPS = (125.0, 250.0, 500.0, 1000.0, 2000.0)
RANGE_TOL_FRAC = 0.1
#: clipped at or below these, the range is too narrow for the lifts (warned), g and deg/s: at
#: +-2 g a trunk stopping at the bottom of a fast rep (3.6 g) is cut, at +-4 g only impacts are
#: (an impact's aliased samples carry no velocity the analysis uses); at +-250 deg/s a bar rolled
#: by hand and a trunk at a fast lockout are cut, at +-500 deg/s neither
NARROW_ACC_G = 2.5
NARROW_GYRO_DPS = 300.0


@dataclass(frozen=True)
class SaturationVerdict:
    """Where the readings were clipped: the level (g; deg/s) and how many samples read it
    (summed over the axes and signs held there), or None for a sensor that was not."""

    acc_clip_g: float | None
    acc_held_samples: int
    gyro_clip_dps: float | None
    gyro_held_samples: int

    def message(self) -> str:
        """A warning for a range too narrow for the lifts, or "" where none was."""
        parts = []
        if self.acc_clip_g is not None and self.acc_clip_g <= NARROW_ACC_G:
            parts.append(f"the accelerometer's readings stop at +-{self.acc_clip_g:.1f} g ({self.acc_held_samples} samples held there)")
        if self.gyro_clip_dps is not None and self.gyro_clip_dps <= NARROW_GYRO_DPS:
            parts.append(f"the gyroscope's stop at +-{self.gyro_clip_dps:.0f} deg/s ({self.gyro_held_samples} samples held there)")
        if not parts:
            return ""
        return (" and ".join(parts) + ": the sensor's range cuts the jolts and fast turns of the lifts off, and a rep's phases "
                "next to them may be timed tenths of a second off; set it to +-4 g and +-500 deg/s or more")


class SaturationCheck:
    """Streaming clip detector (see the module docstring): :meth:`feed` blocks, then :meth:`verdict`."""

    def __init__(self) -> None:
        # per channel (acc x+, y+, z+, x-, y-, z-, then the gyro's): largest magnitude, and how
        # many samples read it
        self._top = np.zeros(12)
        self._count = np.zeros(12, np.int64)
        #: whether the last block fed held a channel's largest reading (a live view asks for a
        #: verdict only then)
        self.touched = False

    def feed(self, t: np.ndarray, acc: np.ndarray, gyro: np.ndarray) -> None:
        """One block of samples (t s, specific force g, rate deg/s; shapes (N,), (N, 3), (N, 3))."""
        if acc.shape[0] == 0:
            return
        top, count = self._top, self._count
        self.touched = False
        # (column by column: numpy reduces an (N, 3) array along its first axis ten times slower)
        for i, x in ((0, acc), (6, gyro)):
            for j in range(3):
                col = x[:, j]
                for ch, peak, sign in ((i + j, float(np.maximum.reduce(col)), 1.0), (i + j + 3, -float(np.minimum.reduce(col)), -1.0)):
                    if peak > top[ch] * (1.0 + SAME_READING_FRAC):
                        top[ch], count[ch] = peak, 0
                    elif peak < top[ch] * (1.0 - SAME_READING_FRAC):
                        continue  # (the usual block: nothing near the largest reading)
                    count[ch] += int(np.count_nonzero(sign * col >= top[ch] * (1.0 - SAME_READING_FRAC)))
                    self.touched = True

    def verdict(self) -> SaturationVerdict:
        """Where the readings fed so far were clipped (see :class:`SaturationVerdict`)."""
        acc_level, acc_n = self._clipped(slice(0, 6), MIN_CLIP_G, ACC_RANGES_G)
        gyro_level, gyro_n = self._clipped(slice(6, 12), MIN_CLIP_DPS, GYRO_RANGES_DPS)
        return SaturationVerdict(acc_level, acc_n, gyro_level, gyro_n)

    def _clipped(self, channels: slice, min_level: float, ranges: tuple[float, ...]) -> tuple[float | None, int]:
        top, count = self._top[channels], self._count[channels]
        full_scale = np.abs(top[:, None] / np.asarray(ranges) - 1.0).min(axis=1) <= RANGE_TOL_FRAC
        clipped = (count >= MIN_HELD_SAMPLES) & (top >= min_level) & full_scale
        if not clipped.any():
            return None, 0
        return float(top[clipped].max()), int(count[clipped].sum())
