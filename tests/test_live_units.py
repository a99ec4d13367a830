"""Small pieces of the live shell: JSON lines, cues, link accounting, argument checks."""

from __future__ import annotations

import argparse
import io
import json
from datetime import datetime

import pytest

from analysis.events import PauseEnded, PauseTarget, RepStarted
from imu.stream_types import LinkEvent
from repsense.cue import BellCue, NullCue, RecordingCue
from repsense.jsonl import EVENT_KEYS, JsonlWriter, dumps_event
from repsense.live_cli import add_live_arguments, default_recording_path, run_live
from repsense.live_session import LinkStats, SessionSummary
from repsense.live_view import summary_lines


def test_link_event_json_has_exactly_the_contract_keys() -> None:
    d = json.loads(dumps_event(LinkEvent(t_s=12.3456, state="restored", missing_samples=14)))
    assert d == {"event": "link", "t_s": 12.346, "state": "restored", "missing_samples": 14}
    assert set(d) == EVENT_KEYS["link"]


def test_analysis_events_serialise_with_contract_keys() -> None:
    for ev in (RepStarted(5.05, 5.0), PauseTarget(7.46, 2.0), PauseEnded(7.47, 2.04)):
        d = json.loads(dumps_event(ev))
        assert set(d) == EVENT_KEYS[d["event"]]


def test_jsonl_writer_one_flushed_line_per_event() -> None:
    class Spy(io.StringIO):
        flushes = 0

        def flush(self) -> None:
            Spy.flushes += 1
            super().flush()

    s = Spy()
    w = JsonlWriter(s)
    w.write(LinkEvent(1.0, "lost", 0))
    w.write(LinkEvent(2.0, "restored", 50))
    lines = s.getvalue().splitlines()
    assert len(lines) == 2 and Spy.flushes == 2
    assert [json.loads(x)["state"] for x in lines] == ["lost", "restored"]


def test_bell_cue_writes_bells_to_its_stream_only() -> None:
    err = io.StringIO()
    BellCue(err).cue("pause_target")
    BellCue(err).cue("link_lost")
    assert err.getvalue() == "\a" + "\a\a"
    NullCue().cue("pause_target")  # no output, no error
    rc = RecordingCue()
    rc.cue("short_pause")
    assert rc.calls == ["short_pause"]


def test_link_stats_counts_each_gap_once() -> None:
    ls = LinkStats()
    ls.update(LinkEvent(1.0, "lost", 0))
    assert ls.state == "lost" and ls.losses == 1
    ls.update(LinkEvent(3.0, "restored", 400))
    ls.update(LinkEvent(5.0, "lost", 10))
    ls.update(LinkEvent(6.0, "restored", 7))
    assert ls.state == "connected" and ls.losses == 2
    assert ls.total_missing == 410


def test_summary_mentions_malformed_packets_only_when_there_were_some() -> None:
    def line(n: int) -> str:
        summ = SessionSummary(result=None, n_samples=100, first_t_s=0.0, last_t_s=0.99, wall_s=1.0,
                              link=LinkStats(), recording=None, decode_errors=n)
        (ln,) = [x for x in summary_lines(summ) if "link losses" in x]
        return ln

    assert "malformed" not in line(0)
    assert line(1).endswith(", 1 malformed packet skipped")
    assert line(12).endswith(", 12 malformed packets skipped")
    assert SessionSummary(None, 0, None, None, 0.0, LinkStats(), None).decode_errors == 0


def test_default_recording_path_never_reuses_a_name(tmp_path) -> None:
    now = datetime(2024, 5, 6, 7, 8, 9)
    p1 = default_recording_path(tmp_path, now)
    assert p1.name == "session-20240506-070809.csv"
    p1.write_text("x")
    p2 = default_recording_path(tmp_path, now)
    assert p2 != p1 and not p2.exists()


def _args(*argv: str) -> argparse.Namespace:
    p = argparse.ArgumentParser()
    add_live_arguments(p)
    return p.parse_args(list(argv))


def test_live_requires_placement_for_a_device(capsys) -> None:
    assert run_live(_args("--device", "AA:BB:CC:DD:EE:FF")) == 2
    assert "--placement" in capsys.readouterr().err


def test_live_refuses_to_overwrite(tmp_path, capsys) -> None:
    out = tmp_path / "x.csv"
    out.write_text("keep me")
    code = run_live(_args("--device", "AA:BB:CC:DD:EE:FF", "--placement", "bar", "--out", str(out)))
    assert code == 2
    assert "overwrite" in capsys.readouterr().err
    assert out.read_text() == "keep me"


def test_live_demo_bad_file_is_a_plain_error(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("hello\n1,2\n")
    assert run_live(_args("--demo", str(bad), "--no-record")) == 2
    err = capsys.readouterr().err
    assert "bad.csv" in err and "Traceback" not in err


@pytest.mark.parametrize("opt", [["--speed", "0"], ["--target-pause", "-1"], ["--rate", "0"]])
def test_live_rejects_nonpositive_numbers(opt, capsys) -> None:
    assert run_live(_args("--device", "X", "--placement", "bar", *opt)) == 2
    assert "positive" in capsys.readouterr().err


def test_live_speed_is_for_demo_only(capsys) -> None:
    assert run_live(_args("--device", "X", "--placement", "bar", "--speed", "10")) == 2
    assert "--demo" in capsys.readouterr().err
