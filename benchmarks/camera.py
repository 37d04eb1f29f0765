"""Camera figures (DESIGN.md §9): page capture time on 2592×1944 frames, face gates fps, page accuracy.

Run: ``.venv/bin/python benchmarks/camera.py`` (about 40 s on 2 cores).
Targets: document capture median ≤ 150 ms; face detection + quality ≥ 25 frames/s at 640×480 on one core.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devices.camera.document import find_page, flatten_page  # noqa: E402
from devices.camera.face import FaceDetector, assess_face  # noqa: E402
from devices.camera.samples import FOLDER  # noqa: E402
from devices.camera.synthetic import desk_photo_set, empty_desk_set  # noqa: E402


def iou(a: np.ndarray, b: np.ndarray) -> float:
    """Intersection over union of two convex quadrilaterals."""
    a, b = a.astype(np.float32), b.astype(np.float32)
    inter, _ = cv2.intersectConvexConvex(a, b)
    return float(inter / (cv2.contourArea(a) + cv2.contourArea(b) - inter))


def document_timing(photos, threads: int) -> tuple[float, float, list[float]]:
    """Median and p90 of find_page + flatten_page in ms, and the IoU of each photo."""
    cv2.setNumThreads(threads)
    times, scores = [], []
    for photo in photos:
        start = time.perf_counter()
        corners = find_page(photo.image)
        if corners is not None:
            flatten_page(photo.image, corners)
        times.append((time.perf_counter() - start) * 1000)
        scores.append(0.0 if corners is None else iou(corners, photo.corners))
    times.sort()
    return statistics.median(times), times[int(0.9 * (len(times) - 1))], scores


def face_fps(frames: list[np.ndarray], seconds: float = 4.0) -> float:
    """Frames per second of detection + every quality gate, on one OpenCV thread."""
    cv2.setNumThreads(1)
    detector = FaceDetector()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        assess_face(frames[count % len(frames)], detector)
        count += 1
    return count / (time.perf_counter() - start)


def main() -> None:
    """Print every figure."""
    print("camera benchmark (DESIGN.md §9)")
    full = desk_photo_set(16, seed=99, size=(2592, 1944))
    for threads in (2, 1):
        median, p90, scores = document_timing(full, threads)
        print(
            f"document capture 2592x1944, find_page + flatten_page, {threads} OpenCV thread(s): "
            f"median {median:.0f} ms, p90 {p90:.0f} ms (target median <= 150 ms)"
        )
    print(
        f"  IoU on these {len(scores)} full-size photos: mean {np.mean(scores):.3f}, "
        f">= 0.9 for {np.mean(np.array(scores) >= 0.9):.0%}"
    )
    cv2.setNumThreads(2)
    test_set = desk_photo_set(40, seed=2024)
    scores = [0.0 if (c := find_page(p.image)) is None else iou(c, p.corners) for p in test_set]
    print(
        f"page accuracy, synthetic set of the tests ({len(scores)} photos 1296x972: light, wood, dark, "
        f"cluttered desks, shadows, thumbs): mean IoU {np.mean(scores):.3f}, "
        f"IoU >= 0.9 for {np.mean(np.array(scores) >= 0.9):.1%}"
    )
    empty = empty_desk_set(16, seed=7)
    wrong = sum(find_page(p.image) is not None for p in empty)
    print(f"false pages on {len(empty)} desks without a page: {wrong}")
    samples = [cv2.imread(str(p)) for p in sorted(FOLDER.glob("*.jpg"))]
    samples = [cv2.resize(s, (640, 480), interpolation=cv2.INTER_AREA) for s in samples]
    face_only = [s for s in samples[:1]]
    print(
        f"face detection + quality gates, 640x480, 1 core: {face_fps(face_only):.1f} frames/s with a face "
        f"in view, {face_fps(samples):.1f} frames/s over the mixed samples (target >= 25)"
    )


if __name__ == "__main__":
    main()
