"""Make a material smaller when the platform says it is too large (413): scale down and recompress."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

SCALE = 0.7
JPEG_QUALITY = 70


def shrink_image(data: bytes, content_type: str) -> bytes | None:
    """A smaller JPEG/PNG of the same picture, or ``None`` when it cannot be made smaller (PDF, not an image)."""
    if content_type not in ("image/jpeg", "image/png"):
        return None
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            width, height = img.size
            size = (max(1, int(width * SCALE)), max(1, int(height * SCALE)))
            smaller = img.resize(size, Image.Resampling.LANCZOS)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    out = io.BytesIO()
    if content_type == "image/jpeg":
        smaller.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        smaller.save(out, "PNG", optimize=True)
    result = out.getvalue()
    return result if len(result) < len(data) else None
