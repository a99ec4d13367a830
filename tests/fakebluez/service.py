"""A fake ``org.bluez`` (Adapter1, Device1, GATT objects) serving simulated IMUs over D-Bus.

Written with dbus-fast's service API, following /work/shared/protocols/ble-testing.md. Each
:class:`~imu.simulated_device.SimulatedDevice` added with :meth:`FakeBlueZ.add_device` is
advertised during discovery (exported on the first StartDiscovery, then an RSSI
PropertiesChanged every ``adv_interval_s``), accepts Connect (Connected → GATT objects exported
→ ServicesResolved), forwards writes and notification subscriptions to the simulated device,
turns its notifications into ``PropertiesChanged(Value)`` and its link loss into
``ServicesResolved=False, Connected=False`` + removal of the GATT objects.

No ``from __future__ import annotations`` here: dbus-fast reads D-Bus signatures from the
annotations of the decorated methods.
"""

import asyncio
import logging
from typing import Any, Dict, List, Optional

from dbus_fast import BusType, DBusError, Variant
from dbus_fast.aio import MessageBus
from dbus_fast.constants import PropertyAccess, RequestNameReply
from dbus_fast.service import ServiceInterface, dbus_property, method

from imu.simulated_device import GattWriteRejected, SimulatedDevice

_LOG = logging.getLogger(__name__)

ADAPTER_PATH = "/org/bluez/hci0"
CCCD_UUID = "00002902-0000-1000-8000-00805f9b34fb"


class Adapter1(ServiceInterface):
    def __init__(self, fake: "FakeBlueZ") -> None:
        super().__init__("org.bluez.Adapter1")
        self._fake = fake
        self.calls: List[str] = []

    @method()
    def SetDiscoveryFilter(self, filter: "a{sv}"):  # noqa: N802,A002
        self.calls.append("SetDiscoveryFilter")

    @method()
    def StartDiscovery(self):  # noqa: N802
        self.calls.append("StartDiscovery")
        self._fake._set_discovering(True)

    @method()
    def StopDiscovery(self):  # noqa: N802
        self.calls.append("StopDiscovery")
        self._fake._set_discovering(False)

    @method()
    def RemoveDevice(self, device: "o"):  # noqa: N802
        self.calls.append("RemoveDevice")

    @dbus_property(access=PropertyAccess.READ)
    def Address(self) -> "s":  # noqa: N802
        return "00:1A:7D:DA:71:13"

    @dbus_property(access=PropertyAccess.READ)
    def Name(self) -> "s":  # noqa: N802
        return "fake-hci0"

    @dbus_property(access=PropertyAccess.READ)
    def Alias(self) -> "s":  # noqa: N802
        return "fake-hci0"

    @dbus_property(access=PropertyAccess.READ)
    def Powered(self) -> "b":  # noqa: N802
        return True

    @dbus_property(access=PropertyAccess.READ)
    def Discovering(self) -> "b":  # noqa: N802
        return self._fake.discovering

    @dbus_property(access=PropertyAccess.READ)
    def Roles(self) -> "as":  # noqa: N802
        return ["central", "peripheral"]


class Device1(ServiceInterface):
    def __init__(self, dev: "FakeDevice") -> None:
        super().__init__("org.bluez.Device1")
        self._dev = dev
        self.connected = False
        self.services_resolved = False
        self.trusted = False
        self.calls: List[str] = []

    @method()
    async def Connect(self):  # noqa: N802
        self.calls.append("Connect")
        await self._dev._connect()

    @method()
    async def Disconnect(self):  # noqa: N802
        self.calls.append("Disconnect")
        await self._dev._disconnect()

    @method()
    def Pair(self):  # noqa: N802
        self.calls.append("Pair")

    @dbus_property(access=PropertyAccess.READ)
    def Address(self) -> "s":  # noqa: N802
        return self._dev.sim.address

    @dbus_property(access=PropertyAccess.READ)
    def AddressType(self) -> "s":  # noqa: N802
        return "public"

    @dbus_property(access=PropertyAccess.READ)
    def Name(self) -> "s":  # noqa: N802
        return self._dev.sim.name

    @dbus_property(access=PropertyAccess.READ)
    def Alias(self) -> "s":  # noqa: N802
        return self._dev.sim.name

    @dbus_property(access=PropertyAccess.READ)
    def Adapter(self) -> "o":  # noqa: N802
        return ADAPTER_PATH

    @dbus_property(access=PropertyAccess.READ)
    def Connected(self) -> "b":  # noqa: N802
        return self.connected

    @dbus_property(access=PropertyAccess.READ)
    def ServicesResolved(self) -> "b":  # noqa: N802
        return self.services_resolved

    @dbus_property(access=PropertyAccess.READ)
    def Paired(self) -> "b":  # noqa: N802
        return False

    @dbus_property()
    def Trusted(self) -> "b":  # noqa: N802
        return self.trusted

    @Trusted.setter
    def Trusted(self, value: "b"):  # noqa: N802
        self.trusted = value

    @dbus_property(access=PropertyAccess.READ)
    def UUIDs(self) -> "as":  # noqa: N802
        return list(self._dev.sim.advertised_service_uuids)

    @dbus_property(access=PropertyAccess.READ)
    def RSSI(self) -> "n":  # noqa: N802
        return self._dev.rssi


class GattService1(ServiceInterface):
    def __init__(self, uuid: str, device_path: str) -> None:
        super().__init__("org.bluez.GattService1")
        self._uuid, self._device = uuid, device_path

    @dbus_property(access=PropertyAccess.READ)
    def UUID(self) -> "s":  # noqa: N802
        return self._uuid

    @dbus_property(access=PropertyAccess.READ)
    def Device(self) -> "o":  # noqa: N802
        return self._device

    @dbus_property(access=PropertyAccess.READ)
    def Primary(self) -> "b":  # noqa: N802
        return True


class GattCharacteristic1(ServiceInterface):
    def __init__(self, dev: "FakeDevice", uuid: str, service_path: str, flags: List[str]) -> None:
        super().__init__("org.bluez.GattCharacteristic1")
        self._dev, self._uuid, self._service, self._flags = dev, uuid, service_path, flags
        self.value = b""
        self.notifying = False

    @method()
    def ReadValue(self, options: "a{sv}") -> "ay":  # noqa: N802
        return self.value

    @method()
    def WriteValue(self, value: "ay", options: "a{sv}"):  # noqa: N802
        if not self._dev.device1.connected:
            raise DBusError("org.bluez.Error.Failed", "Not connected")
        try:
            self._dev.sim.write(self._uuid, bytes(value))
        except GattWriteRejected:
            raise DBusError("org.bluez.Error.NotPermitted", "Write not permitted") from None

    @method()
    def StartNotify(self):  # noqa: N802
        self._dev.sim.set_notify(self._uuid, True)
        self.notifying = True
        self.emit_properties_changed({"Notifying": True}, [])

    @method()
    def StopNotify(self):  # noqa: N802
        self._dev.sim.set_notify(self._uuid, False)
        self.notifying = False
        self.emit_properties_changed({"Notifying": False}, [])

    @dbus_property(access=PropertyAccess.READ)
    def UUID(self) -> "s":  # noqa: N802
        return self._uuid

    @dbus_property(access=PropertyAccess.READ)
    def Service(self) -> "o":  # noqa: N802
        return self._service

    @dbus_property(access=PropertyAccess.READ)
    def Flags(self) -> "as":  # noqa: N802
        return self._flags

    @dbus_property(access=PropertyAccess.READ)
    def Value(self) -> "ay":  # noqa: N802
        return self.value

    @dbus_property(access=PropertyAccess.READ)
    def Notifying(self) -> "b":  # noqa: N802
        return self.notifying

    @dbus_property(access=PropertyAccess.READ)
    def MTU(self) -> "q":  # noqa: N802
        return 247

    def notify(self, data: bytes) -> None:
        self.value = data
        self.emit_properties_changed({"Value": data}, [])


class GattDescriptor1(ServiceInterface):
    def __init__(self, uuid: str, char_path: str) -> None:
        super().__init__("org.bluez.GattDescriptor1")
        self._uuid, self._char = uuid, char_path

    @method()
    def ReadValue(self, options: "a{sv}") -> "ay":  # noqa: N802
        return b"\x00\x00"

    @method()
    def WriteValue(self, value: "ay", options: "a{sv}"):  # noqa: N802
        pass

    @dbus_property(access=PropertyAccess.READ)
    def UUID(self) -> "s":  # noqa: N802
        return self._uuid

    @dbus_property(access=PropertyAccess.READ)
    def Characteristic(self) -> "o":  # noqa: N802
        return self._char


class FakeDevice:
    """One simulated device on the fake bus."""

    def __init__(self, fake: "FakeBlueZ", sim: SimulatedDevice) -> None:
        self.fake = fake
        self.sim = sim
        self.path = f"{ADAPTER_PATH}/dev_{sim.address.replace(':', '_')}"
        self.device1 = Device1(self)
        self.rssi = sim.rssi
        self.exported = False
        self._gatt: List[tuple] = []  # (path, interface)
        self._chars: Dict[str, GattCharacteristic1] = {}

    @property
    def bus(self) -> MessageBus:
        assert self.fake.bus is not None
        return self.fake.bus

    def advertise(self) -> None:
        if not self.sim.advertising:
            return
        if not self.exported:
            self.bus.export(self.path, self.device1)
            self.exported = True
        else:
            self.rssi = self.sim.rssi + (1 if self.rssi == self.sim.rssi else 0)
            self.device1.emit_properties_changed({"RSSI": self.rssi}, [])

    async def _connect(self) -> None:
        if self.device1.connected:
            return
        ok = await self.sim.connect(self._on_notify, self._on_link_lost)
        if not ok:
            raise DBusError("org.bluez.Error.Failed", "Software caused connection abort")
        self.device1.connected = True
        self.device1.emit_properties_changed({"Connected": True}, [])
        self._export_gatt()
        self.device1.services_resolved = True
        self.device1.emit_properties_changed({"ServicesResolved": True}, [])

    async def _disconnect(self) -> None:
        if self.device1.connected:
            await self.sim.disconnect()
            self._link_down()

    def _on_link_lost(self) -> None:
        self._link_down()

    def _link_down(self) -> None:
        if not self.device1.connected:
            return
        self.device1.services_resolved = False
        self.device1.emit_properties_changed({"ServicesResolved": False}, [])
        self.device1.connected = False
        self.device1.emit_properties_changed({"Connected": False}, [])
        self._unexport_gatt()

    def _export_gatt(self) -> None:
        handle = 0x000A
        self._chars.clear()
        for svc in self.sim.gatt:
            spath = f"{self.path}/service{handle:04x}"
            handle += 1
            self._add(spath, GattService1(svc.uuid, self.path))
            for ch in svc.characteristics:
                cpath = f"{spath}/char{handle:04x}"
                handle += 1
                char = GattCharacteristic1(self, ch.uuid, spath, list(ch.flags))
                self._chars[ch.uuid] = char
                self._add(cpath, char)
                if "notify" in ch.flags or "indicate" in ch.flags:
                    self._add(f"{cpath}/desc{handle:04x}", GattDescriptor1(CCCD_UUID, cpath))
                    handle += 1
            handle = (handle + 0x0F) & ~0x0F | 0x0A

    def _add(self, path: str, iface: ServiceInterface) -> None:
        self.bus.export(path, iface)
        self._gatt.append((path, iface))

    def _unexport_gatt(self) -> None:
        for path, iface in reversed(self._gatt):
            self.bus.unexport(path, iface)
        self._gatt.clear()
        self._chars.clear()

    def _on_notify(self, uuid: str, data: bytes) -> None:
        char = self._chars.get(uuid)
        if char is not None and self.device1.connected:
            char.notify(data)

    def teardown(self) -> None:
        self._link_down()
        if self.exported:
            self.bus.unexport(self.path, self.device1)
            self.exported = False


class FakeBlueZ:
    """The fake ``org.bluez`` service on the bus at ``bus_address``.

    Usage (in the test's event loop)::

        fake = await FakeBlueZ(address).start()
        fake.add_device(sim)
        ...
        await fake.stop()
    """

    def __init__(self, bus_address: str, *, adv_interval_s: float = 0.05) -> None:
        self.bus_address = bus_address
        self.adv_interval_s = adv_interval_s
        self.bus: Optional[MessageBus] = None
        self.adapter = Adapter1(self)
        self.devices: Dict[str, FakeDevice] = {}
        self.discovering = False
        self._adv_task: Optional[asyncio.Task] = None

    async def start(self) -> "FakeBlueZ":
        self.bus = await MessageBus(bus_address=self.bus_address, bus_type=BusType.SYSTEM).connect()
        self.bus.export(ADAPTER_PATH, self.adapter)
        reply = await self.bus.request_name("org.bluez")
        if reply != RequestNameReply.PRIMARY_OWNER:
            raise RuntimeError(f"could not own org.bluez: {reply}")
        return self

    def add_device(self, sim: SimulatedDevice) -> FakeDevice:
        dev = FakeDevice(self, sim)
        self.devices[sim.address] = dev
        return dev

    def device(self, address: str) -> FakeDevice:
        return self.devices[address.upper()]

    def _set_discovering(self, on: bool) -> None:
        self.discovering = on
        self.adapter.emit_properties_changed({"Discovering": on}, [])
        if on:
            self._advertise_all()
            if self._adv_task is None or self._adv_task.done():
                self._adv_task = asyncio.get_running_loop().create_task(self._advertise_loop())

    def _advertise_all(self) -> None:
        for dev in self.devices.values():
            dev.advertise()

    async def _advertise_loop(self) -> None:
        while self.discovering:
            await asyncio.sleep(self.adv_interval_s)
            if self.discovering:
                self._advertise_all()

    async def stop(self) -> None:
        """Tear down as the recipe says: Connected=False, unexport everything, close the bus."""
        self.discovering = False
        if self._adv_task is not None:
            self._adv_task.cancel()
        for dev in self.devices.values():
            dev.teardown()
            await dev.sim.close()
        await asyncio.sleep(0.01)  # let the signals reach bleak before the connection closes
        if self.bus is not None:
            self.bus.unexport(ADAPTER_PATH, self.adapter)
            self.bus.disconnect()
            try:
                await asyncio.wait_for(self.bus.wait_for_disconnect(), 2)
            except Exception:  # noqa: BLE001
                pass
            self.bus = None


__all__ = ["FakeBlueZ", "FakeDevice", "ADAPTER_PATH", "Any", "Variant"]
