"""Assemble captured pages into one material: a PDF and one JPEG per page, under a size budget.

The budget is per material (the platform and the provincial guidance cap uploads). Pages are encoded
at decreasing quality and then decreasing size until both the PDF and the JPEGs together fit; text
stays legible down to the last step (quality 40 at 50 % of a 2,500 px page is still ~150 dpi on A4).
The PDF embeds the JPEG streams as they are (Pillow writes ``DCTDecode`` images), so it is about as
big as the JPEGs.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image

from devices.errors import UnsupportedMedia

LADDER: tuple[tuple[float, int], ...] = (
    (1.0, 85),
    (1.0, 75),
    (1.0, 65),
    (0.85, 60),
    (0.7, 55),
    (0.6, 50),
    (0.5, 45),
    (0.5, 40),
)
"""(scale, JPEG quality) steps tried in order until the material fits."""


class BudgetExceeded(UnsupportedMedia):
    """The pages do not fit the size budget even at the lowest allowed quality."""


@dataclass(frozen=True)
class Material:
    """The assembled pages: ``pdf`` and ``jpegs`` (bytes, in memory) and the step that fitted."""

    pdf: bytes = field(repr=False)
    jpegs: tuple[bytes, ...] = field(repr=False)
    scale: float
    quality: int

    @property
    def pdf_size(self) -> int:
        """Size of the PDF in bytes."""
        return len(self.pdf)

    @property
    def jpeg_size(self) -> int:
        """Size of all JPEGs together in bytes."""
        return sum(len(j) for j in self.jpegs)


def _to_pil(page: np.ndarray, scale: float) -> Image.Image:
    if scale != 1.0:
        h, w = page.shape[:2]
        page = cv2.resize(page, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    if page.ndim == 2:
        return Image.fromarray(page, mode="L")
    return Image.fromarray(cv2.cvtColor(page, cv2.COLOR_BGR2RGB), mode="RGB")


def assemble_material(pages: Sequence[np.ndarray], budget_bytes: int, *, dpi: int = 200) -> Material:
    """Encode ``pages`` (BGR or grey arrays) as a PDF and JPEGs no larger than ``budget_bytes`` each."""
    if not pages:
        raise UnsupportedMedia("a material needs at least one page", device="camera")
    if budget_bytes <= 0:
        raise UnsupportedMedia(f"size budget must be positive, got {budget_bytes}", device="camera")
    smallest = None
    for scale, quality in LADDER:
        images = [_to_pil(p, scale) for p in pages]
        jpegs = []
        for image in images:
            buf = io.BytesIO()
            image.save(buf, format="JPEG", quality=quality, optimize=True, dpi=(dpi * scale, dpi * scale))
            jpegs.append(buf.getvalue())
        pdf = io.BytesIO()
        images[0].save(
            pdf, format="PDF", save_all=True, append_images=images[1:], quality=quality, resolution=dpi * scale
        )
        material = Material(pdf.getvalue(), tuple(jpegs), scale, quality)
        smallest = material
        if material.pdf_size <= budget_bytes and material.jpeg_size <= budget_bytes:
            return material
    assert smallest is not None
    raise BudgetExceeded(
        f"{len(pages)} page(s) need {max(smallest.pdf_size, smallest.jpeg_size) // 1024} KB at the lowest "
        f"quality; the budget is {budget_bytes // 1024} KB (材料超过大小限制)",
        device="camera",
    )
