"""Shared fixtures. BLE: a private dbus-daemon per session and a fake BlueZ per test.

Tests that need the fake BlueZ use the ``fake_bluez`` fixture; they are skipped (not failed)
when ``dbus-daemon`` is not installed (Debian/Ubuntu package ``dbus-daemon``), and on
non-Linux platforms where bleak would not use BlueZ at all.
"""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator, Iterator

import pytest

sys.path.insert(0, os.path.dirname(__file__))  # make tests/fakebluez importable as `fakebluez`

from fakebluez import FakeBlueZ, dbus_daemon_path, environment_for, start_private_bus  # noqa: E402


@pytest.fixture(scope="session")
def dbus_system_bus() -> Iterator[str]:
    """Address of a private bus that bleak uses as the system bus for the whole session."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the fake BlueZ needs bleak's BlueZ backend (Linux)")
    if dbus_daemon_path() is None:
        pytest.skip("dbus-daemon not installed (apt-get install dbus-daemon)")
    bus = start_private_bus()
    saved = {k: os.environ.get(k) for k in ("DBUS_SYSTEM_BUS_ADDRESS", "PATH")}
    os.environ.update(environment_for(bus))
    try:
        yield bus.address
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        bus.stop()


@pytest.fixture
async def fake_bluez(dbus_system_bus: str) -> AsyncIterator[FakeBlueZ]:
    """A fresh fake ``org.bluez`` in the test's event loop; add devices with ``add_device``."""
    fake = await FakeBlueZ(dbus_system_bus).start()
    try:
        yield fake
    finally:
        await fake.stop()
