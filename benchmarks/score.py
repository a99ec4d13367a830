"""Score analysis results against simulator ground truth.

    from benchmarks.score import score_session, aggregate      # or load this file by path
    sc = score_session(result_dict, truth)      # result: CONTRACT section 2 dict (or its "reps" list)
    agg = aggregate([sc, ...])

Matching: analysis reps are matched one-to-one to true reps by time overlap of
[start_s, end_s] (maximum total overlap, Hungarian assignment; pairs must overlap). Pauses are
matched the same way inside matched reps; pauses of unmatched analysis reps are false positives,
pauses of missed true reps false negatives. Times in s, velocities in m/s.

Command line: ``python benchmarks/score.py RESULT.json TRUTH.json [...]`` (pairs) prints the
per-session scores and the aggregate as JSON. TRUTH.json is a simulator sidecar
(``recordings/*.truth.json``).
"""

from __future__ import annotations

import json
import sys
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

try:  # the package is importable when run from the repo root or installed
    from imu.simulator.truth import SessionTruth
except ImportError:  # pragma: no cover
    SessionTruth = None  # type: ignore[assignment,misc]


#: errors only a bar's reps have (a back sensor reports no bar metrics), by the rep field (the
#: analysis JSON's and the truth's) they compare
_BAR_ERRORS = {"mcv_err_mps": "mean_concentric_velocity_mps", "rom_err_m": "rom_m", "peak_err_mps": "peak_velocity_mps"}


def _get(x: Any, key: str) -> Any:
    return x[key] if isinstance(x, Mapping) else getattr(x, key)


def _truth_reps(truth: Any) -> list[Any]:
    if isinstance(truth, Mapping):
        return list(truth["reps"])
    return list(truth.reps)


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _match(pred: Sequence[tuple[float, float]], true: Sequence[tuple[float, float]]) -> list[tuple[int, int]]:
    """One-to-one matching of intervals by maximum total overlap; only overlapping pairs."""
    if not pred or not true:
        return []
    ov = np.array([[_overlap(p0, p1, t0, t1) for (t0, t1) in true] for (p0, p1) in pred])
    # prefer overlap; break ties (e.g. zero-length predicted intervals) by start distance
    rows, cols = linear_sum_assignment(-ov)
    return [(int(r), int(c)) for r, c in zip(rows, cols) if ov[r, c] > 0]


FLAGS = ("short_pause", "tempo_loss", "spinal_rounding")


def true_flags(truth: Any, placement: str | None, target_pause_s: float | None) -> list[set[str]]:
    """The CONTRACT section 2 flags each true rep deserves (list aligned with ``truth.reps``).

    short_pause: a hold shorter than the target (only with a target). tempo_loss: moving
    concentric time >= 1.25 x the fastest earlier rep of the same set. spinal_rounding: upper-back
    flexion >= 15 deg relative to the setup (back placement only).
    """
    reps = _truth_reps(truth)
    out: list[set[str]] = []
    fastest: dict[int, float] = {}
    for r in reps:
        f: set[str] = set()
        if target_pause_s is not None and any(float(_get(p, "hold_s")) < target_pause_s for p in _get(r, "pauses")):
            f.add("short_pause")
        st, mc = int(_get(r, "set")), float(_get(r, "moving_concentric_s"))
        if st in fastest and mc >= 1.25 * fastest[st]:
            f.add("tempo_loss")
        fastest[st] = min(fastest.get(st, mc), mc)
        if placement == "back" and float(_get(r, "back_flexion_deg")) >= 15.0:
            f.add("spinal_rounding")
        out.append(f)
    return out


def score_session(
    result: Mapping[str, Any] | Sequence[Mapping[str, Any]],
    truth: Any,
    *,
    placement: str | None = None,
    target_pause_s: float | None = None,
) -> dict[str, Any]:
    """Compare one analysis result with the truth of the same session.

    result: the analysis JSON dict (CONTRACT section 2) or just its list of rep dicts.
    truth: :class:`imu.simulator.SessionTruth` or its dict form (a truth sidecar).
    placement: 'bar' / 'back' (default: ``result["placement"]``); MCV errors are only
    collected for 'bar'.
    target_pause_s: the pause target for the true ``short_pause`` flags (None: that flag is
    not scored).

    Returns counts (n_true, n_detected, count_exact, rep_tp/fp/fn, pause_tp/fp/fn) and lists of
    absolute errors (s, m or m/s) over matched items: start_err_s, lockout_err_s, end_err_s,
    hold_err_s, mcv_err_mps, rom_err_m, peak_err_mps (the last three for a bar); plus
    hold_err_signed_s (analysis - truth) and ``flags``: {flag: {tp, fp, fn}} over matched reps
    (see :func:`true_flags`).
    """
    reps = list(result["reps"]) if isinstance(result, Mapping) else list(result)
    if placement is None and isinstance(result, Mapping):
        placement = result.get("placement")
    true = _truth_reps(truth)
    pairs = _match(
        [(float(r["start_s"]), float(r["end_s"])) for r in reps],
        [(float(_get(r, "start_s")), float(_get(r, "end_s"))) for r in true],
    )
    out: dict[str, Any] = {
        "placement": placement,
        "n_true": len(true),
        "n_detected": len(reps),
        "count_exact": len(reps) == len(true),
        "rep_tp": len(pairs),
        "rep_fp": len(reps) - len(pairs),
        "rep_fn": len(true) - len(pairs),
        "start_err_s": [],
        "lockout_err_s": [],
        "end_err_s": [],
        "hold_err_s": [],
        "hold_err_signed_s": [],
        "mcv_err_mps": [],
        "rom_err_m": [],
        "peak_err_mps": [],
        "pause_tp": 0,
        "pause_fp": 0,
        "pause_fn": 0,
        "flags": {f: {"tp": 0, "fp": 0, "fn": 0} for f in FLAGS},
    }
    want = true_flags(truth, placement, target_pause_s)
    matched_p = {p for p, _ in pairs}
    matched_t = {t for _, t in pairs}
    for i, r in enumerate(reps):
        if i not in matched_p:
            out["pause_fp"] += len(r.get("pauses") or [])
    for j, r in enumerate(true):
        if j not in matched_t:
            out["pause_fn"] += len(_get(r, "pauses"))
    for i, j in sorted(pairs, key=lambda x: x[1]):
        p, t = reps[i], true[j]
        out["start_err_s"].append(abs(float(p["start_s"]) - float(_get(t, "start_s"))))
        out["lockout_err_s"].append(abs(float(p["lockout_s"]) - float(_get(t, "lockout_s"))))
        out["end_err_s"].append(abs(float(p["end_s"]) - float(_get(t, "end_s"))))
        for key, field in _BAR_ERRORS.items():
            got = p.get(field)
            if placement == "bar" and got is not None:
                out[key].append(abs(float(got) - float(_get(t, field))))
        got = set(p.get("flags") or [])
        for f in FLAGS:
            if f == "short_pause" and target_pause_s is None:
                continue  # no target: short_pause not scored
            c = out["flags"][f]
            c["tp"] += f in got and f in want[j]
            c["fp"] += f in got and f not in want[j]
            c["fn"] += f not in got and f in want[j]
        pp = list(p.get("pauses") or [])
        tp = list(_get(t, "pauses"))
        pm = _match(
            [(float(x["start_s"]), float(x["end_s"])) for x in pp],
            [(float(_get(x, "start_s")), float(_get(x, "end_s"))) for x in tp],
        )
        out["pause_tp"] += len(pm)
        out["pause_fp"] += len(pp) - len(pm)
        out["pause_fn"] += len(tp) - len(pm)
        for a, b in pm:
            d = float(pp[a]["hold_s"]) - float(_get(tp[b], "hold_s"))
            out["hold_err_s"].append(abs(d))
            out["hold_err_signed_s"].append(d)
    return out


def _pct(x: list[float], q: float) -> float | None:
    return float(np.percentile(x, q)) if x else None


def aggregate(scores: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Benchmark metrics over many sessions.

    frac_count_exact: fraction of sessions with exactly the true number of reps.
    p95_{start,lockout,end}_err_s: 95th percentile of absolute errors over all matched reps.
    pause_recall / pause_precision: over all pauses (None when undefined).
    p95_hold_err_s: over all matched pauses. median_abs_mcv_err_mps, p95_mcv_err_mps,
    p95_rom_err_m, p95_peak_err_mps: bar-placement sessions only (range of motion and peak
    velocity are reported with the rep, and read as much as its mean velocity).
    Also rep_recall / rep_precision, the pooled counts and per-flag tp/fp/fn/recall/precision
    over matched reps (flags: short_pause, tempo_loss, spinal_rounding).
    """
    scores = list(scores)
    pool: dict[str, list[float]] = {
        k: [] for k in ("start_err_s", "lockout_err_s", "end_err_s", "hold_err_s", "mcv_err_mps", "rom_err_m", "peak_err_mps")}
    cnt = {k: 0 for k in ("rep_tp", "rep_fp", "rep_fn", "pause_tp", "pause_fp", "pause_fn", "n_true", "n_detected")}
    for s in scores:
        for k in pool:
            if k in _BAR_ERRORS and s.get("placement") != "bar":
                continue
            pool[k].extend(s.get(k, ()))
        for k in cnt:
            cnt[k] += int(s[k])

    fl = {f: {"tp": 0, "fp": 0, "fn": 0} for f in FLAGS}
    for s in scores:
        for f, c in (s.get("flags") or {}).items():
            for k in ("tp", "fp", "fn"):
                fl.setdefault(f, {"tp": 0, "fp": 0, "fn": 0})[k] += int(c[k])

    def ratio(a: int, b: int) -> float | None:
        return a / b if b else None

    flags = {
        f: {**c, "recall": ratio(c["tp"], c["tp"] + c["fn"]), "precision": ratio(c["tp"], c["tp"] + c["fp"])}
        for f, c in fl.items()
    }

    return {
        "n_sessions": len(scores),
        "frac_count_exact": ratio(sum(bool(s["count_exact"]) for s in scores), len(scores)),
        "p95_start_err_s": _pct(pool["start_err_s"], 95),
        "p95_lockout_err_s": _pct(pool["lockout_err_s"], 95),
        "p95_end_err_s": _pct(pool["end_err_s"], 95),
        "pause_recall": ratio(cnt["pause_tp"], cnt["pause_tp"] + cnt["pause_fn"]),
        "pause_precision": ratio(cnt["pause_tp"], cnt["pause_tp"] + cnt["pause_fp"]),
        "p95_hold_err_s": _pct(pool["hold_err_s"], 95),
        "median_abs_mcv_err_mps": float(np.median(pool["mcv_err_mps"])) if pool["mcv_err_mps"] else None,
        "p95_mcv_err_mps": _pct(pool["mcv_err_mps"], 95),
        "p95_rom_err_m": _pct(pool["rom_err_m"], 95),
        "p95_peak_err_mps": _pct(pool["peak_err_mps"], 95),
        "rep_recall": ratio(cnt["rep_tp"], cnt["n_true"]),
        "rep_precision": ratio(cnt["rep_tp"], cnt["n_detected"]),
        "flags": flags,
        **cnt,
    }


#: the issue's metrics, in the order the benchmarks print them, then the bar's other metrics
TABLE_KEYS = ("n_sessions", "frac_count_exact", "rep_recall", "rep_precision", "p95_start_err_s", "p95_lockout_err_s",
              "p95_end_err_s", "pause_recall", "pause_precision", "p95_hold_err_s", "median_abs_mcv_err_mps",
              "p95_mcv_err_mps", "p95_rom_err_m", "p95_peak_err_mps")


def format_table(columns: Mapping[str, Mapping[str, Any]]) -> str:
    """The metrics of :data:`TABLE_KEYS` as a text table, one column per aggregate
    (``{"bar": aggregate(...), "back": ..., "all": ...}``)."""
    lines = [f"{'metric':<26}" + "".join(f"{k:>10}" for k in columns)]
    for k in TABLE_KEYS:
        cells = []
        for v in columns.values():
            x = v[k]
            cells.append("      -   " if x is None else f"{x:>10.3f}" if isinstance(x, float) else f"{x:>10}")
        lines.append(f"{k:<26}" + "".join(cells))
    return "\n".join(lines)


def run_benchmark(
    analyze: Callable[[Any], Mapping[str, Any]],
    seeds: Iterable[int],
    placements: Sequence[str] = ("bar", "back"),
    rates: Sequence[float] = (100.0,),
    links: Sequence[str] = ("ble",),
) -> dict[str, Any]:
    """Simulate sessions and score ``analyze(session) -> result dict`` on each.

    ``session`` is an :class:`imu.simulator.SimulatedSession` (t, acc, gyro, metadata).
    Returns {"aggregate": ..., "sessions": [...]} (each session score with seed/placement/rate/link).
    """
    from imu.simulator import simulate_session

    rows = []
    for seed in seeds:
        for pl in placements:
            for rate in rates:
                for link in links:
                    s = simulate_session(seed, pl, rate, link=link)
                    tp = s.metadata.get("target_pause_s")
                    sc = score_session(analyze(s), s.truth, placement=pl, target_pause_s=float(tp) if tp else None)
                    sc.update(seed=seed, rate_hz=rate, link=link)
                    rows.append(sc)
    return {"aggregate": aggregate(rows), "sessions": rows}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or len(args) % 2:
        print("usage: score.py RESULT.json TRUTH.json [RESULT.json TRUTH.json ...]", file=sys.stderr)
        return 2
    rows = []
    for rp, tp in zip(args[::2], args[1::2]):
        with open(rp, encoding="utf-8") as fh:
            res = json.load(fh)
        with open(tp, encoding="utf-8") as fh:
            tr = json.load(fh)
        meta = tr.get("metadata", {})
        tps = meta.get("target_pause_s")
        sc = score_session(
            res, tr, placement=res.get("placement") or meta.get("placement"), target_pause_s=float(tps) if tps else None
        )
        sc["result"] = rp
        rows.append(sc)
    json.dump({"aggregate": aggregate(rows), "sessions": rows}, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
