"""A small least-recently-used cache: the search layers keep their per-keystroke answers in these."""

from __future__ import annotations

from collections import OrderedDict


class LRU(OrderedDict):
    """At most *size* entries; ``get`` and ``put`` make an entry the most recent."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def get(self, key, default=None):
        if key in self:
            self.move_to_end(key)
            return self[key]
        return default

    def put(self, key, value):
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)
