"""`repsense replay ... --csv OUT.csv`: every rep of one or many recordings in one CSV table,
written whole or not at all, and never over a recording."""

from __future__ import annotations

import csv
import errno
import os
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from repsense.cli import main  # noqa: E402
from repsense import output_files  # noqa: E402
from repsense.rep_table_csv import COLUMNS  # noqa: E402
from repsense.replay import replay_file  # noqa: E402

BAR = str(ROOT / "recordings" / "pause_deadlift_bar_100hz.csv")
BACK = str(ROOT / "recordings" / "deadlift_back_100hz.csv")


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def test_one_row_per_rep_with_the_analysis_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "reps.csv"
    assert main(["replay", BAR, "--csv", str(out)]) == 0
    assert "set rep" in capsys.readouterr().out  # the table is still printed
    res = replay_file(BAR).to_dict()
    rows = _rows(out)
    assert list(rows[0].keys()) == list(COLUMNS)
    assert len(rows) == len(res["reps"]) == 7
    for row, rep in zip(rows, res["reps"]):
        assert row["file"] == BAR and row["placement"] == "bar"
        assert (int(row["set"]), int(row["rep"])) == (rep["set"], rep["index"])
        for k in ("start_s", "lockout_s", "end_s", "moving_concentric_s", "rom_m", "mean_concentric_velocity_mps"):
            assert float(row[k]) == rep[k]
        holds = [p["hold_s"] for p in rep["pauses"]]
        assert int(row["n_pauses"]) == len(holds)
        assert [float(x) for x in row["hold_s"].split(";") if x] == holds
        assert float(row["target_pause_s"]) == 2.0
        assert int(row["pauses_meeting_target"]) == sum(p["meets_target"] for p in rep["pauses"])
        assert row["flags"].split(";") == (rep["flags"] or [""])
    # the short holds are flagged in the table as in the analysis
    assert any("short_pause" in r["flags"] for r in rows)


def test_many_recordings_pool_into_one_table_and_a_bad_one_adds_no_rows(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "all.csv"
    missing = str(tmp_path / "missing.csv")
    assert main(["replay", BAR, missing, BACK, "--json", "--csv", str(out)]) == 2
    assert "missing.csv: no such file" in capsys.readouterr().err
    df = pd.read_csv(out)
    assert list(df.columns) == list(COLUMNS)
    n_bar, n_back = (len(replay_file(p).reps) for p in (BAR, BACK))
    assert df["file"].tolist() == [BAR] * n_bar + [BACK] * n_back
    back = df[df["placement"] == "back"]
    # what a back sensor does not measure, and a session without a target, are empty cells
    assert back["mean_concentric_velocity_mps"].isna().all() and back["pauses_meeting_target"].isna().all()
    assert df.groupby("file")["rep"].max().to_dict() == {BAR: n_bar, BACK: n_back}


def test_refused_before_any_analysis_where_it_would_lose_a_recording_or_cannot_go(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "session.csv"
    copy.write_bytes(Path(BAR).read_bytes())
    other = tmp_path / "other-session.csv"
    other.write_bytes(Path(BACK).read_bytes())
    cases = [
        ([str(copy), "--csv", str(copy)], "is one of the recordings being read"),
        ([BAR, str(copy), "--csv", str(copy)], "is one of the recordings being read"),
        ([BAR, "--csv", str(other)], "is a recording"),
        ([BAR, "--csv", str(tmp_path / "no" / "reps.csv")], "no such directory"),
        ([BAR, "--csv", str(tmp_path)], "is a directory"),
    ]
    for args, why in cases:
        assert main(["replay", *args]) == 2
        cap = capsys.readouterr()
        assert why in cap.err and cap.out == ""  # said before any analysis: no table
    assert copy.read_bytes() == Path(BAR).read_bytes() and other.read_bytes() == Path(BACK).read_bytes()


def test_an_existing_table_is_replaced_whole_and_a_failed_write_leaves_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "reps.csv"
    out.write_text("old table\n")
    assert main(["replay", BACK, "--csv", str(out)]) == 0
    assert len(_rows(out)) == len(replay_file(BACK).reps)
    assert [p.name for p in tmp_path.iterdir()] == ["reps.csv"]  # no temporary file left
    before = out.read_bytes()
    capsys.readouterr()

    def disk_full(src: str, dst: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    # the disk fills up as the table is put in place: the old table stays, the temporary goes,
    # the analysis is still printed, and the exit status says it failed
    monkeypatch.setattr(output_files.os, "replace", disk_full)
    assert main(["replay", BAR, "--csv", str(out)]) == 2
    cap = capsys.readouterr()
    assert "the rep table could not be written: No space left on device" in cap.err and "set rep" in cap.out
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["reps.csv"]
