"""Catalog and guide for the screens: categories, live search, choosing an item or bundle, its guide,
whether this kiosk can take the application, and a queue ticket when it cannot (never a dead end).

Plain Python on the kiosk side; the catalog screen and the guide screen call it. The queue ticket is a
platform call, so it runs on a worker thread and reports :class:`TicketIssued` / :class:`TicketFailed`
on the event bus.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kiosk.catalog import Bundle, Item, Section
from kiosk.catalog.catalog import Catalog

if TYPE_CHECKING:
    from kiosk.journey.state import JourneyState
    from kiosk.services import KioskServices

log = logging.getLogger(__name__)

AUDIENCES = ("personal", "enterprise")
"""个人 / 法人: the two halves of the catalog."""

BUNDLES = "bundles"
"""The pseudo category that lists the one-thing bundles (一件事)."""

Target = Item | Bundle


@dataclass(frozen=True, slots=True)
class Group:
    """A tile on the catalog screen: a theme, a department or the bundles of one audience."""

    kind: str
    """``category``, ``department`` or ``bundles``."""
    code: str
    name: str
    name_en: str
    count: int


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a result list: an item or a bundle, with what the list shows about it."""

    code: str
    kind: str
    """``item`` or ``bundle``."""
    name: str
    name_en: str
    department: str
    here: bool
    """True when the application can be made at this kiosk."""


@dataclass(frozen=True, slots=True)
class TicketIssued:
    """A queue ticket was issued for the chosen item (shown on screen, printed when the printer can)."""

    number: str
    window: str
    waiting: int
    printed: bool


@dataclass(frozen=True, slots=True)
class TicketFailed:
    """No queue ticket: the platform could not be reached; ``reason`` is safe to log."""

    reason: str


class Finding:
    """What the catalog and guide screens ask: groups, results, the chosen target, its guide."""

    def __init__(self, services: KioskServices, state: JourneyState) -> None:
        self.services = services
        self.state = state
        self._ticket_lock = threading.Lock()
        self.ticket: TicketIssued | None = None

    # --- the catalog --------------------------------------------------------------------------
    @property
    def catalog(self) -> Catalog:
        """The catalog in use now (refreshed from the platform in the background)."""
        return self.services.catalog()

    def groups(self, audience: str = "personal", by: str = "category") -> list[Group]:
        """Tiles for ``audience`` (personal / enterprise): themes (``by='category'``) or departments."""
        if audience not in AUDIENCES:
            raise ValueError(f"audience must be one of {AUDIENCES}, not {audience!r}")
        cat = self.catalog
        items = [i for i in cat.items if audience in i.audience]
        out: list[Group] = []
        bundles = [b for b in cat.bundles if audience in b.audience]
        if bundles:
            out.append(Group(BUNDLES, audience, "一件事", "One-stop bundles", len(bundles)))
        if by == "department":
            for dept in cat.document.departments:
                n = sum(1 for i in items if i.department == dept.code)
                if n:
                    out.append(Group("department", dept.code, dept.name, cat.department_name(dept.code, "en"), n))
            return out
        for c in cat.document.categories:
            n = sum(1 for i in items if i.category == c.code)
            if n:
                out.append(Group("category", c.code, c.name, c.name_en or c.name, n))
        return out

    def entries(self, group: Group, audience: str = "personal") -> list[Entry]:
        """The items (or bundles) of one tile, most requested first."""
        cat = self.catalog
        if group.kind == BUNDLES:
            targets: list[Target] = sorted(
                (b for b in cat.bundles if audience in b.audience), key=lambda b: -b.popularity
            )
        elif group.kind == "department":
            targets = sorted(
                (i for i in cat.items if i.department == group.code and audience in i.audience),
                key=lambda i: -i.popularity,
            )
        else:
            targets = [i for i in cat.items_in(group.code) if audience in i.audience]
        return [self.entry(t) for t in targets]

    def search(self, query: str, limit: int = 20) -> list[Entry]:
        """Live search: characters, full pinyin, initials, colloquial words, departments."""
        return [self.entry(t) for t in self.catalog.search(query, limit)]

    def entry(self, target: Target) -> Entry:
        """The result-list line for an item or bundle."""
        if isinstance(target, Bundle):
            return Entry(
                target.code,
                "bundle",
                target.name,
                target.name_en or target.name,
                "一件事",
                self.completable_here(target),
            )
        return Entry(
            target.code,
            "item",
            target.name,
            target.name_en or target.name,
            self.catalog.department_name(target.department),
            target.kiosk,
        )

    # --- the chosen target --------------------------------------------------------------------
    def choose(self, code: str) -> Target:
        """Choose an item or bundle (``KeyError`` when unknown): the journey now applies for it."""
        target = self.catalog.get(code)
        if target is None:
            raise KeyError(code)
        self.state.target_code = target.code
        self.state.target_kind = "bundle" if isinstance(target, Bundle) else "item"
        self.state.plan = self.catalog.plan(target.code, self.services.session.draft.answers)
        self.services.session.item_code = target.code
        self.ticket = None
        return target

    @property
    def target(self) -> Target | None:
        """The chosen item or bundle, if any."""
        return self.catalog.get(self.state.target_code) if self.state.target_code else None

    def members(self, target: Target | None = None) -> list[Item]:
        """The items an application for ``target`` (default: the chosen one) covers."""
        target = target or self.target
        if target is None:
            return []
        if isinstance(target, Bundle):
            return [self.catalog.item(code) for code in target.items]
        return [target]

    def completable_here(self, target: Target | None = None) -> bool:
        """True when every item of ``target`` (default: the chosen one) can be applied for at this kiosk."""
        members = self.members(target)
        return bool(members) and all(i.kiosk for i in members)

    def visits(self, target: Target | None = None) -> int:
        """Times the citizen still has to come in person."""
        target = target or self.target
        if target is None:
            return 0
        return target.visits

    def guide(self, target: Target | None = None, language: str | None = None) -> list[Section]:
        """The 办事指南 as titled sections in ``language`` (the session's by default); a bundle gets an
        overview, its merged materials, fees and delivery."""
        target = target or self.target
        if target is None:
            return []
        return self.catalog.guide(target, language or self.services.session.language)

    # --- not possible here: a queue ticket ----------------------------------------------------
    def request_ticket(self) -> threading.Thread:
        """Ask the platform for a queue ticket for the chosen item on a worker thread; print it if possible.

        The outcome arrives on the bus as :class:`TicketIssued` or :class:`TicketFailed`.
        """
        code = self.state.target_code
        name = self.target.name if self.target is not None else ""
        window = getattr(getattr(self.target, "place", None), "window", "") or ""  # bundles: the platform's
        thread = threading.Thread(target=self._ticket, args=(code, name, window), name="queue-ticket", daemon=True)
        thread.start()
        return thread

    def _ticket(self, code: str, service: str, window: str) -> None:
        bus = self.services.bus
        with self._ticket_lock:
            try:
                answer = self.services.require_sync().client.queue_ticket(code, window)
            except Exception as exc:  # noqa: BLE001 - every failure has the same way forward: the window
                log.warning("queue ticket failed for %s: %s", code, exc)
                bus.publish(TicketFailed(str(exc)))
                return
            issued = TicketIssued(answer.ticket_no, answer.window, answer.waiting, self._print(answer, service))
            self.ticket = issued
        bus.publish(issued)

    def _print(self, answer: Any, service: str) -> bool:
        printer = self.services.printer()
        if printer is None:
            return False
        try:
            from kiosk.receipts import QueueTicket, print_ticket

            english = self.services.english()
            ticket = QueueTicket(
                hall_name=self.services.settings.kiosk.hall_name,
                number=answer.ticket_no,
                service=service,
                window_area=answer.window,
                waiting=answer.waiting,
                issued_at=datetime.fromtimestamp(self.services.clock.wall()),
                english=english,
                service_en=getattr(self.target, "name_en", "") if english else "",
                window_area_en=self.catalog.window_name(answer.window, "en") if english else "",
            )
            result = print_ticket(printer, ticket)
        except Exception as exc:  # noqa: BLE001 - the number is on the screen anyway
            log.warning("queue ticket not printed: %s", exc)
            return False
        return bool(result.printed)

    def reset(self) -> None:
        """Forget the ticket shown for the last citizen."""
        self.ticket = None
