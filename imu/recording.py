"""The recording CSV format (CONTRACT.md section 1; full reference in docs/formats.md).

Public API::

    from imu.recording import (RecordingError, Recording, read_recording, read_metadata,
                               iter_recording_blocks, write_recording, RecordingWriter,
                               RECORDING_COLUMNS)

Units everywhere: t in seconds, acc (specific force) in g, gyro in deg/s, sensor frame.
"""

from __future__ import annotations

from .recording_format import FORMAT_VERSION, PLACEMENTS, RECORDING_COLUMNS, RecordingError
from .recording_reader import Recording, iter_recording_blocks, read_metadata, read_recording
from .recording_writer import RecordingWriter, write_recording

__all__ = [
    "FORMAT_VERSION",
    "PLACEMENTS",
    "RECORDING_COLUMNS",
    "Recording",
    "RecordingError",
    "RecordingWriter",
    "iter_recording_blocks",
    "read_metadata",
    "read_recording",
    "write_recording",
]
