"""The loaded catalog: look-ups, situation plans and ranked search over items and bundles."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from kiosk.catalog.guide import Section, bundle_guide_sections, guide_sections
from kiosk.catalog.language import CHINESE_ONLY_NAME, has_chinese, is_english, missing_english
from kiosk.catalog.language import department_name as language_department_name
from kiosk.catalog.model import Bundle, CatalogDocument, Department, Item
from kiosk.catalog.plans import Plan, plan_for
from kiosk.catalog.search import PrefixIndex, Term, normalize
from kiosk.errors import KioskError

Target = Item | Bundle


class CatalogError(KioskError):
    """A catalog document is unreadable, partial or inconsistent; ``problems`` lists each reason."""

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)

    def __str__(self) -> str:
        return "\n".join([self.message, *(f"  - {p}" for p in self.problems)])


def _problems(exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err.get("loc", ()))
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        out.append(f"{loc}: {msg}" if loc else msg)
    return out


def validate_document(data: Any) -> CatalogDocument:
    """Parse and cross-check a catalog document; :class:`CatalogError` tells what is wrong."""
    if not isinstance(data, Mapping):
        raise CatalogError("catalog document is not a JSON object")
    try:
        return CatalogDocument.model_validate(data)
    except ValidationError as exc:
        problems = _problems(exc)
        raise CatalogError(f"catalog rejected: {len(problems)} problem(s)", problems) from None


class Catalog:
    """Items and bundles of one validated catalog document; the search index is built on first use."""

    def __init__(self, document: CatalogDocument, *, etag: str | None = None, source: str = "") -> None:
        self.document = document
        self.etag = etag
        self.source = source
        self._items = {i.code: i for i in document.items}
        self._bundles = {b.code: b for b in document.bundles}
        self._departments = {d.code: d for d in document.departments}
        self._index: PrefixIndex[Target] | None = None
        self._groups: PrefixIndex[int] | None = None
        self._group_members: list[tuple[int, ...]] = []
        self._lock = threading.Lock()

    @classmethod
    def from_dict(cls, data: Any, *, etag: str | None = None, source: str = "") -> Catalog:
        """Validate ``data`` (the wire format) and wrap it."""
        return cls(validate_document(data), etag=etag, source=source)

    @property
    def version(self) -> str:
        """The publisher's version string."""
        return self.document.version

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item, in publication order."""
        return self.document.items

    @property
    def bundles(self) -> tuple[Bundle, ...]:
        """Every one-thing bundle."""
        return self.document.bundles

    def item(self, code: str) -> Item:
        """The item with ``code`` (``KeyError`` if unknown)."""
        return self._items[code]

    def bundle(self, code: str) -> Bundle:
        """The bundle with ``code`` (``KeyError`` if unknown)."""
        return self._bundles[code]

    def get(self, code: str) -> Target | None:
        """The item or bundle with ``code``, or ``None``."""
        return self._items.get(code) or self._bundles.get(code)

    def department(self, code: str) -> Department | None:
        """The department with ``code``, or ``None``."""
        return self._departments.get(code)

    def department_name(self, code: str, language: str = "zh-CN") -> str:
        """Display name of a department code in ``language`` (the code itself when unknown)."""
        return language_department_name(self._departments.get(code), code, language)

    def guide(self, target: Target, language: str = "zh-CN") -> list[Section]:
        """The 办事指南 of an item or bundle as titled sections in ``language``."""
        licence_en = self.document.licence_types_en
        if isinstance(target, Bundle):
            members = [self._items[c] for c in target.items]
            return bundle_guide_sections(target, members, language, licence_en)
        return guide_sections(
            target, self._departments.get(target.department) or target.department, language, licence_en
        )

    def window_name(self, window: str, language: str = "zh-CN") -> str:
        """A service window named by the platform (it echoes the catalog's ``place.window``) in ``language``;
        in English ``""`` when the catalog has no English for it (the screen then says "the service desk")."""
        if not is_english(language) or not has_chinese(window):
            return window
        return next((i.place.window_en for i in self.items if i.place.window == window and i.place.window_en), "")

    def authority_name(self, name: str, language: str = "zh-CN") -> str:
        """An issuing authority named by the platform (a licence's issuer) in ``language``: the English of the
        department with that name or alias, else :data:`CHINESE_ONLY_NAME` in English."""
        if not is_english(language) or not has_chinese(name):
            return name
        dept = next((d for d in self.document.departments if name == d.name or name in d.aliases), None)
        return language_department_name(dept, CHINESE_ONLY_NAME, language) if dept else CHINESE_ONLY_NAME

    def missing_english(self) -> list[str]:
        """Citizen-visible texts lacking English (``kiosk catalog check`` warns about them)."""
        return missing_english(self.document)

    def items_in(self, category: str) -> list[Item]:
        """Items of one category, most requested first."""
        return sorted((i for i in self.items if i.category == category), key=lambda i: -i.popularity)

    def plan(self, code: str, answers: Mapping[str, str] | None = None) -> Plan:
        """Questions, materials and form for an item or bundle under the answers given so far."""
        answers = answers or {}
        if code in self._bundles:
            bundle = self._bundles[code]
            return plan_for(
                "bundle",
                code,
                bundle.name,
                [self._items[c] for c in bundle.items],
                answers,
                derived=bundle.derived_fields,
                name_en=bundle.name_en,
            )
        item = self._items.get(code)
        if item is None:
            raise KeyError(code)
        return plan_for("item", code, item.name, [item], answers, name_en=item.name_en)

    # --- search -----------------------------------------------------------------------------------

    def _synonyms_for(self, texts: Iterable[str]) -> list[str]:
        joined = "\n".join(texts)
        return [word for word, means in self.document.synonyms.items() if any(m and m in joined for m in means)]

    def _terms(self, target: Target) -> list[Term]:
        own = [target.name, *target.keywords]
        terms = [Term(target.name, 0)]
        terms += [Term(k, 1) for k in target.keywords]
        terms += [Term(s, 1) for s in self._synonyms_for(own)]
        return terms

    def build_index(self) -> None:
        """Build the search index now (call from a background thread at start-up)."""
        with self._lock:
            if self._index is not None:
                return
            targets: list[Target] = sorted(
                [*self.items, *self.bundles], key=lambda t: (-t.popularity, len(t.name), t.code)
            )
            cache: dict[str, Any] = {}
            index = PrefixIndex(targets, self._terms, cache)
            rank = {id(t): n for n, t in enumerate(targets)}
            groups: list[tuple[list[str], tuple[int, ...]]] = []
            for dept in self.document.departments:
                members = tuple(rank[id(i)] for i in self.items if i.department == dept.code)
                groups.append(([dept.name, *dept.aliases], tuple(sorted(members))))
            for cat in self.document.categories:
                members = tuple(rank[id(i)] for i in self.items if i.category == cat.code)
                groups.append(([cat.name], tuple(sorted(members))))
            self._group_members = [members for _, members in groups]
            self._groups = PrefixIndex(
                list(range(len(groups))), lambda g: [Term(text, 0) for text in groups[g][0]], cache
            )
            self._index = index

    def search(self, query: str, limit: int = 20) -> list[Target]:
        """Items and bundles matching ``query`` (characters, pinyin, initials, synonyms, departments), best first."""
        q = normalize(query)
        if not q or limit <= 0:
            return []
        if self._index is None:
            self.build_index()
        index, groups = self._index, self._groups
        assert index is not None and groups is not None
        seen: set[int] = set()
        found = index.find(q, limit, seen)
        if len(found) < limit:
            for g in groups.find(q, 8):
                for t in self._group_members[groups.targets[g]]:
                    if t not in seen:
                        seen.add(t)
                        found.append(t)
                        if len(found) >= limit:
                            break
                if len(found) >= limit:
                    break
        return [index.targets[t] for t in found]
