"""A commodity MEMS IMU: its own sample clock, anti-alias behaviour and errors.

Sampling: the device samples at its nominal rate on its own (slightly off, +-50 ppm) clock.
Its output per sample is either the instantaneous value ('none': impacts may alias or be
missed), the mean over the sample period ('avg': accumulating decimation) or a causal
2nd-order low-pass ('lpf', corner 20-100 Hz, below 0.45 x rate), each sampled from the fine grid.
Errors (per axis): accelerometer scale +-3 %, small cross-axis coupling, bias up to +-80 mg
with a few-mg warm-up drift, white noise 1-8 mg, full scale +-16 g or +-8 g (clips impacts),
16-bit quantisation; gyroscope scale +-3 %, bias 5-20 deg/s with a temperature warm-up drift
and a slow random walk, white noise 0.05-0.5 deg/s, +-2000 deg/s full scale, 16-bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.interpolate import CubicSpline
from scipy.signal import butter, sosfilt


@dataclass
class Device:
    """Error model of one IMU unit (g, deg/s, s, ppm)."""

    name: str
    dlpf: str
    dlpf_hz: float
    acc_fs: float
    acc_m: np.ndarray
    acc_bias: np.ndarray
    acc_bias_warm: np.ndarray
    acc_noise: float
    gyro_m: np.ndarray
    gyro_bias: np.ndarray
    gyro_bias_warm: np.ndarray
    gyro_rw: float
    gyro_noise: float
    warm_tau: float
    clock_ppm: float


def _misalign(rng: np.random.Generator, scale: float, cross: float) -> np.ndarray:
    m = np.diag(1 + rng.uniform(-scale, scale, 3))
    m += rng.uniform(-cross, cross, (3, 3)) * (1 - np.eye(3))
    return m


def draw_device(rng: np.random.Generator) -> Device:
    """A random unit."""
    return Device(
        name=str(rng.choice(["altsim-wt901-like", "altsim-mpu6050-like", "altsim-bmi160-like", "altsim-lsm6-like"])),
        dlpf=str(rng.choice(["none", "avg", "lpf"], p=[0.25, 0.35, 0.4])), dlpf_hz=rng.uniform(20, 100),
        acc_fs=16.0 if rng.random() < 0.7 else 8.0,
        acc_m=_misalign(rng, 0.03, 0.01), acc_bias=rng.uniform(-0.08, 0.08, 3), acc_bias_warm=rng.uniform(-0.005, 0.005, 3),
        acc_noise=rng.uniform(0.001, 0.008),
        gyro_m=_misalign(rng, 0.03, 0.01), gyro_bias=rng.uniform(5, 20, 3) * rng.choice([-1, 1], 3),
        gyro_bias_warm=rng.uniform(-2, 2, 3), gyro_rw=rng.uniform(0.005, 0.03),
        gyro_noise=rng.uniform(0.05, 0.5), warm_tau=rng.uniform(120, 600), clock_ppm=rng.uniform(-50, 50),
    )


def _anti_alias(dev: Device, x: np.ndarray, dt: float, rate: float) -> np.ndarray:
    """Device-side filtering on the fine grid (the result is then point-sampled)."""
    if dev.dlpf == "lpf":
        fc = min(dev.dlpf_hz, 0.45 * rate)
        sos = butter(2, fc * 2 * dt, output="sos")
        zi = np.zeros((sos.shape[0], 2, x.shape[1]))
        y, _ = sosfilt(sos, x - x[0], axis=0, zi=zi)
        return y + x[0]
    if dev.dlpf == "avg":
        k = max(1, int(round(1.0 / (rate * dt))))
        c = np.cumsum(np.vstack([np.repeat(x[:1], k, axis=0), x]), axis=0)
        return (c[k:] - c[:-k]) / k
    return x


def _quant(x: np.ndarray, fs: float) -> np.ndarray:
    lsb = 2 * fs / 65536
    return np.clip(np.round(x / lsb), -32768, 32767) * lsb


def measure(dev: Device, rng: np.random.Generator, t_fine: np.ndarray, f_s: np.ndarray, w_s: np.ndarray,
            t_samp: np.ndarray, rate: float) -> tuple[np.ndarray, np.ndarray]:
    """Device readings (acc in g, gyro in deg/s, (n,3) each) at physical times ``t_samp`` (s)."""
    dt = float(t_fine[1] - t_fine[0])
    fa = _anti_alias(dev, f_s, dt, rate)
    fw = _anti_alias(dev, w_s, dt, rate)
    acc = np.stack([np.interp(t_samp, t_fine, fa[:, i]) for i in range(3)], axis=1)
    gyr = np.stack([np.interp(t_samp, t_fine, fw[:, i]) for i in range(3)], axis=1)
    warm = 1 - np.exp(-t_samp / dev.warm_tau)
    T = float(t_samp[-1]) + 2.0
    tc = np.arange(0.0, T + 1.0, 1.0)
    rw = np.cumsum(rng.normal(0, dev.gyro_rw, (len(tc), 3)), axis=0)
    rw = CubicSpline(tc, rw)(t_samp)
    acc = acc @ dev.acc_m.T + dev.acc_bias + warm[:, None] * dev.acc_bias_warm + rng.normal(0, dev.acc_noise, acc.shape)
    gyr = gyr @ dev.gyro_m.T + dev.gyro_bias + warm[:, None] * dev.gyro_bias_warm + rw \
        + rng.normal(0, dev.gyro_noise, gyr.shape)
    return _quant(acc, dev.acc_fs), _quant(gyr, 2000.0)
