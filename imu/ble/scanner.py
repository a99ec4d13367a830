"""Find supported IMUs by advertised name and service UUIDs (:func:`imu.devices.identify`)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from ..devices import SensorKind, identify

__all__ = ["FoundSensor", "scan"]


@dataclass(frozen=True)
class FoundSensor:
    """A supported sensor seen in a scan.

    address: BLE address (``AA:BB:..``; a UUID on macOS). name: advertised local name (or None).
    rssi: signal strength in dBm of the latest advertisement. kind: protocol/model.
    ble_device: bleak's ``BLEDevice`` (lets a connection skip a second scan); not compared.
    """

    address: str
    name: str | None
    rssi: int
    kind: SensorKind
    ble_device: Any = field(default=None, compare=False, repr=False)


async def scan(
    timeout_s: float = 5.0,
    *,
    kinds: frozenset[SensorKind] | None = None,
    stop_after: int | None = None,
) -> list[FoundSensor]:
    """Scan for ``timeout_s`` seconds; return supported sensors, strongest signal first.

    kinds: keep only these kinds. stop_after: return as soon as this many distinct sensors are
    found (a scan otherwise always lasts ``timeout_s``). Raises bleak's errors when Bluetooth
    is unavailable (``BleakBluetoothNotAvailableError``; ``FileNotFoundError`` without a D-Bus).
    """
    from bleak import BleakScanner

    found: dict[str, FoundSensor] = {}
    enough = asyncio.Event()

    def _on_adv(device: Any, adv: Any) -> None:
        name = adv.local_name or device.name
        kind = identify(name, adv.service_uuids or ())
        if kind is None or (kinds is not None and kind not in kinds):
            return
        found[device.address] = FoundSensor(device.address, name, int(adv.rssi), kind, device)
        if stop_after is not None and len(found) >= stop_after:
            enough.set()

    async with BleakScanner(detection_callback=_on_adv):
        try:
            await asyncio.wait_for(enough.wait(), timeout_s)
        except asyncio.TimeoutError:
            pass
    return sorted(found.values(), key=lambda s: -s.rssi)
