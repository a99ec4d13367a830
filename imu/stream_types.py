"""What a live sensor stream yields: blocks of decoded samples and link-state changes.

Shared by the device layer (producers) and the application shell (consumer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np


@dataclass(frozen=True)
class SampleBlock:
    """Consecutive samples, in sensor time order.

    t: (N,) seconds on the sensor's clock (reconstructed, strictly increasing across blocks).
    acc: (N, 3) specific force in g, sensor frame.
    gyro: (N, 3) angular rate in deg/s, sensor frame.
    decode_errors: malformed notifications the driver has skipped since the stream opened
        (running total when the block was made, all connections included; 0 if unknown).
    """

    t: np.ndarray
    acc: np.ndarray
    gyro: np.ndarray
    decode_errors: int = 0

    def __len__(self) -> int:
        return int(self.t.shape[0])


@dataclass(frozen=True)
class LinkEvent:
    """The BLE link was lost or restored.

    t_s: sensor time (s) of the newest sample received before the change.
    missing_samples: samples known lost (from sequence numbers / sensor clock), 0 if unknown yet.
    """

    t_s: float
    state: Literal["lost", "restored"]
    missing_samples: int = 0
