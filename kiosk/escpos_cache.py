"""Keep python-escpos' printer-capabilities table in a lasting cache, so importing it is instant.

python-escpos parses its ~100 KB ``capabilities.json`` with pure-Python YAML when first imported
(about 1.2 s of CPU on the kiosk's 2-core board) and pickles the result into a *fresh* temporary
directory, so every start paid it again. :func:`prepare_escpos_cache` points escpos at a lasting
directory (its ``ESCPOS_CAPABILITIES_PICKLE_DIR`` setting) and, the first time, writes the pickle
escpos expects there from the same file read as JSON (JSON is a subset of YAML: same data, ~1 ms).
escpos still re-reads its file itself when the file is newer than the pickle.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import pickle
import platform
from pathlib import Path

log = logging.getLogger(__name__)

ENV = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def prepare_escpos_cache(cache_dir: Path) -> None:
    """Make the next ``import escpos`` read its capabilities from ``cache_dir`` (call before it)."""
    if ENV in os.environ:
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        target = cache_dir / f"{platform.python_version()}.capabilities.pickle"
        if not target.exists():
            spec = importlib.util.find_spec("escpos")
            if spec is None or spec.origin is None:
                return
            source = Path(spec.origin).parent / "capabilities.json"
            data = json.loads(source.read_text(encoding="utf-8"))
            partial = target.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(pickle.dumps(data, protocol=2))
            os.replace(partial, target)
    except (OSError, ValueError) as exc:  # escpos then parses its file itself, only slower
        log.warning("printer capabilities cache not prepared: %s", exc)
        return
    os.environ[ENV] = str(cache_dir)
