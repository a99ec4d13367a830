"""Write a simulated session as a recording CSV (CONTRACT.md section 1) plus a ground-truth
JSON sidecar, and read the sidecar back."""

from __future__ import annotations

import json
import math
import os
from dataclasses import asdict
from typing import Any

from .session import SimulatedSession
from .truth import SessionTruth

TRUTH_SCHEMA = "repsense.truth/1"


def truth_path_for(csv_path: str | os.PathLike[str]) -> str:
    """``x.csv`` -> ``x.truth.json``."""
    p = os.fspath(csv_path)
    base = p[:-4] if p.endswith(".csv") else p
    return base + ".truth.json"


def _clean(x: Any) -> Any:
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, float):
        return round(x, 6)
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    return x


def session_truth_dict(session: SimulatedSession) -> dict[str, Any]:
    """The sidecar content: truth, metadata and the full spec (JSON-ready)."""
    d = session.truth.to_dict()
    d["metadata"] = dict(session.metadata)
    d["link"] = session.link
    d["spec"] = _clean(asdict(session.spec))
    d["sensor_model"] = _clean(asdict(session.sensor_model))
    d["link_model"] = _clean(asdict(session.link_model)) if session.link_model else None
    return d


def write_session(
    session: SimulatedSession, csv_path: str | os.PathLike[str], *, truth_path: str | None = None, overwrite: bool = True
) -> tuple[str, str]:
    """Write ``csv_path`` (t 6 decimals, acc 5, gyro 3) and the truth sidecar; returns both paths."""
    from imu.recording import write_recording

    write_recording(csv_path, session.metadata, session.t, session.acc, session.gyro, overwrite=overwrite)
    tp = truth_path or truth_path_for(csv_path)
    with open(tp, "w", encoding="utf-8") as fh:
        json.dump(session_truth_dict(session), fh, indent=1)
        fh.write("\n")
    return os.fspath(csv_path), tp


def read_truth(path: str | os.PathLike[str]) -> SessionTruth:
    """Read a truth sidecar (or a bare ``SessionTruth.to_dict()`` JSON)."""
    with open(path, encoding="utf-8") as fh:
        d = json.load(fh)
    return SessionTruth.from_dict(d)
