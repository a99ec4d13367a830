"""Nordic Thingy:52 motion service: driver and simulated device.

Raw-data notifications (0x0406, one sample each) carry no clock or counter: times come from the
configured motion-processing rate, disciplined against host arrivals
(:class:`~imu.timestamps.RateTimeline`). Configuration: write the 9-byte config (0x0401) with
``motion_freq_hz`` = requested rate (5..200 Hz), other fields at firmware defaults.
An all-zero accel or gyro triplet means "no fresh data" (firmware behaviour): the previous
value is repeated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from firmware_protocol import thingy52 as th
from firmware_protocol.errors import ProtocolError

from ..simulated_device import GattCharacteristic, GattService, GattWriteRejected
from ._base import DriverOutput, SensorKind
from ._rate_based import RateBasedDriver, SingleSamplePeripheral

if TYPE_CHECKING:  # pragma: no cover
    from ..transport import Transport

__all__ = ["ThingyDriver", "ThingyPeripheral", "make_driver", "make_peripheral"]


class ThingyDriver(RateBasedDriver):
    kind = SensorKind.THINGY52

    def __init__(self, rate_hz: float) -> None:
        super().__init__(rate_hz)
        self.decoder = th.Thingy52Decoder()
        self._last_acc = (0.0, 0.0, 0.0)
        self._last_gyro = (0.0, 0.0, 0.0)

    @property
    def notify_uuids(self) -> tuple[str, ...]:
        return (th.RAW_DATA_CHAR_UUID,)

    async def configure(self, transport: "Transport") -> None:
        rate = int(round(min(max(self.rate_hz, 5), 200)))
        cfg = th.MotionConfig(motion_freq_hz=rate)
        await transport.write(th.CONFIG_CHAR_UUID, th.encode_config(cfg), response=True)
        self._start_timeline(rate)

    def on_notification(self, char_uuid: str, data: bytes, arrival_s: float) -> list[DriverOutput]:
        try:
            raw = self.decoder.receive_data(data)
        except ProtocolError as err:
            self._malformed(data, err)
            return []
        s = raw.sample
        self._last_acc = s.acc_g if s.acc_g is not None else self._last_acc
        self._last_gyro = s.gyro_dps if s.gyro_dps is not None else self._last_gyro
        return self._push(np.array([self._last_acc], float), np.array([self._last_gyro], float), arrival_s)


class ThingyPeripheral(SingleSamplePeripheral):
    """Device side: motion processing runs while raw data notifications are enabled (the
    firmware switches it off when they are disabled, e.g. on disconnect)."""

    kind = SensorKind.THINGY52.value
    default_name = "Thingy"
    notify_uuid = th.RAW_DATA_CHAR_UUID
    keep_sampling_when_disconnected = False

    def __init__(self) -> None:
        super().__init__()
        self.config = th.DEFAULT_CONFIG
        self.rate_hz = float(self.config.motion_freq_hz)
        self.advertised_service_uuids = (th.MOTION_SERVICE_UUID,)
        self.gatt = (GattService(th.MOTION_SERVICE_UUID, (
            GattCharacteristic(th.CONFIG_CHAR_UUID, ("read", "write")),
            GattCharacteristic(th.QUATERNION_CHAR_UUID, ("notify",)),
            GattCharacteristic(th.RAW_DATA_CHAR_UUID, ("notify",)),
            GattCharacteristic(th.EULER_CHAR_UUID, ("notify",)),
        )),)

    def on_write(self, char_uuid: str, data: bytes, now_s: float) -> list[tuple[str, bytes]]:
        if char_uuid != th.CONFIG_CHAR_UUID:
            raise GattWriteRejected("not writable")
        try:
            self.config = th.parse_config(data)
        except ProtocolError:
            raise GattWriteRejected("write not permitted") from None
        if self.config.motion_freq_hz != self.rate_hz:
            self.rate_hz = float(self.config.motion_freq_hz)
            if self._grid is not None:
                self._start_grid(now_s, rate_changed=True)
        return []

    def encode(self, acc: np.ndarray, gyro: np.ndarray) -> bytes:
        return th.encode_raw(tuple(acc), tuple(gyro), (20.0, -5.0, 40.0))  # type: ignore[arg-type]


def make_driver(kind: SensorKind, rate_hz: float, **options: object) -> ThingyDriver:
    return ThingyDriver(rate_hz, **options)  # type: ignore[arg-type]


def make_peripheral(kind: SensorKind, **options: object) -> ThingyPeripheral:
    return ThingyPeripheral(**options)  # type: ignore[arg-type]
