"""A private dbus-daemon standing in for the system bus, and a bluetoothctl version shim.

Per /work/shared/protocols/ble-testing.md: own bus config (session type, unix tmpdir, EXTERNAL
auth, allow-all policy), started with ``--nofork --print-address=1``; bleak is pointed at it
with ``DBUS_SYSTEM_BUS_ADDRESS``; a ``bluetoothctl`` script printing 5.66 on ``PATH`` silences
bleak's BlueZ version warning.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir={tmpdir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def dbus_daemon_path() -> str | None:
    """Path of ``dbus-daemon`` (Debian package ``dbus-daemon``) or None."""
    return shutil.which("dbus-daemon")


@dataclass
class PrivateBus:
    address: str
    process: subprocess.Popen[bytes]
    workdir: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)


def start_private_bus() -> PrivateBus:
    """Start a dbus-daemon child; returns once it listens (first stdout line = address)."""
    exe = dbus_daemon_path()
    if exe is None:
        raise FileNotFoundError("dbus-daemon not installed")
    workdir = Path(tempfile.mkdtemp(prefix="repsense-dbus-"))
    cfg = workdir / "bus.conf"
    cfg.write_text(_CONFIG.format(tmpdir=workdir))
    proc = subprocess.Popen(
        [exe, f"--config-file={cfg}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # "Failed to set fd limit" in containers is harmless
    )
    assert proc.stdout is not None
    address = proc.stdout.readline().decode().strip()
    if not address:
        proc.kill()
        raise RuntimeError("dbus-daemon printed no address")
    return PrivateBus(address, proc, workdir)


def install_bluetoothctl_shim(directory: Path, version: str = "5.66") -> Path:
    """Write an executable ``bluetoothctl`` that prints ``bluetoothctl: <version>``."""
    directory.mkdir(parents=True, exist_ok=True)
    shim = directory / "bluetoothctl"
    shim.write_text(f"#!/bin/sh\necho 'bluetoothctl: {version}'\n")
    shim.chmod(0o755)
    return shim


def environment_for(bus: PrivateBus) -> dict[str, str]:
    """Environment changes: DBUS_SYSTEM_BUS_ADDRESS and PATH with the shim first."""
    shim_dir = bus.workdir / "bin"
    install_bluetoothctl_shim(shim_dir)
    return {
        "DBUS_SYSTEM_BUS_ADDRESS": bus.address,
        "PATH": f"{shim_dir}{os.pathsep}{os.environ.get('PATH', '')}",
    }
