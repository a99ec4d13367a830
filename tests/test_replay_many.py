"""`repsense replay FILE FILE ...`: many recordings in one run (a researcher's folder), a bad one
reported without stopping the rest."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from repsense.cli import main  # noqa: E402
from repsense.replay import replay_file  # noqa: E402

BAR = str(ROOT / "recordings" / "pause_deadlift_bar_100hz.csv")
BACK = str(ROOT / "recordings" / "deadlift_back_100hz.csv")
BAD_LINE = 16  # (1-based) the bad file's fifth data row: ten metadata lines, the column names, four rows


@pytest.fixture
def bad(tmp_path: Path) -> str:
    """A recording whose fifth data row has a non-numeric cell."""
    lines = Path(BAR).read_text().splitlines()
    first = next(i for i, ln in enumerate(lines) if not ln.startswith("#"))
    cells = lines[first + 5].split(",")
    cells[1] = "abc"
    lines[first + 5] = ",".join(cells)
    assert first + 5 + 1 == BAD_LINE
    p = tmp_path / "bad.csv"
    p.write_text("\n".join(lines) + "\n")
    return str(p)


def test_tables_then_one_line_per_file_and_a_bad_file_does_not_stop_the_others(bad: str, tmp_path: Path,
                                                                               capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "missing.csv")
    assert main(["replay", BAR, bad, missing, BACK]) == 2
    cap = capsys.readouterr()
    assert f"{bad}:{BAD_LINE}:" in cap.err and "missing.csv: no such file" in cap.err
    summary = cap.out[cap.out.index("4 recording(s):"):].splitlines()
    rows = {ln.split()[-1]: ln.split() for ln in summary[2:] if "FAILED" not in ln}
    for path in (BAR, BACK):
        s = replay_file(path).summary()
        assert rows[path][:3] == [str(s["n_sets"]), str(s["n_reps"]), str(s["n_pauses"])]
    assert sum("FAILED" in ln for ln in summary) == 2
    assert cap.out.count("set rep") == 2  # the two good files' tables


def test_json_lines_one_object_per_file_in_order(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", "--json", BACK, bad, BAR]) == 2
    lines = [json.loads(ln) for ln in capsys.readouterr().out.splitlines()]
    assert [d["file"] for d in lines] == [BACK, bad, BAR]
    assert lines[0]["analysis"] == replay_file(BACK).to_dict()
    assert lines[2]["analysis"] == replay_file(BAR).to_dict()
    assert "analysis" not in lines[1] and lines[1]["error"].startswith(f"{bad}:")


def test_all_good_exits_0_and_plot_writes_one_figure_per_file_into_a_directory(tmp_path: Path,
                                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", BAR, BACK]) == 0
    figs = tmp_path / "figs"
    figs.mkdir()
    assert main(["replay", BAR, BACK, BAR, "--plot", str(figs)]) == 0
    names = sorted(p.name for p in figs.iterdir())
    assert names == ["deadlift_back_100hz.png", "pause_deadlift_bar_100hz-2.png", "pause_deadlift_bar_100hz.png"]
    assert all((figs / n).read_bytes().startswith(b"\x89PNG") for n in names)
    capsys.readouterr()
    # not a directory: said before any analysis
    assert main(["replay", BAR, BACK, "--plot", str(tmp_path / "f.png")]) == 2
    cap = capsys.readouterr()
    assert "no such directory" in cap.err and cap.out == ""
