"""Sensor error model: noise, offsets, drift, scale, misalignment, quantization, saturation.

Applied to the true specific force (g) and angular rate (deg/s), both in the sensor frame, at
the sensor's own sample times.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def _t3(x: np.ndarray) -> tuple[float, float, float]:
    return (float(x[0]), float(x[1]), float(x[2]))


@dataclass(frozen=True)
class SensorModel:
    """Errors of a commodity MEMS IMU.

    acc_noise_g / gyro_noise_dps: white noise RMS per sample at 100 Hz (scaled by sqrt(rate/100)).
    acc_bias_g (g), gyro_bias_dps (deg/s): constant offsets per axis.
    gyro_drift_dps: amplitude of slow gyro offset drift (sum of two sinusoids, periods 2-20 min).
    acc_scale / gyro_scale: relative scale errors per axis (0.02 = +2 %).
    acc_misalign / gyro_misalign: off-diagonal cross-axis coupling (rad), row-major 3x3 with zero diagonal.
    acc_range_g / gyro_range_dps: full scale (saturation); bits: ADC resolution over +-range (0 = no quantization).
    """

    acc_noise_g: float = 0.0
    gyro_noise_dps: float = 0.0
    acc_bias_g: tuple[float, float, float] = (0.0, 0.0, 0.0)
    gyro_bias_dps: tuple[float, float, float] = (0.0, 0.0, 0.0)
    gyro_drift_dps: float = 0.0
    acc_scale: tuple[float, float, float] = (0.0, 0.0, 0.0)
    gyro_scale: tuple[float, float, float] = (0.0, 0.0, 0.0)
    acc_misalign: tuple[float, ...] = (0.0,) * 9
    gyro_misalign: tuple[float, ...] = (0.0,) * 9
    acc_range_g: float = 16.0
    gyro_range_dps: float = 2000.0
    bits: int = 0

    @classmethod
    def ideal(cls) -> "SensorModel":
        """No errors at all (the true specific force and rate, unquantized, unsaturated)."""
        return cls(acc_range_g=np.inf, gyro_range_dps=np.inf)

    @classmethod
    def random(cls, rng: np.random.Generator) -> "SensorModel":
        """Errors typical of an uncalibrated consumer IMU (e.g. WT901-class)."""

        def mis() -> tuple[float, ...]:
            m = rng.normal(0, 0.005, (3, 3))
            np.fill_diagonal(m, 0.0)
            return tuple(float(v) for v in m.ravel())

        return cls(
            acc_noise_g=float(rng.uniform(0.002, 0.005)),
            gyro_noise_dps=float(rng.uniform(0.1, 0.3)),
            acc_bias_g=_t3(rng.uniform(-0.08, 0.08, 3)),
            gyro_bias_dps=_t3(rng.uniform(10.0, 20.0, 3) * rng.choice([-1.0, 1.0], 3)),
            gyro_drift_dps=float(rng.uniform(0.1, 1.0)),
            acc_scale=_t3(rng.uniform(-0.03, 0.03, 3)),
            gyro_scale=_t3(rng.uniform(-0.03, 0.03, 3)),
            acc_misalign=mis(),
            gyro_misalign=mis(),
            acc_range_g=16.0,
            gyro_range_dps=2000.0,
            bits=16,
        )

    def apply(
        self, rng: np.random.Generator, t: np.ndarray, acc_g: np.ndarray, gyro_dps: np.ndarray, rate_hz: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """Measured (acc g, gyro deg/s) from true values at sensor times ``t`` (s), shape (N, 3)."""
        n = len(t)
        k = np.sqrt(rate_hz / 100.0)
        ma = np.eye(3) + np.diag(self.acc_scale) + np.asarray(self.acc_misalign).reshape(3, 3)
        mg = np.eye(3) + np.diag(self.gyro_scale) + np.asarray(self.gyro_misalign).reshape(3, 3)
        acc = acc_g @ ma.T + np.asarray(self.acc_bias_g)
        gyro = gyro_dps @ mg.T + np.asarray(self.gyro_bias_dps)
        if self.gyro_drift_dps > 0:
            periods = rng.uniform(120.0, 1200.0, (2, 3))
            phases = rng.uniform(0, 2 * np.pi, (2, 3))
            drift = sum(np.sin(2 * np.pi * t[:, None] / periods[i] + phases[i]) for i in range(2)) / 2.0
            drift = drift - np.sin(phases).sum(0) / 2.0  # starts at the constant offset
            gyro = gyro + self.gyro_drift_dps * drift
        if self.acc_noise_g > 0:
            acc = acc + rng.normal(0, self.acc_noise_g * k, (n, 3))
        if self.gyro_noise_dps > 0:
            gyro = gyro + rng.normal(0, self.gyro_noise_dps * k, (n, 3))
        acc = np.clip(acc, -self.acc_range_g, self.acc_range_g)
        gyro = np.clip(gyro, -self.gyro_range_dps, self.gyro_range_dps)
        if self.bits:
            qa = 2 * self.acc_range_g / 2**self.bits
            qg = 2 * self.gyro_range_dps / 2**self.bits
            acc = np.clip(np.round(acc / qa), -(2 ** (self.bits - 1)), 2 ** (self.bits - 1) - 1) * qa
            gyro = np.clip(np.round(gyro / qg), -(2 ** (self.bits - 1)), 2 ** (self.bits - 1) - 1) * qg
        return acc, gyro
