"""Test helpers: source signals and draining a sensor stream against a simulated device."""

from __future__ import annotations

import asyncio

import numpy as np

from imu.simulated_device import SimulatedDevice
from imu.stream_types import LinkEvent, SampleBlock


def source_signal(duration_s: float, rate_hz: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Smooth, distinct per-axis test signals: t (s), acc (g, ~1 g on z), gyro (deg/s)."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(round(duration_s * rate_hz))) / rate_hz
    f = rng.uniform(0.2, 1.5, 6)
    acc = np.column_stack([0.3 * np.sin(2 * np.pi * f[0] * t), 0.2 * np.cos(2 * np.pi * f[1] * t),
                           1.0 + 0.4 * np.sin(2 * np.pi * f[2] * t)])
    gyro = np.column_stack([90 * np.sin(2 * np.pi * f[3] * t), 45 * np.cos(2 * np.pi * f[4] * t),
                            120 * np.sin(2 * np.pi * f[5] * t + 1)])
    return t, acc, gyro


async def collect(stream, dev: SimulatedDevice, timeout_s: float = 10.0, idle_s: float = 0.15):
    """Iterate ``stream`` until the device has replayed its whole source (plus ``idle_s`` of
    silence). Returns (blocks, link_events, all items in order)."""
    items: list[object] = []

    async def _consume() -> None:
        async for it in stream:
            items.append(it)

    task = asyncio.ensure_future(_consume())
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    try:
        last_n = -1
        while loop.time() < deadline:
            await asyncio.sleep(idle_s)
            if task.done():
                task.result()
                break
            if dev.finished.is_set() and len(items) == last_n:
                break
            last_n = len(items)
        else:
            raise TimeoutError(f"stream did not finish in {timeout_s} s ({len(items)} items)")
    finally:
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
        await stream.aclose()
    blocks = [i for i in items if isinstance(i, SampleBlock)]
    events = [i for i in items if isinstance(i, LinkEvent)]
    return blocks, events, items


def concat(blocks: list[SampleBlock]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (np.concatenate([b.t for b in blocks]), np.concatenate([b.acc for b in blocks]),
            np.concatenate([b.gyro for b in blocks]))


def align(acc: np.ndarray, src_acc: np.ndarray, tol: float, search: int = 80) -> int:
    """Index of the source sample equal to the first received one (counter-less sensors drop
    the samples sent before their rate was configured)."""
    for k0 in range(search):
        if np.allclose(acc[:10], src_acc[k0:k0 + 10], atol=tol):
            return k0
    raise AssertionError("received samples do not match any source start")
