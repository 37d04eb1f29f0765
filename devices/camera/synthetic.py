"""Synthetic desk photos with known page corners, for tests, benchmarks and the simulator.

A 高拍仪 looks straight down at a desk; the photos vary what makes page finding hard in a hall:
the desk (light, wood, dark, cluttered), the page's rotation and perspective, uneven light, a partial
shadow, sensor noise, blur and a thumb holding a corner. ``corners`` are the true page corners in
image pixels, ordered top-left, top-right, bottom-right, bottom-left (as :func:`find_page` returns).
Nothing here reads files: every image is drawn with OpenCV from a seeded random generator.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from devices.camera.document import order_corners

BACKGROUNDS = ("light", "wood", "dark", "cluttered")


@dataclass(frozen=True)
class DeskPhoto:
    """One synthetic photo: the BGR image, the true corners (or ``None``: no page) and what was drawn."""

    image: np.ndarray
    corners: np.ndarray | None
    description: str


def page_content(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    """A white page with a title, lines of 'text', a table and sometimes a red stamp."""
    paper = int(rng.integers(236, 252))
    page = np.full((height, width, 3), paper, np.uint8)
    page[:] = (paper - int(rng.integers(0, 6)), paper, paper)  # paper is slightly warm or cool
    margin = width // 10
    ink = (int(rng.integers(10, 50)),) * 3
    y = margin
    cv2.rectangle(page, (width // 4, y), (3 * width // 4, y + height // 40), ink, -1)
    y += height // 12
    line_h = max(4, height // 90)
    while y < height - margin:
        if rng.random() < 0.08:
            y += line_h * 3  # paragraph break
            continue
        x = margin + (int(rng.integers(0, 3)) * line_h * 2 if rng.random() < 0.3 else 0)
        end = width - margin - int(rng.integers(0, width // 3)) if rng.random() < 0.2 else width - margin
        while x < end:
            word = int(rng.integers(line_h * 2, line_h * 7))
            cv2.rectangle(page, (x, y), (min(x + word, end), y + line_h), ink, -1)
            x += word + line_h
        y += line_h * 3
    if rng.random() < 0.5:
        top = int(height * rng.uniform(0.45, 0.6))
        for i in range(5):
            cv2.line(page, (margin, top + i * line_h * 4), (width - margin, top + i * line_h * 4), ink, 1)
    if rng.random() < 0.5:
        centre = (int(width * 0.7), int(height * 0.82))
        cv2.circle(page, centre, width // 9, (40, 40, 200), max(2, width // 120))
    return page


def desk_background(rng: np.random.Generator, kind: str, width: int, height: int) -> np.ndarray:
    """A desk surface of ``kind`` (one of :data:`BACKGROUNDS`)."""
    if kind == "light":
        base = np.array([rng.integers(190, 215), rng.integers(195, 220), rng.integers(200, 225)], np.float32)
    elif kind == "wood":
        base = np.array([rng.integers(40, 70), rng.integers(80, 110), rng.integers(130, 170)], np.float32)
    else:
        base = np.array([rng.integers(25, 70)] * 3, np.float32) + rng.integers(-8, 8, 3)
    desk = np.empty((height, width, 3), np.float32)
    desk[:] = base
    if kind == "wood":
        streaks = rng.normal(0, 1, (1, width)).astype(np.float32)
        streaks = cv2.GaussianBlur(streaks, (0, 0), sigmaX=width / 300)[0]
        desk *= (1.0 + 0.12 * streaks / (np.abs(streaks).max() + 1e-6))[None, :, None]
    grain = cv2.GaussianBlur(rng.standard_normal((height, width), dtype=np.float32) * 6, (0, 0), 3)
    desk += grain[..., None]
    image = np.clip(desk, 0, 255).astype(np.uint8)
    if kind == "cluttered":
        _draw_clutter(rng, image)
    return image


def _draw_clutter(rng: np.random.Generator, image: np.ndarray) -> None:
    """Pens, a phone, a mug, sticky notes and a keyboard edge on the desk."""
    h, w = image.shape[:2]
    for _ in range(int(rng.integers(4, 9))):
        colour = tuple(int(c) for c in rng.integers(0, 255, 3))
        kind = rng.integers(0, 4)
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        if kind == 0:  # pen
            angle = rng.uniform(0, np.pi)
            length = w * rng.uniform(0.08, 0.2)
            end = (int(x + length * np.cos(angle)), int(y + length * np.sin(angle)))
            cv2.line(image, (x, y), end, colour, max(3, w // 200))
        elif kind == 1:  # mug seen from above
            cv2.circle(image, (x, y), int(w * rng.uniform(0.04, 0.07)), colour, -1)
            cv2.circle(image, (x, y), int(w * 0.03), (30, 20, 10), -1)
        elif kind == 2:  # phone or keyboard: dark rotated rectangle
            size = (float(w * rng.uniform(0.06, 0.25)), float(h * rng.uniform(0.05, 0.15)))
            box = cv2.boxPoints(((float(x), float(y)), size, float(rng.uniform(0, 180))))
            cv2.fillConvexPoly(image, box.astype(np.int32), tuple(int(c) // 3 for c in colour))
        else:  # sticky note: small, saturated
            side = int(w * rng.uniform(0.03, 0.06))
            cv2.rectangle(image, (x, y), (x + side, y + side), (60, 230, 250), -1)


def _page_quad(rng: np.random.Generator, width: int, height: int, aspect: float) -> np.ndarray:
    """Random page corners inside the frame: size, rotation, position and perspective."""
    for _ in range(200):
        page_h = height * rng.uniform(0.55, 0.9)
        page_w = page_h / aspect
        if rng.random() < 0.25:
            page_w, page_h = page_h, page_w  # landscape page
        angle = np.deg2rad(rng.uniform(-35, 35))
        cx = width * rng.uniform(0.35, 0.65)
        cy = height * rng.uniform(0.35, 0.65)
        local = np.array([[-page_w, -page_h], [page_w, -page_h], [page_w, page_h], [-page_w, page_h]]) / 2
        rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        quad = local @ rot.T + (cx, cy)
        quad += rng.normal(0, 0.025 * min(width, height), quad.shape)  # perspective and lens tilt
        margin = 0.02 * width
        if (
            quad[:, 0].min() > margin
            and quad[:, 0].max() < width - margin
            and quad[:, 1].min() > margin
            and quad[:, 1].max() < height - margin
        ):
            return order_corners(quad)
    raise RuntimeError("could not place a page")  # pragma: no cover - 200 tries always suffice


def _shade(rng: np.random.Generator, image: np.ndarray, strength: float) -> np.ndarray:
    """Uneven light from one side and, with ``strength``, a soft shadow across part of the frame."""
    h, w = image.shape[:2]
    sh, sw = max(8, h // 8), max(8, w // 8)  # light varies slowly: draw it small, then enlarge
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = np.cos(angle) * xx / sw + np.sin(angle) * yy / sh
    ramp = (ramp - ramp.min()) / (np.ptp(ramp) + 1e-6)
    light = 1.0 - rng.uniform(0.05, 0.3) * ramp
    if strength > 0:
        mask = np.zeros((sh, sw), np.float32)
        pts = np.array(
            [
                [rng.uniform(-0.2, 0.5) * sw, -2],
                [rng.uniform(0.3, 1.0) * sw, -2],
                [rng.uniform(0.2, 1.1) * sw, sh + 2],
                [rng.uniform(-0.3, 0.4) * sw, sh + 2],
            ],
            np.int32,
        )
        cv2.fillConvexPoly(mask, pts, 1.0)
        mask = cv2.GaussianBlur(mask, (0, 0), sw / 60)
        light *= 1.0 - strength * mask
    light = cv2.resize(light.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.multiply(image, cv2.merge([light] * 3), dtype=cv2.CV_8U)


def _thumb(rng: np.random.Generator, image: np.ndarray, corners: np.ndarray) -> None:
    """Draw a thumb pressing on one page corner, hiding the corner itself."""
    h, w = image.shape[:2]
    i = int(rng.integers(0, 4))
    corner = corners[i]
    inward = corners.mean(axis=0) - corner
    inward /= np.linalg.norm(inward) + 1e-6
    length = 0.09 * w
    centre = corner + inward * length * 0.25
    angle = float(np.degrees(np.arctan2(inward[1], inward[0])))
    skin = (int(rng.integers(90, 140)), int(rng.integers(140, 175)), int(rng.integers(190, 230)))
    cv2.ellipse(
        image, (int(centre[0]), int(centre[1])), (int(length), int(length * 0.42)), angle, 0, 360, skin, -1, cv2.LINE_AA
    )
    cv2.ellipse(
        image,
        (int(centre[0]), int(centre[1])),
        (int(length * 0.9), int(length * 0.36)),
        angle,
        0,
        360,
        tuple(min(255, c + 15) for c in skin),
        2,
        cv2.LINE_AA,
    )


def desk_photo(
    rng: np.random.Generator,
    size: tuple[int, int] = (1296, 972),
    *,
    background: str = "light",
    shadow: float = 0.0,
    noise: float = 4.0,
    thumb: bool = False,
    page: bool = True,
) -> DeskPhoto:
    """Draw one desk photo of ``size`` (width, height); ``page=False`` leaves the desk empty."""
    width, height = size
    image = desk_background(rng, background, width, height)
    corners = None
    if page:
        aspect = float(rng.choice([np.sqrt(2.0), np.sqrt(2.0), 1.294, 1.5]))  # A4, A4, letter, receipt-ish
        corners = _page_quad(rng, width, height, aspect)
        pw, ph = (800, int(800 * aspect))
        if np.linalg.norm(corners[1] - corners[0]) > np.linalg.norm(corners[3] - corners[0]):
            pw, ph = ph, pw
        content = page_content(rng, pw, ph)
        src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
        matrix = cv2.getPerspectiveTransform(src, corners)
        warped = cv2.warpPerspective(content, matrix, (width, height), flags=cv2.INTER_LINEAR)
        mask = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), matrix, (width, height))
        image = np.where(mask[..., None] > 127, warped, image)
        if thumb:
            _thumb(rng, image, corners)
    image = _shade(rng, image, shadow)
    image = cv2.GaussianBlur(image, (0, 0), rng.uniform(0.5, 1.2))
    if noise > 0:
        grain = rng.standard_normal(image.shape, dtype=np.float32) * np.float32(noise)
        image = cv2.add(image, grain, dtype=cv2.CV_8U)
    what = f"{background} desk" + (", shadow" if shadow else "") + (", thumb" if thumb else "")
    return DeskPhoto(image, corners, what if page else f"{what}, no page")


def desk_photo_set(count: int = 40, seed: int = 2024, size: tuple[int, int] = (1296, 972)) -> list[DeskPhoto]:
    """A reproducible mix of desks, shadows and thumbs: the accuracy set of tests and benchmarks."""
    rng = np.random.default_rng(seed)
    photos = []
    for i in range(count):
        background = BACKGROUNDS[i % len(BACKGROUNDS)]
        shadow = float(rng.uniform(0.25, 0.5)) if i % 3 == 1 else 0.0
        thumb = i % 5 == 2
        photos.append(
            desk_photo(rng, size, background=background, shadow=shadow, noise=float(rng.uniform(2, 8)), thumb=thumb)
        )
    return photos


def empty_desk_set(count: int = 8, seed: int = 7, size: tuple[int, int] = (1296, 972)) -> list[DeskPhoto]:
    """Desks with nothing page-like on them: :func:`find_page` must answer ``None``."""
    rng = np.random.default_rng(seed)
    return [
        desk_photo(rng, size, background=BACKGROUNDS[i % len(BACKGROUNDS)], page=False, shadow=0.3 if i % 2 else 0.0)
        for i in range(count)
    ]
