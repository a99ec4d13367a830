"""Read a block iterator ahead in a background thread.

Replay parses a recording block by block while the analyzer consumes the blocks. pandas'
C parser releases the GIL while it tokenises and converts, so on a machine with two cores the
next block is parsed while the current one is analysed. The consumer sees exactly the items
(and the exception, at the same position) the plain iterator would give.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

_DONE = object()


class _Raised:
    """An exception raised by the producer, to re-raise in the consumer at its position."""

    __slots__ = ("exc",)

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def read_ahead(items: Iterable[T], depth: int = 2) -> Iterator[T]:
    """Iterate ``items`` in a daemon thread, at most ``depth`` items ahead of the consumer.

    Memory: at most ``depth`` + 1 items are alive at once besides the one being consumed.
    Closing the returned generator early (or dropping it) stops the producer at its next item.
    """
    if depth < 1:
        raise ValueError("depth must be >= 1")
    q: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        q.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            q.put(_DONE)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
            q.put(_Raised(exc))

    def consume() -> Iterator[T]:
        worker = threading.Thread(target=produce, name="read-ahead", daemon=True)
        worker.start()
        try:
            while True:
                item = q.get()
                if item is _DONE:
                    return
                if isinstance(item, _Raised):
                    raise item.exc
                yield item  # type: ignore[misc]
        finally:
            stop.set()
            # unblock a producer waiting on a full queue, then let it finish its current item
            while True:
                try:
                    q.get_nowait()
                except queue.Empty:
                    break
            worker.join(timeout=5.0)
            close = getattr(items, "close", None)
            if close is not None and not worker.is_alive():
                close()

    return consume()
