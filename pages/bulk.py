"""Bulk changes: work that each change would queue, gathered and queued once.

`gathered()` marks a block of many changes (the demo's load, an import). Code
above `pages` that queues work for each change (`api.tasks`) asks `current()`
for the open batch and, when there is one, adds to it instead of queuing; each
kind of work is then queued once, when the outermost block ends. `pages` imports
nothing above it: the batch only holds what its callers give it.
"""

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Batch:
    """What the changes inside one `gathered` block asked for, by kind."""

    pending: dict[Hashable, Any] = field(default_factory=dict)
    flushes: dict[Hashable, Callable[[Any], None]] = field(default_factory=dict)

    def gather(self, kind: Hashable, start: Callable[[], Any], flush: Callable[[Any], None]):
        """The pending work of this kind (``start()`` the first time), to add to;
        ``flush(pending)`` queues it when the block ends."""
        if kind not in self.pending:
            self.pending[kind], self.flushes[kind] = start(), flush
        return self.pending[kind]


_current: ContextVar[Batch | None] = ContextVar("topicdesk_bulk_batch", default=None)


def current() -> Batch | None:
    return _current.get()


@contextmanager
def gathered() -> Iterator[None]:
    """Gather the work the changes inside this block queue; queue it once at the end.

    Use it inside the transaction making the changes, so that a rollback drops the
    queued work with them. A block that raises queues nothing. Nested, the
    outermost block queues.
    """
    if _current.get() is not None:
        yield
        return
    batch = Batch()
    token = _current.set(batch)
    try:
        yield
    finally:
        _current.reset(token)
    for kind, flush in batch.flushes.items():
        flush(batch.pending[kind])
