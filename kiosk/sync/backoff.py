"""When to try an item again: exponential backoff with jitter, or the platform's ``Retry-After``."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(slots=True)
class RetryPolicy:
    """Delay before attempt ``n+1`` after ``n`` failures: ``base·2^(n-1)`` capped at ``maximum``, jittered."""

    base_s: float = 2.0
    maximum_s: float = 300.0
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, failures: int, retry_after: float | None = None) -> float:
        """Seconds to wait; ``retry_after`` from the platform wins (capped at ``maximum_s``)."""
        if retry_after is not None and retry_after >= 0:
            wait = min(retry_after, self.maximum_s)
            return wait + self.rng.uniform(0, min(1.0, wait * 0.1))
        ceiling = min(self.maximum_s, self.base_s * (2 ** max(0, failures - 1)))
        return ceiling / 2 + self.rng.uniform(0, ceiling / 2)  # "equal jitter": spread, never zero
