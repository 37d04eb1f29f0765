"""The last good catalog on disk (``<data_dir>/catalog/catalog.json``), written atomically."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.catalog.catalog import Catalog, CatalogError

log = logging.getLogger(__name__)
FILE_NAME = "catalog.json"


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so a reader sees the old or the new file, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class CatalogStore:
    """Keeps the last catalog that passed validation, with its ETag."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.path = self.directory / FILE_NAME

    def save(self, catalog: Catalog) -> None:
        """Write ``catalog`` (its document and ETag) as the new last good copy."""
        record: dict[str, Any] = {
            "etag": catalog.etag,
            "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "document": catalog.document.model_dump(mode="json"),
        }
        write_atomically(self.path, json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

    def load(self) -> Catalog | None:
        """The last good copy, or ``None`` when there is none or it no longer validates (logged)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("last catalog copy %s unreadable: %s", self.path, exc.strerror or exc)
            return None
        try:
            record = json.loads(raw)
            if not isinstance(record, dict) or "document" not in record:
                raise CatalogError("last catalog copy has no document")
            return Catalog.from_dict(record["document"], etag=record.get("etag"), source=str(self.path))
        except (ValueError, CatalogError) as exc:
            log.warning("last catalog copy %s ignored: %s", self.path, str(exc).splitlines()[0])
            return None
