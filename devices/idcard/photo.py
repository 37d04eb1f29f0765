"""Pluggable decoder for the card photo (WLT format; decoding needs the reader vendor's library).

A decoder is any callable taking the 1,024 WLT bytes and returning image bytes (BMP, PNG or JPEG). It
is named in the configuration as ``"package.module:function"``; none is configured by default, and
then the identity simply carries no decoded photo. A decoder that fails never fails the card read.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

from devices.errors import ConfigurationError

log = logging.getLogger(__name__)

PhotoDecoder = Callable[[bytes], bytes]


def load_photo_decoder(spec: str) -> PhotoDecoder | None:
    """The decoder named by ``spec`` (``module:function``), ``None`` for an empty spec."""
    if not spec:
        return None
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise ConfigurationError(f"photo decoder {spec!r} must look like 'package.module:function'", device="idcard")
    try:
        decoder = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ConfigurationError(f"photo decoder {spec!r} cannot load: {exc}", device="idcard") from exc
    if not callable(decoder):
        raise ConfigurationError(f"photo decoder {spec!r} is not callable", device="idcard")
    return decoder


def decode_photo(decoder: PhotoDecoder | None, wlt: bytes) -> bytes:
    """The decoded image, or ``b""`` when there is no decoder, no photo, or the decoder fails."""
    if decoder is None or not wlt:
        return b""
    try:
        image = decoder(wlt)
    except Exception as exc:  # noqa: BLE001 - a vendor plug-in's failure must not lose the card read
        log.warning("photo decoder failed: %s", type(exc).__name__)
        return b""
    return bytes(image) if isinstance(image, bytes | bytearray) else b""
