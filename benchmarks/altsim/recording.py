"""Write a rendered session as a repsense recording CSV (CONTRACT section 1) plus a truth
sidecar ``NAME.truth.json`` beside it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .session import AltSession


def write_session(s: AltSession, path: str | Path) -> tuple[Path, Path]:
    """Write ``path`` (.csv) and ``path`` with .truth.json; returns both paths."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# repsense-recording: 1"] + [f"# {k}: {v}" for k, v in s.metadata.items()]
    lines.append("t,ax,ay,az,gx,gy,gz")
    data = np.column_stack([s.t, s.acc, s.gyro])
    with open(p, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")
        np.savetxt(fh, data, fmt=["%.6f", "%.6f", "%.6f", "%.6f", "%.4f", "%.4f", "%.4f"], delimiter=",")
    tp = p.with_name(p.name[: -len(p.suffix)] + ".truth.json") if p.suffix else p.with_name(p.name + ".truth.json")
    with open(tp, "w", encoding="utf-8") as fh:
        json.dump(s.truth.to_dict(), fh, indent=1, default=_jsonable)
    return p, tp


def _jsonable(x: object) -> object:
    if isinstance(x, (np.floating, np.integer)):
        return x.item()
    if isinstance(x, np.ndarray):
        return x.tolist()
    raise TypeError(type(x))
