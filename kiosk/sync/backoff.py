"""When to try an item again: exponential backoff with jitter, or the platform's ``Retry-After``."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(slots=True)
class RetryPolicy:
    """Delay before attempt ``n+1`` after ``n`` failures: ``base·2^(n-1)`` capped at ``maximum``, jittered."""

    base_s: float = 2.0
    maximum_s: float = 300.0
    healthy_cap_s: float = 4.0
    """While the platform answers other requests, an item's bad luck waits at most this long: a long backoff
    protects a platform that is down, not one that fails a request now and then."""
    healthy_window_s: float = 30.0
    """The platform counts as answering when a request succeeded this recently."""
    healthy_doubling_every: int = 8
    """…but an item that keeps failing while others get through doubles that cap every this many failures
    in a row, so one bad item never keeps the platform busy at the short rhythm."""
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, failures: int, retry_after: float | None = None, platform_answering: bool = False) -> float:
        """Seconds to wait; ``retry_after`` from the platform wins (capped at ``maximum_s``); while the
        platform answers other requests (``platform_answering``) the wait is capped at ``healthy_cap_s``,
        doubled for every ``healthy_doubling_every`` failures in a row of this item."""
        if retry_after is not None and retry_after >= 0:
            wait = min(retry_after, self.maximum_s)
            return wait + self.rng.uniform(0, min(1.0, wait * 0.1))
        longest = self.maximum_s
        if platform_answering:
            growth = 2 ** min(max(0, failures) // max(1, self.healthy_doubling_every), 20)
            longest = min(self.maximum_s, self.healthy_cap_s * growth)
        ceiling = min(longest, self.base_s * (2 ** max(0, min(failures, 40) - 1)))
        return ceiling / 2 + self.rng.uniform(0, ceiling / 2)  # "equal jitter": spread, never zero
