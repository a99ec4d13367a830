"""Fake BlueZ for hardware-free BLE tests through unmodified bleak.

- :mod:`fakebluez.daemon`: private ``dbus-daemon`` + ``bluetoothctl`` version shim.
- :mod:`fakebluez.service`: the fake ``org.bluez`` serving :class:`imu.simulated_device.SimulatedDevice` s.

Fixtures (``dbus_system_bus``, ``fake_bluez``) live in ``tests/conftest.py``.
"""

from .daemon import dbus_daemon_path, environment_for, start_private_bus
from .service import ADAPTER_PATH, FakeBlueZ, FakeDevice

__all__ = ["ADAPTER_PATH", "FakeBlueZ", "FakeDevice", "dbus_daemon_path", "environment_for", "start_private_bus"]
