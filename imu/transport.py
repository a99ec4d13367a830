"""A small GATT link seam, in the spirit of bleak's client/backend split.

:class:`Transport` is what the drivers and :mod:`imu.sensor_stream` talk to: connect, write a
characteristic, subscribe to notifications, learn about link loss. Two implementations:

* :class:`BleakTransport` — the real one, a thin wrapper around :class:`bleak.BleakClient`
  (connections made with ``bleak_retry_connector.establish_connection``).
* :class:`SimulatedTransport` — in-process, no D-Bus, backed by an
  :class:`imu.simulated_device.SimulatedDevice` (``repsense live --demo`` and fast tests).

UUIDs are full 128-bit strings, compared case-insensitively (normalised to lower case).
Times are seconds.
"""

from __future__ import annotations

import abc
import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # pragma: no cover
    from bleak.backends.device import BLEDevice

    from .simulated_device import SimulatedDevice

__all__ = [
    "NotifyCallback",
    "DisconnectCallback",
    "TransportError",
    "Transport",
    "BleakTransport",
    "SimulatedTransport",
]

_LOG = logging.getLogger(__name__)

#: Called with the raw bytes of one notification / indication.
NotifyCallback = Callable[[bytes], None]
#: Called (once) when the link drops without :meth:`Transport.disconnect` being called.
DisconnectCallback = Callable[[], None]


class TransportError(ConnectionError):
    """A link operation failed (connect refused, device gone, write rejected).

    ``address`` is the peer's address (or name, if that is all we had).
    """

    def __init__(self, message: str, address: str) -> None:
        super().__init__(f"{address}: {message}")
        self.address = address


class Transport(abc.ABC):
    """One GATT connection to one peripheral.

    A transport may be connected, lose its link, and be connected again; after each
    (re)connection the caller must subscribe again (as with a real BLE CCCD).
    """

    def __init__(self) -> None:
        self._on_disconnect: DisconnectCallback | None = None

    # --- identity -------------------------------------------------------------------------
    @property
    @abc.abstractmethod
    def address(self) -> str:
        """The peer's address (``AA:BB:...``) or another stable identifier."""

    @property
    @abc.abstractmethod
    def name(self) -> str | None:
        """The advertised name, when known."""

    @abc.abstractmethod
    def service_uuids(self) -> frozenset[str]:
        """UUIDs of the GATT services (after connect) or the advertised ones (before)."""

    # --- link -----------------------------------------------------------------------------
    @abc.abstractmethod
    async def connect(self, timeout_s: float = 10.0) -> None:
        """Connect and resolve services. Raises :class:`TransportError` (or a subclass of
        ``OSError``/``TimeoutError``) when the peer cannot be reached."""

    @abc.abstractmethod
    async def disconnect(self) -> None:
        """Disconnect on purpose (no disconnect callback). Safe to call when not connected."""

    @property
    @abc.abstractmethod
    def is_connected(self) -> bool:
        """True while the link is up."""

    @abc.abstractmethod
    async def write(self, char_uuid: str, data: bytes, response: bool = True) -> None:
        """Write ``data`` to a characteristic (with or without ATT response)."""

    @abc.abstractmethod
    async def start_notify(self, char_uuid: str, callback: NotifyCallback) -> None:
        """Enable notifications/indications of a characteristic; ``callback(bytes)`` per value."""

    def set_disconnected_callback(self, callback: DisconnectCallback | None) -> None:
        """Register the function called when the link drops unexpectedly."""
        self._on_disconnect = callback

    def _link_lost(self) -> None:
        if self._on_disconnect is not None:
            self._on_disconnect()

    def clock(self) -> float:
        """Host reference clock (s) used to discipline sensor time: ``time.monotonic``.

        :class:`SimulatedTransport` scales it by the replay speed so that a replay at N x
        looks, to the timestamp reconstruction, like real time.
        """
        return time.monotonic()


class BleakTransport(Transport):
    """:class:`Transport` over :class:`bleak.BleakClient`.

    Parameters
    ----------
    device : ``BLEDevice`` from a scan, or an address / advertised name (then a scan of up to
        ``scan_timeout_s`` seconds finds it on the first connect).
    use_retry_connector : connect with ``bleak_retry_connector.establish_connection``
        (several attempts with its backoff, BlueZ cache handling). ``False`` uses a bare
        ``BleakClient.connect``.
    """

    def __init__(
        self,
        device: "BLEDevice | str",
        *,
        use_retry_connector: bool = True,
        scan_timeout_s: float = 10.0,
    ) -> None:
        super().__init__()
        self._device: Any = device
        self._use_retry = use_retry_connector
        self._scan_timeout_s = scan_timeout_s
        self._client: Any = None
        self._closing = False
        self._adv_uuids: frozenset[str] = frozenset()

    @property
    def address(self) -> str:
        return self._device if isinstance(self._device, str) else str(self._device.address)

    @property
    def name(self) -> str | None:
        return None if isinstance(self._device, str) else self._device.name

    def service_uuids(self) -> frozenset[str]:
        if self._client is not None and self._client.is_connected:
            return frozenset(s.uuid.lower() for s in self._client.services)
        return self._adv_uuids

    async def _resolve(self) -> "BLEDevice":
        from bleak import BleakScanner

        if not isinstance(self._device, str):
            return self._device  # type: ignore[no-any-return]
        key = self._device
        if _looks_like_address(key):
            dev = await BleakScanner.find_device_by_address(key, timeout=self._scan_timeout_s)
        else:
            dev = await BleakScanner.find_device_by_name(key, timeout=self._scan_timeout_s)
        if dev is None:
            raise TransportError("not found in a scan", key)
        self._device = dev
        return dev

    async def connect(self, timeout_s: float = 10.0) -> None:
        from bleak import BleakClient

        self._closing = False
        device = await self._resolve()
        if self._client is not None and self._client.is_connected:
            return

        def _on_disc(_client: Any) -> None:
            if _client is self._client and not self._closing:
                self._link_lost()

        if self._use_retry:
            from bleak_retry_connector import establish_connection

            client = await establish_connection(
                BleakClient,
                device,
                device.name or device.address,
                disconnected_callback=_on_disc,
                max_attempts=2,
                use_services_cache=False,
                timeout=timeout_s,
            )
        else:
            client = BleakClient(device, disconnected_callback=_on_disc, timeout=timeout_s)
            await client.connect()
        self._client = client

    async def disconnect(self) -> None:
        self._closing = True
        client, self._client = self._client, None
        if client is not None:
            try:
                await client.disconnect()
            except Exception as exc:  # noqa: BLE001 - best effort on the way out
                _LOG.debug("disconnect of %s failed: %r", self.address, exc)

    @property
    def is_connected(self) -> bool:
        return self._client is not None and bool(self._client.is_connected)

    def _need_client(self) -> Any:
        if self._client is None or not self._client.is_connected:
            raise TransportError("not connected", self.address)
        return self._client

    async def write(self, char_uuid: str, data: bytes, response: bool = True) -> None:
        await self._need_client().write_gatt_char(char_uuid, bytes(data), response=response)

    async def start_notify(self, char_uuid: str, callback: NotifyCallback) -> None:
        def _cb(_char: Any, data: bytearray) -> None:
            callback(bytes(data))

        await self._need_client().start_notify(char_uuid, _cb)


class SimulatedTransport(Transport):
    """:class:`Transport` to an in-process :class:`~imu.simulated_device.SimulatedDevice`.

    No D-Bus, no bleak. Notifications are delivered in the event loop the device runs in.
    :meth:`clock` runs ``device.speed`` times faster than real time, matching the replay.
    """

    def __init__(self, device: "SimulatedDevice") -> None:
        super().__init__()
        self._dev = device
        self._callbacks: dict[str, NotifyCallback] = {}
        self._connected = False

    @property
    def device(self) -> "SimulatedDevice":
        return self._dev

    @property
    def address(self) -> str:
        return self._dev.address

    @property
    def name(self) -> str | None:
        return self._dev.name

    def service_uuids(self) -> frozenset[str]:
        if self._connected:
            return frozenset(s.uuid for s in self._dev.gatt)
        return frozenset(self._dev.advertised_service_uuids)

    def clock(self) -> float:
        return self._dev.sensor_clock_s()

    async def connect(self, timeout_s: float = 10.0) -> None:
        if self._connected:
            return
        self._callbacks.clear()
        ok = await self._dev.connect(self._on_notify, self._on_lost)
        if not ok:
            raise TransportError("connection refused (device unreachable)", self.address)
        self._connected = True

    def _on_notify(self, char_uuid: str, data: bytes) -> None:
        cb = self._callbacks.get(char_uuid)
        if cb is not None:
            cb(data)

    def _on_lost(self) -> None:
        self._connected = False
        self._callbacks.clear()
        self._link_lost()

    async def disconnect(self) -> None:
        if self._connected:
            self._connected = False
            self._callbacks.clear()
            await self._dev.disconnect()

    @property
    def is_connected(self) -> bool:
        return self._connected

    async def write(self, char_uuid: str, data: bytes, response: bool = True) -> None:
        if not self._connected:
            raise TransportError("not connected", self.address)
        await asyncio.sleep(0)
        self._dev.write(char_uuid.lower(), bytes(data))

    async def start_notify(self, char_uuid: str, callback: NotifyCallback) -> None:
        if not self._connected:
            raise TransportError("not connected", self.address)
        self._callbacks[char_uuid.lower()] = callback
        self._dev.set_notify(char_uuid.lower(), True)
        await asyncio.sleep(0)


def _looks_like_address(s: str) -> bool:
    parts = s.split(":")
    if len(parts) == 6 and all(len(p) == 2 for p in parts):
        try:
            [int(p, 16) for p in parts]
            return True
        except ValueError:
            return False
    # macOS CoreBluetooth identifiers are UUIDs
    return len(s) == 36 and s.count("-") == 4
