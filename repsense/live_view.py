"""Views of a live session: JSON lines, plain text lines, and a rich terminal dashboard.

All three are :class:`~repsense.live_session.SessionObserver` s. Times shown are sensor
seconds (the recording's ``t`` base); velocities m/s; distances m.
"""

from __future__ import annotations

import time
from collections import deque
from pathlib import Path
from typing import Any, TextIO

from analysis.events import PauseEnded, PauseStarted, PauseTarget, RepCompleted, RepStarted, SetEnded
from analysis.results import Rep
from analysis.streaming import LiveStatus
from imu.stream_types import LinkEvent, SampleBlock

from .jsonl import JsonlWriter


def _f(x: float | None, fmt: str = "{:.2f}", none: str = "-") -> str:
    return none if x is None else fmt.format(x)


def rep_line(rep: Rep) -> str:
    """One-line description of a completed rep."""
    holds = ", ".join(f"{p.hold_s:.2f} s" for p in rep.pauses) or "none"
    parts = [f"rep {rep.index} (set {rep.set})"]
    if rep.mean_concentric_velocity_mps is not None:
        parts.append(f"MCV {rep.mean_concentric_velocity_mps:.2f} m/s")
    if rep.rom_m is not None:
        parts.append(f"ROM {rep.rom_m:.2f} m")
    parts.append(f"concentric {rep.moving_concentric_s:.2f} s")
    parts.append(f"hold {holds}")
    parts.append("flags: " + (", ".join(rep.flags) if rep.flags else "none"))
    return ", ".join(parts)


def event_line(ev: Any, target_pause_s: float | None = None) -> str:
    """One human-readable line for an analysis or link event, prefixed with its sensor time."""
    t = f"[{ev.t_s:9.2f} s]"
    if isinstance(ev, RepStarted):
        return f"{t} rep started"
    if isinstance(ev, PauseStarted):
        return f"{t} pause started"
    if isinstance(ev, PauseTarget):
        return f"{t} pause target {ev.target_s:g} s reached - finish the pull"
    if isinstance(ev, PauseEnded):
        short = target_pause_s is not None and ev.hold_s < target_pause_s
        return f"{t} pause ended: hold {ev.hold_s:.2f} s" + (
            f"  WARNING: short pause (target {target_pause_s:g} s)" if short else ""
        )
    if isinstance(ev, RepCompleted):
        return f"{t} {rep_line(ev.rep)}"
    if isinstance(ev, SetEnded):
        return f"{t} set {ev.set.index} ended: {len(ev.set.reps)} reps"
    if isinstance(ev, LinkEvent):
        if ev.state == "lost":
            return f"{t} WARNING: link lost" + (
                f" ({ev.missing_samples} samples missing)" if ev.missing_samples else ""
            )
        return f"{t} link restored, {ev.missing_samples} samples missing"
    return f"{t} {type(ev).__name__}"


def summary_lines(summary: Any) -> list[str]:
    """The end-of-session summary (a :class:`~repsense.live_session.SessionSummary`)."""
    lines = ["Session " + ("stopped" if summary.interrupted else "ended") + "."]
    span = (
        f"{summary.last_t_s - summary.first_t_s:.1f} s of data"
        if summary.first_t_s is not None and summary.last_t_s is not None
        else "no data"
    )
    lines.append(f"  samples received: {summary.n_samples} ({span}, {summary.wall_s:.1f} s wall clock)")
    bad = int(getattr(summary, "decode_errors", 0) or 0)
    lines.append(
        f"  link losses: {summary.link.losses}, samples missing: {summary.link.total_missing}"
        + (f", {bad} malformed packet{'s' if bad != 1 else ''} skipped" if bad else "")
    )
    res = summary.result
    if res is not None:
        s = res.summary()
        lines.append(f"  sets: {s['n_sets']}, reps: {s['n_reps']}")
        if s["n_pauses"]:
            tgt = s["target_pause_s"]
            lines.append(
                f"  pauses: {s['n_pauses']}, mean hold {_f(s['mean_hold_s'])} s"
                + (f", {s['n_pauses_meeting_target']} met the {tgt:g} s target" if tgt is not None else "")
            )
        if s["mean_concentric_velocity_mps"] is not None:
            lines.append(f"  mean concentric velocity: {s['mean_concentric_velocity_mps']:.2f} m/s")
        flags = {k: v for k, v in s["flag_counts"].items() if v}
        if flags:
            lines.append("  flags: " + ", ".join(f"{k} x{v}" for k, v in flags.items()))
    for e in summary.errors:
        lines.append(f"  error: {e}")
    for w in getattr(summary, "warnings", ()):
        lines.append(f"  warning: {w}")
    if summary.recording is not None:
        lines.append(f"  recording: {summary.recording}")
    return lines


def _problems(session: Any) -> list[str]:
    """The analysis / recording failures and the sensor warnings ``session`` has now."""
    msgs = (getattr(session, "analysis_error", None), getattr(session, "recording_error", None),
            getattr(session, "sensor_warning", None), getattr(session, "range_warning", None))
    return [m for m in msgs if m]


def _new_problems(session: Any, seen: set[str]) -> list[str]:
    """:func:`_problems` of ``session`` not reported yet (marks them reported)."""
    out = []
    for msg in _problems(session):
        if msg not in seen:
            seen.add(msg)
            out.append(msg)
    return out


class JsonlView:
    """``--jsonl``: every event as one JSON line on ``stream`` (stdout), nothing else."""

    def __init__(self, stream: TextIO, diagnostics: TextIO | None = None) -> None:
        self._w = JsonlWriter(stream)
        self._diag = diagnostics
        self._reported_msgs: set[str] = set()

    def on_samples(self, block: SampleBlock, session: Any) -> None:
        if self._diag is not None:
            for msg in _new_problems(session, self._reported_msgs):
                self._diag.write(f"warning: {msg}\n")
                self._diag.flush()

    def on_event(self, ev: Any, session: Any) -> None:
        self._w.write(ev)


class PlainView:
    """Plain lines, one per event (for a non-terminal stdout: logs, pipes)."""

    def __init__(self, stream: TextIO, target_pause_s: float | None = None) -> None:
        self._stream = stream
        self._target = target_pause_s
        self._reported_msgs: set[str] = set()

    def header(self, lines: list[str]) -> None:
        for line in lines:
            self._stream.write(line + "\n")
        self._stream.flush()

    def on_samples(self, block: SampleBlock, session: Any) -> None:
        for msg in _new_problems(session, self._reported_msgs):
            self._stream.write(f"WARNING: {msg}\n")
            self._stream.flush()

    def on_event(self, ev: Any, session: Any) -> None:
        self._stream.write(event_line(ev, self._target) + "\n")
        self._stream.flush()


class RichView:
    """A live terminal dashboard (rich.live): reps, phase, velocity, hold timer, last rep, link.

    Use as a context manager around the session. The status snapshot is refreshed from the
    analyzer at most every ``status_interval_s`` wall seconds (on the event-loop thread); the
    rich refresh thread only reads the snapshot.
    """

    def __init__(
        self,
        console: Any,
        *,
        placement: str,
        target_pause_s: float | None,
        recording: Path | None,
        source: str,
        refresh_per_second: float = 10.0,
        status_interval_s: float = 0.05,
    ) -> None:
        from rich.live import Live

        self._console = console
        self._placement = placement
        self._target = target_pause_s
        self._recording = recording
        self._source = source
        self._interval = status_interval_s
        self._last_status_wall = 0.0
        self.status: LiveStatus | None = None
        self.last_rep: Rep | None = None
        self.link_state = "connected"
        self.missing = 0
        self.losses = 0
        self.decode_errors = 0
        self.warnings: deque[str] = deque(maxlen=3)
        self.log: deque[str] = deque(maxlen=6)
        self.n_samples = 0
        self.last_t: float | None = None
        self.problems: list[str] = []
        self._live = Live(
            console=console,
            get_renderable=self._render_safe,
            refresh_per_second=refresh_per_second,
            transient=False,
            redirect_stdout=False,
            redirect_stderr=False,
        )

    def __enter__(self) -> "RichView":
        self._live.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._live.stop()

    def stop(self) -> None:
        self._live.stop()

    # -- observer -----------------------------------------------------------------------------
    def on_samples(self, block: SampleBlock, session: Any) -> None:
        self.n_samples = session.n_samples
        self.last_t = session.last_t_s
        self.problems = _problems(session)
        self.decode_errors = int(getattr(session, "decode_errors", 0) or 0)
        now = time.monotonic()
        if now - self._last_status_wall >= self._interval:
            self._last_status_wall = now
            try:
                self.status = session.status
            except Exception:
                pass

    def on_event(self, ev: Any, session: Any) -> None:
        self.log.append(event_line(ev, self._target))
        if isinstance(ev, RepCompleted):
            self.last_rep = ev.rep
        elif isinstance(ev, PauseEnded) and self._target is not None and ev.hold_s < self._target:
            self.warnings.append(f"[{ev.t_s:.1f} s] short pause: {ev.hold_s:.2f} s < {self._target:g} s")
        elif isinstance(ev, LinkEvent):
            self.link_state = "lost" if ev.state == "lost" else "connected"
            self.losses = session.link.losses
            self.missing = session.link.total_missing
            if ev.state == "lost":
                self.warnings.append(f"[{ev.t_s:.1f} s] link lost")
        try:  # keep counts current between status snapshots
            self.status = session.status
        except Exception:
            pass

    # -- rendering ----------------------------------------------------------------------------
    def _render_safe(self) -> Any:
        try:
            return self.render()
        except Exception as e:  # never let a rendering bug kill the session
            from rich.text import Text

            return Text(f"(display error: {type(e).__name__}: {e})")

    def render(self) -> Any:
        from rich.console import Group
        from rich.panel import Panel
        from rich.progress_bar import ProgressBar
        from rich.table import Table
        from rich.text import Text

        st = self.status
        top = Table.grid(padding=(0, 2))
        top.add_column(justify="right", style="bold")
        top.add_column()
        top.add_column(justify="right", style="bold")
        top.add_column()
        reps = str(st.rep_count) if st else "0"
        sets = str(st.set_count) if st else "0"
        phase = st.phase if st else "waiting for data"
        if self._placement == "bar":
            motion_label, motion = "Bar velocity", (_f(st.velocity_mps, "{:+.2f} m/s") if st else "-")
        else:
            motion_label, motion = "Trunk from lockout", (_f(st.inclination_deg, "{:.0f} deg") if st else "-")
        top.add_row("Reps", Text(reps, style="bold cyan"), "Set", Text(sets, style="bold cyan"))
        top.add_row("Phase", Text(phase, style="magenta"), motion_label, motion)
        t_txt = _f(self.last_t, "{:.1f} s")
        top.add_row("Sensor time", t_txt, "Samples", str(self.n_samples))

        # hold timer
        hold = st.hold_s if st else None
        target = (st.target_pause_s if st and st.target_pause_s is not None else self._target)
        if hold is not None:
            if target:
                reached = hold >= target
                bar = ProgressBar(
                    total=target,
                    completed=min(hold, target),
                    width=30,
                    complete_style="green" if reached else "yellow",
                    finished_style="green",
                )
                hold_row = Table.grid(padding=(0, 1))
                hold_row.add_row(
                    Text("Hold", style="bold"),
                    bar,
                    Text(f"{hold:.1f} / {target:g} s" + ("  PULL!" if reached else ""),
                         style="bold green" if reached else ""),
                )
            else:
                hold_row = Text(f"Hold {hold:.1f} s", style="bold")
        else:
            hold_row = Text("Hold  -" + (f"  (target {target:g} s)" if target else ""), style="dim")

        # last rep
        if self.last_rep is not None:
            r = self.last_rep
            lr = Table.grid(padding=(0, 2))
            lr.add_column(style="bold")
            lr.add_column()
            lr.add_row("Last rep", f"#{r.index} (set {r.set})")
            if r.mean_concentric_velocity_mps is not None:
                lr.add_row("MCV", f"{r.mean_concentric_velocity_mps:.2f} m/s")
            if r.rom_m is not None:
                lr.add_row("ROM", f"{r.rom_m:.2f} m")
            lr.add_row("Hold", ", ".join(f"{p.hold_s:.2f} s" for p in r.pauses) or "none")
            lr.add_row(
                "Flags",
                Text(", ".join(r.flags), style="bold red") if r.flags else Text("none", style="green"),
            )
        else:
            lr = Text("Last rep  -", style="dim")

        # warnings + link
        warn = list(self.warnings)
        if st is not None:
            warn += [w for w in st.warnings if w not in warn]
        link_style = "bold red" if self.link_state == "lost" else "green"
        link = Text.assemble(
            ("Link ", "bold"),
            (self.link_state, link_style),
            f"   losses {self.losses}   missing samples {self.missing}",
        )
        if self.decode_errors > 0:
            link.append(f"   malformed packets skipped {self.decode_errors}", style="yellow")
        parts: list[Any] = [top, Text(""), hold_row, Text(""), lr, Text(""), link]
        warn += self.problems
        if warn:
            parts.append(Text("Warnings: " + "; ".join(warn[-3:]), style="bold red"))
        if self.log:
            parts.append(Text(""))
            parts.extend(Text(line, style="dim") for line in self.log)
        footer = f"source: {self._source}"
        if self._recording is not None:
            footer += f"   recording: {self._recording}"
        parts.append(Text(footer, style="dim"))
        title = f"repsense live - {self._placement}" + (f", target pause {self._target:g} s" if self._target else "")
        return Panel(Group(*parts), title=title, subtitle="Ctrl-C to stop")
