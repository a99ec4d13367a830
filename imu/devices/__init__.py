"""Sensor drivers (host side) and simulated peripherals (device side), one module per protocol.

=====================  ==============================  =====================================
kind                   driver / peripheral             codec
=====================  ==============================  =====================================
``repsense``           :mod:`imu.devices.repsense`     ``firmware_protocol.repsense_stream``
``witmotion-wt901ble`` :mod:`imu.devices.witmotion`    ``firmware_protocol.witmotion``
``polar-verity-sense`` :mod:`imu.devices.polar`        ``firmware_protocol.polar_pmd``
``polar-h10``          :mod:`imu.devices.polar`        ``firmware_protocol.polar_pmd``
``thingy52``           :mod:`imu.devices.thingy52`     ``firmware_protocol.thingy52``
=====================  ==============================  =====================================

:func:`identify` maps an advertised name and service UUIDs (or a connected device's GATT
services) to a :class:`SensorKind`.
"""

from __future__ import annotations

import importlib
from typing import Any, Iterable

from ._base import (
    ConfigurationError,
    DriverOutput,
    SensorDriver,
    SensorKind,
    UnsupportedSensorError,
)

__all__ = [
    "ConfigurationError",
    "DriverOutput",
    "SensorDriver",
    "SensorKind",
    "UnsupportedSensorError",
    "SERVICE_UUIDS",
    "identify",
    "driver_for",
    "peripheral_for",
]

#: Primary GATT service of each kind (lower case, 128-bit).
SERVICE_UUIDS: dict[SensorKind, str] = {
    SensorKind.REPSENSE: "72730001-5245-5053-454e-53452d494d55",
    SensorKind.WITMOTION: "0000ffe5-0000-1000-8000-00805f9a34fb",
    SensorKind.POLAR_SENSE: "fb005c80-02e7-f387-1cad-8acd2d8df0c8",
    SensorKind.POLAR_H10: "fb005c80-02e7-f387-1cad-8acd2d8df0c8",
    SensorKind.THINGY52: "ef680400-9b35-4933-9b10-52ffa9740042",
}

_MODULES = {
    SensorKind.REPSENSE: "repsense",
    SensorKind.WITMOTION: "witmotion",
    SensorKind.POLAR_SENSE: "polar",
    SensorKind.POLAR_H10: "polar",
    SensorKind.THINGY52: "thingy52",
}


def identify(name: str | None, service_uuids: Iterable[str]) -> SensorKind | None:
    """The sensor kind from an advertised/GAP name and service UUIDs, or None if unsupported.

    Rules: the repsense service UUID wins; the PMD service (or a 'Polar ' name) with 'H10' in
    the name is an H10, other Polar names with 'Sense' a Verity Sense; the Thingy motion service
    or a name starting 'Thingy'; the ffe5 service with a 'WT' name (WitMotion boards advertise
    'WT901BLE68', 'WT5500...'), or a 'WT901' name alone.
    """
    uuids = {u.lower() for u in service_uuids}
    nm = name or ""
    if SERVICE_UUIDS[SensorKind.REPSENSE] in uuids:
        return SensorKind.REPSENSE
    polar_service = SERVICE_UUIDS[SensorKind.POLAR_H10] in uuids
    if polar_service or nm.startswith("Polar "):
        if "H10" in nm:
            return SensorKind.POLAR_H10
        if "Sense" in nm:
            return SensorKind.POLAR_SENSE
        return SensorKind.POLAR_SENSE if polar_service and not nm else None
    if SERVICE_UUIDS[SensorKind.THINGY52] in uuids or nm.startswith("Thingy"):
        return SensorKind.THINGY52
    if nm.startswith("WT901") or (SERVICE_UUIDS[SensorKind.WITMOTION] in uuids and nm.startswith("WT")):
        return SensorKind.WITMOTION
    return None


def _module(kind: SensorKind | str) -> Any:
    kind = SensorKind(kind)
    return importlib.import_module(f"{__name__}.{_MODULES[kind]}")


def driver_for(kind: SensorKind | str, rate_hz: float, **options: Any) -> SensorDriver:
    """A driver instance for ``kind`` at ``rate_hz`` (Hz). Options go to its constructor."""
    kind = SensorKind(kind)
    return _module(kind).make_driver(kind, rate_hz, **options)  # type: ignore[no-any-return]


def peripheral_for(kind: SensorKind | str, **options: Any) -> Any:
    """A simulated peripheral (device side) of ``kind`` for :class:`imu.simulated_device.SimulatedDevice`."""
    kind = SensorKind(kind)
    return _module(kind).make_peripheral(kind, **options)
