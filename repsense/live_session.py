"""The live-session pipeline: sensor stream -> recording + streaming analysis -> observers.

Every :class:`~imu.stream_types.SampleBlock` received is first appended to the recording (so
the file holds every sample that arrived, whatever the analysis does), then fed to the
:class:`~analysis.streaming.StreamingAnalyzer`; its events and the stream's
:class:`~imu.stream_types.LinkEvent` s go to the observers (a view, a JSON-lines writer) and
trigger the audible cues. The pipeline itself does no I/O besides the recording and has no
notion of wall time; :meth:`LiveSession.run` drives it from an async stream.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Iterable, Protocol

import numpy as np

from analysis.events import PauseEnded, PauseTarget
from analysis.gyro_frame_check import DISAGREE_FRAC, GyroFrameCheck, GyroReading
from analysis.saturation_check import SaturationCheck
from analysis.results import AnalysisResult
from analysis.streaming import LiveStatus, StreamingAnalyzer
from imu.stream_types import LinkEvent, SampleBlock

from .cue import CueSink, NullCue

#: decimals of t (s) kept: microseconds, the recording's precision
T_DECIMALS = 6


class BlockWriter(Protocol):
    """What the session needs of a recording writer (``imu.recording.RecordingWriter``)."""

    def write_block(self, t: Any, acc: Any, gyro: Any) -> None: ...

    def close(self) -> None: ...


class SessionObserver(Protocol):
    """Receives what happens in a session. All callbacks run on the event-loop thread."""

    def on_samples(self, block: SampleBlock, session: "LiveSession") -> None: ...

    def on_event(self, ev: Any, session: "LiveSession") -> None: ...


@dataclass
class LinkStats:
    """Link health: current state, number of losses, samples known lost (sum over losses)."""

    state: str = "connected"  # 'connected' | 'lost'
    losses: int = 0
    missing_samples: int = 0
    _pending_missing: int = 0

    def update(self, ev: LinkEvent) -> None:
        # A loss may report 0 missing (unknown yet) and the restore the full count, or the loss may
        # already know it; count each gap once, as the largest figure reported for it.
        if ev.state == "lost":
            if self.state != "lost":
                self.losses += 1
                self._pending_missing = 0
            self.state = "lost"
            self._pending_missing = max(self._pending_missing, int(ev.missing_samples))
        else:
            self.state = "connected"
            self.missing_samples += max(self._pending_missing, int(ev.missing_samples))
            self._pending_missing = 0

    @property
    def total_missing(self) -> int:
        return self.missing_samples + (self._pending_missing if self.state == "lost" else 0)


@dataclass
class SessionSummary:
    """What a finished session reports.

    result: the analyzer's final result (None if the analysis failed).
    n_samples: samples received (and recorded). first_t_s / last_t_s: sensor time span (s).
    wall_s: wall-clock duration (s). recording: path of the recording, if any.
    decode_errors: malformed sensor notifications the driver skipped (not in n_samples).
    """

    result: AnalysisResult | None
    n_samples: int
    first_t_s: float | None
    last_t_s: float | None
    wall_s: float
    link: LinkStats
    recording: Path | None
    interrupted: bool = False
    errors: list[str] = field(default_factory=list)
    decode_errors: int = 0
    #: doubts about the data that did not stop the session (a gyroscope that does not agree with
    #: the accelerometer: :mod:`analysis.gyro_frame_check`)
    warnings: list[str] = field(default_factory=list)


class LiveSession:
    """Record and analyse a stream of sample blocks and link events.

    Parameters
    ----------
    analyzer : the streaming analyzer (placement and target pause already set).
    writer : recording writer (``write_block(t, acc, gyro)``, ``close()``) or None, or
        writer_factory : called once, when the first block arrives (so the metadata can say what
        the sensor turned out to be), returning the writer.
    observers : receive every block and every event (analysis events and link events).
    cue : audible cue sink (pause target, short pause, link lost).
    recording_path : shown in views and the summary.
    gyro_reading : how the analyzer reads the rate (:mod:`analysis.gyro_frame_check`): given for
        a demo recording whose rate columns disagree with its accelerometer (analysed as its
        replay analyses it), or set by the session once its check finds them disagreeing; the
        recording keeps what the sensor sent. None: as sent.
    """

    def __init__(
        self,
        analyzer: StreamingAnalyzer,
        writer: BlockWriter | None = None,
        writer_factory: Callable[[], BlockWriter] | None = None,
        observers: Iterable[SessionObserver] = (),
        cue: CueSink | None = None,
        recording_path: Path | None = None,
        target_pause_s: float | None = None,
        gyro_reading: GyroReading | None = None,
    ) -> None:
        self.analyzer = analyzer
        self.gyro_reading = gyro_reading
        self.writer = writer
        self._writer_factory = writer_factory
        self.observers = list(observers)
        self.cue = cue if cue is not None else NullCue()
        self.recording_path = recording_path
        self.target_pause_s = target_pause_s
        self.link = LinkStats()
        self.n_samples = 0
        #: malformed notifications skipped by the sensor driver (running total; see
        #: :meth:`note_decode_errors`)
        self.decode_errors = 0
        self.first_t_s: float | None = None
        self.last_t_s: float | None = None
        self.events: list[Any] = []  # every event, in order (analysis + link)
        self.keep_events = True
        self._t0_wall = time.monotonic()
        self._summary: SessionSummary | None = None
        self.interrupted = False
        #: set (and analysis stopped, recording continued) if the analyzer raised
        self.analysis_error: str | None = None
        #: set (and recording stopped, analysis continued) if writing the recording failed
        self.recording_error: str | None = None
        #: set once the gyroscope is seen not to agree with the accelerometer (rad/s, axes
        #: reversed or swapped: :mod:`analysis.gyro_frame_check`); the session goes on, and where
        #: another reading of the rate agrees, the analysis reads it so from then on
        #: (:attr:`gyro_reading`)
        self.sensor_warning: str | None = None
        self._frame_check: GyroFrameCheck | None = GyroFrameCheck()
        #: set once readings are seen held at the end of a range too narrow for the lifts
        #: (:mod:`analysis.saturation_check`); shown by the views, and in the summary's warnings
        self.range_warning: str | None = None
        self._clip_check: SaturationCheck | None = SaturationCheck()

    # -- processing ---------------------------------------------------------------------------
    def note_decode_errors(self, total: int) -> None:
        """Record the driver's running count of malformed notifications (it only grows)."""
        self.decode_errors = max(self.decode_errors, int(total))

    def process(self, item: SampleBlock | LinkEvent) -> list[Any]:
        """Handle one stream item; returns the events it produced (analysis or link)."""
        if isinstance(item, LinkEvent):
            self.link.update(item)
            self._emit(item)
            return [item]
        self.note_decode_errors(item.decode_errors)
        n = len(item)
        if n == 0:
            return []
        # Sensor times to the microsecond, as the recording stores them: the live analysis then
        # sees exactly the times a later replay of the recording will see.
        item = replace(item, t=np.round(np.asarray(item.t, dtype=float), T_DECIMALS))
        if self.writer is None and self._writer_factory is not None:
            factory, self._writer_factory = self._writer_factory, None
            self.writer = factory()  # failing to create the file ends the session (nothing saved yet)
        if self.writer is not None and self.recording_error is None:
            try:
                self.writer.write_block(item.t, item.acc, item.gyro)
            except (OSError, ValueError) as e:  # keep coaching; say the recording stopped
                self.recording_error = f"recording stopped at t={float(item.t[0]):.2f} s: {e}"
        self.n_samples += n
        if self.first_t_s is None:
            self.first_t_s = float(item.t[0])
        self.last_t_s = float(item.t[-1])
        events: list[Any] = []
        if self.analysis_error is None:
            try:
                gyro = item.gyro if self.gyro_reading is None else self.gyro_reading.apply(item.gyro)
                events = self.analyzer.feed(item.t, item.acc, gyro)
            except Exception as e:  # keep recording: the samples are safe, the analysis is not
                self.analysis_error = f"analysis failed at t={self.last_t_s:.2f} s: {type(e).__name__}: {e}"
        self._check_sensor_frame(item)
        for obs in self.observers:
            obs.on_samples(item, self)
        for ev in events:
            self._emit(ev)
        return events

    def _check_sensor_frame(self, item: SampleBlock) -> None:
        """Feed the sensor checks. The range check: readings held at a full scale too narrow
        for the lifts are said at once (:attr:`range_warning`). The gyroscope-frame check: once
        it has seen enough turns and the rate as received carries gravity far from where the
        accelerometer reads it, say so (:attr:`sensor_warning`), and where another reading of the
        rate agrees, analyse the blocks after this one with the rate read that way. Both are
        shown by the views; neither ever stops a session."""
        cc = self._clip_check
        if cc is not None:
            try:
                cc.feed(item.t, item.acc, item.gyro)
                if self.range_warning is None and cc.touched:
                    self.range_warning = cc.verdict().message() or None
            except Exception:  # pragma: no cover - a diagnostic must not end a session
                self._clip_check = None
        fc = self._frame_check
        if fc is None:
            return
        try:
            fc.feed(item.t, item.acc, item.gyro)  # (on after a warning: the summary's verdict uses every turn)
            frac = fc.recorded_error_frac() if self.sensor_warning is None else None
        except Exception:  # pragma: no cover - a diagnostic must not end a session
            self._frame_check = None
            return
        if frac is not None and frac >= DISAGREE_FRAC:
            err = fc.recorded_error_deg()
            try:
                verdict = fc.verdict()
            except Exception:  # pragma: no cover - a diagnostic must not end a session
                verdict = None
            said = (f"the gyroscope does not agree with the accelerometer (gravity carried {err:.0f} deg off over "
                    f"{len(fc.turns) + len(fc.qs_turns)} turns)")
            if verdict is not None and verdict.status == "disagrees" and verdict.best is not None and self.gyro_reading is None:
                # read the rate the way that agrees from here on (the blocks analysed so far stay
                # as they were; a replay of the recording reads it so throughout)
                self.gyro_reading = verdict.best
                said += f": analysing it read as {verdict.best.describe()} from t={self.last_t_s:.1f} s on"
            elif self.gyro_reading is not None:
                said += f": analysed read as {self.gyro_reading.describe()}"
            else:
                said += ": rad/s instead of deg/s, or axes not the accelerometer's?"
            self.sensor_warning = said

    def _emit(self, ev: Any) -> None:
        self._cue_for(ev)  # first: the sound is the time-critical part
        if self.keep_events:
            self.events.append(ev)
        for obs in self.observers:
            obs.on_event(ev, self)

    def _cue_for(self, ev: Any) -> None:
        if isinstance(ev, PauseTarget):
            self.cue.cue("pause_target")
        elif isinstance(ev, PauseEnded):
            target = self.target_pause_s
            if target is not None and ev.hold_s < target:
                self.cue.cue("short_pause")
        elif isinstance(ev, LinkEvent) and ev.state == "lost":
            self.cue.cue("link_lost")

    @property
    def status(self) -> LiveStatus:
        return self.analyzer.status

    async def run(self, stream: AsyncIterator[SampleBlock | LinkEvent]) -> None:
        """Consume ``stream`` until it ends (or the task running this is cancelled).

        Does not close the session: call :meth:`close` afterwards (also after cancellation).
        If ``stream`` has a ``decode_errors`` count (a :class:`~imu.sensor_stream.SensorStream` or
        a :class:`~repsense.live_source.LiveSource`), it is read at the end too, so malformed
        notifications after the last block are counted.
        """
        try:
            async for item in stream:
                self.process(item)
        finally:
            n = getattr(stream, "decode_errors", None)
            if isinstance(n, int):
                self.note_decode_errors(n)
            aclose = getattr(stream, "aclose", None)
            if aclose is not None:
                try:
                    await aclose()
                except Exception:  # pragma: no cover - a stream that fails to close is not fatal here
                    pass

    # -- shutdown -----------------------------------------------------------------------------
    def close(self, interrupted: bool = False) -> SessionSummary:
        """Flush the analyzer (its last events go to the observers), close the recording.

        Idempotent: a second call returns the same summary.
        """
        if self._summary is not None:
            return self._summary
        self.interrupted = self.interrupted or interrupted
        errors = [e for e in (self.analysis_error, self.recording_error) if e is not None]
        result: AnalysisResult | None = None
        try:
            if self.analysis_error is None:
                for ev in self.analyzer.finish():
                    self._emit(ev)
                result = self.analyzer.result()
        except Exception as e:  # the recording must still be closed properly
            errors.append(f"analysis failed: {type(e).__name__}: {e}")
        finally:
            if self.writer is not None:
                try:
                    self.writer.close()
                except Exception as e:
                    errors.append(f"closing the recording failed: {type(e).__name__}: {e}")
        warnings = []
        if self._clip_check is not None:
            try:
                clipped = self._clip_check.verdict().message()
            except Exception:  # pragma: no cover - a diagnostic must not spoil the summary
                clipped = self.range_warning or ""
            if clipped:
                warnings.append(clipped)
        if self._frame_check is not None:
            try:
                full = self._frame_check.verdict().message()
            except Exception:  # pragma: no cover - a diagnostic must not spoil the summary
                full = ""
            if full:
                warnings.append(full)
            elif self.sensor_warning is not None:
                warnings.append(self.sensor_warning)
        self._summary = SessionSummary(
            result=result,
            n_samples=self.n_samples,
            first_t_s=self.first_t_s,
            last_t_s=self.last_t_s,
            wall_s=time.monotonic() - self._t0_wall,
            link=self.link,
            recording=self.recording_path if self.writer is not None else None,
            interrupted=self.interrupted,
            errors=errors,
            decode_errors=self.decode_errors,
            warnings=warnings,
        )
        return self._summary
