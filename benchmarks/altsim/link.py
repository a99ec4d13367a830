"""How samples get from the sensor to the recording, and which time stamps they get.

'clean': every sample, stamped with its exact physical time.
'ble': the device notifies at BLE connection events (interval 7.5-50 ms, with some empty events);
each event carries up to ``per_event`` notifications of 1-10 samples; only the newest unsent
samples are sent (older ones are skipped when the link cannot keep up, so the delivered rate is
often well below the nominal one); notifications are lost now and then, the link stalls for
0.1-1 s once every few minutes, and a notification is occasionally sent twice (repeated values).
Time stamps come either from the sensor's sample counter ('sensor_clock': nominal period, the
device clock's ppm error shows as drift) or from host arrival times ('host': latency plus 10-20
ms of jitter, samples of a notification spread back at the nominal period). Output times are
strictly increasing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np


@dataclass
class Delivery:
    """Result of the link: ``idx`` indices of the delivered device samples (in recording order,
    a repeated sample appears twice), ``t`` their recording time stamps (s), ``to_rec`` the map
    physical time -> recording time used for the truth, ``info`` a description."""

    idx: np.ndarray
    t: np.ndarray
    to_rec: Callable[[float], float]
    info: dict = field(default_factory=dict)


def sample_times(rng: np.random.Generator, duration: float, rate: float, link: str, clock_ppm: float) -> np.ndarray:
    """Physical times (s) at which the device samples; on BLE the device clock is off by ``clock_ppm``."""
    if link == "clean":
        return np.arange(0.0, duration, 1.0 / rate)
    period = 1.0 / (rate * (1 + clock_ppm * 1e-6))
    t0 = rng.uniform(0, period)
    return t0 + period * np.arange(int((duration - t0) / period))


def _strictly_increasing(t: np.ndarray, step: float = 1e-4) -> np.ndarray:
    k = step * np.arange(len(t))
    return np.maximum.accumulate(t - k) + k


def deliver(rng: np.random.Generator, t_phys: np.ndarray, rate: float, link: str, clock_ppm: float) -> Delivery:
    """Pass device samples taken at physical times ``t_phys`` (s) through the link."""
    n = len(t_phys)
    if link == "clean":
        return Delivery(np.arange(n), t_phys.copy(), lambda x: x, {"link": "clean"})
    ci = float(rng.choice([0.0075, 0.015, 0.02, 0.03, 0.045, 0.05])) * rng.uniform(0.98, 1.02)
    spp = int(rng.choice([1, 1, 1, 2, 3, 4, 5, 6, 8, 10]))
    per_event = int(rng.choice([1, 1, 2, 3]))
    while per_event * spp / ci < 22.0:  # a usable link carries at least ~22 samples/s
        per_event += 1
    p_empty = rng.uniform(0.0, 0.25)
    p_lost = rng.uniform(0.0, 0.03)
    p_dup = rng.uniform(0.0, 0.02)
    stamping = "sensor_clock" if rng.random() < 0.5 else "host"
    T = float(t_phys[-1]) + 0.1
    base = np.arange(rng.uniform(0, ci), T, ci)
    ev = np.sort(base + rng.normal(0, 0.0005, len(base)))
    active = rng.random(len(ev)) >= p_empty
    stalls = []
    for _ in range(rng.poisson(T / rng.uniform(60, 300))):
        a = rng.uniform(0, T)
        b = a + rng.uniform(0.1, 1.0)
        stalls.append((round(a, 3), round(b - a, 3)))
        active &= ~((ev >= a) & (ev < b))
    ev = ev[active]
    k_hi = np.searchsorted(t_phys, ev - 0.001, side="right") - 1  # newest sample ready at the event
    prev = np.maximum.accumulate(np.concatenate([[-1], k_hi[:-1]]))
    cap = per_event * spp
    k_lo = np.maximum(k_hi - cap + 1, prev + 1)
    cnt = np.maximum(k_hi - k_lo + 1, 0)
    keep = cnt > 0
    ev, k_lo, cnt = ev[keep], k_lo[keep], cnt[keep]
    # expand to samples; position within the event -> notification number
    ev_of = np.repeat(np.arange(len(ev)), cnt)
    first = np.repeat(np.cumsum(cnt) - cnt, cnt)
    pos = np.arange(cnt.sum()) - first
    idx = np.repeat(k_lo, cnt) + pos
    notif = pos // spp
    nid = np.unique(ev_of * 64 + notif, return_inverse=True)[1]
    n_not = int(nid.max()) + 1 if len(nid) else 0
    lost = rng.random(n_not) < p_lost
    ok = ~lost[nid]
    idx, ev_of, nid = idx[ok], ev_of[ok], nid[ok]
    if stamping == "sensor_clock":
        t = idx / rate
        eps = clock_ppm * 1e-6
        t0p = float(t_phys[0])
        to_rec = lambda x: (x - t0p) * (1 + eps)  # noqa: E731
    else:
        lat = rng.uniform(0.005, 0.03)
        jit = rng.uniform(0.010, 0.020)
        arr_n = np.maximum.accumulate(ev[np.unique(ev_of)] + lat + rng.uniform(0, jit, len(np.unique(ev_of))))
        # arrival per sample = its event's arrival; spread back within the notification
        ev_rank = np.searchsorted(np.unique(ev_of), ev_of)
        arr = arr_n[ev_rank]
        last_in_notif = np.zeros(n_not, int)
        np.maximum.at(last_in_notif, nid, np.arange(len(nid)))
        back = last_in_notif[nid] - np.arange(len(nid))
        t = arr - back / rate
        off = float(np.median(t - t_phys[idx]))
        to_rec = lambda x: x + off  # noqa: E731
    # repeated notifications: a sample shows up twice (same values), stamped between its
    # neighbours
    dup = rng.random(len(idx)) < p_dup / max(1, spp)
    t = _strictly_increasing(t)
    if dup.any():
        nxt = np.append(t[1:], t[-1] + 1.0 / rate)
        t_dup = t[dup] + 0.5 * (nxt[dup] - t[dup])
        order = np.argsort(np.concatenate([t, t_dup]), kind="stable")
        idx = np.concatenate([idx, idx[dup]])[order]
        t = np.concatenate([t, t_dup])[order]
        t = _strictly_increasing(t, 1e-5)
    info = {"link": "ble", "stamping": stamping, "conn_interval_ms": round(ci * 1000, 1), "samples_per_notif": spp,
            "notifs_per_event": per_event, "p_empty": round(p_empty, 3), "p_lost": round(p_lost, 4),
            "p_dup": round(p_dup, 4), "stalls": stalls,
            "delivered_hz": round(len(np.unique(idx)) / max(1e-9, T), 1)}
    return Delivery(idx, t, to_rec, info)
