"""A thread-safe least-recently-used cache bounded by the bytes of what it holds.

    cache = SizedLRU(64 << 20)
    cache.put(key, value, nbytes)   # drops the least recently used entries beyond 64 MB
    cache.get(key)                  # the value, or None

The chart caches use it (`plugins/scalars/series.py`, `plugins/context.py`): what they keep names the
state of the data it was computed from (a series' `version`), so a changed series is never served
from the cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

__all__ = ["SizedLRU"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class SizedLRU(Generic[K, V]):
    """At most `max_bytes` of values (as their `put` says); an entry larger than a quarter of that is
    not kept, so one huge answer never empties the cache."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def nbytes(self) -> int:
        return self._bytes

    def get(self, key: K) -> V | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: K, value: V, nbytes: int) -> None:
        """Keep `value` under `key` (replacing what was there), as the most recently used."""
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            if nbytes > self.max_bytes // 4:
                return
            self._entries[key] = (value, nbytes)
            self._bytes += nbytes
            while self._bytes > self.max_bytes:
                _key, (_value, size) = self._entries.popitem(last=False)
                self._bytes -= size

    def items(self) -> list[tuple[K, V]]:
        """A snapshot of the entries, least recently used first."""
        with self._lock:
            return [(k, v) for k, (v, _size) in self._entries.items()]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
