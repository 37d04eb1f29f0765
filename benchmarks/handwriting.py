"""Handwriting figures (issue 18): ms per character on 2 cores (model load apart), and accuracy.

Run: ``.venv/bin/python benchmarks/handwriting.py`` (about 15 s on 2 cores).
Target: ≤ 50 ms per character through the worker-thread recogniser. Accuracy on the committed Make Me a
Hanzi strokes (tests/data/handwriting, 320 characters), clean and perturbed (slant, rotation, scale,
shift, jitter, 30 % of the points dropped) with three seeds.
"""

from __future__ import annotations

import json
import os
import queue
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.handwriting.associations import Associations  # noqa: E402
from kiosk.handwriting.recognizer import Recognizer  # noqa: E402
from kiosk.handwriting.zinnia import Candidate, ZinniaModel  # noqa: E402
from kiosk.settings.handwriting import DEFAULT_MODEL  # noqa: E402
from tests.handwriting.perturb import perturb  # noqa: E402

STROKES = json.loads((ROOT / "tests/data/handwriting/strokes.json").read_text(encoding="utf-8"))


def ms(values: list[float]) -> str:
    """Median / p90 / max in milliseconds."""
    values = sorted(values)
    p90 = values[int(len(values) * 0.9) - 1]
    return f"median {statistics.median(values):.2f} ms, p90 {p90:.2f} ms, max {values[-1]:.2f} ms"


def accuracy(model: ZinniaModel, samples: list[tuple[str, list]]) -> tuple[float, float]:
    """Top-1 and top-10 shares."""
    top1 = top10 = 0
    for char, strokes in samples:
        ranked = [c.char for c in model.classify(strokes, 10)]
        top1 += ranked[:1] == [char]
        top10 += char in ranked
    return top1 / len(samples), top10 / len(samples)


def main() -> None:
    """Print the figures."""
    print(f"cores: {os.cpu_count()}, characters: {len(STROKES)}, model: {DEFAULT_MODEL}")
    start = time.perf_counter()
    model = ZinniaModel(DEFAULT_MODEL)
    print(f"model load: {(time.perf_counter() - start) * 1000:.0f} ms")

    direct = []
    for strokes in STROKES.values():
        t = time.perf_counter()
        model.classify(strokes, 10)
        direct.append((time.perf_counter() - t) * 1000)
    print(f"classify, whole character, top 10 (direct): {ms(direct)}")
    partial = []
    for strokes in STROKES.values():  # what the pad asks after each stroke pause
        for n in range(1, len(strokes) + 1):
            t = time.perf_counter()
            model.classify(strokes[:n], 10)
            partial.append((time.perf_counter() - t) * 1000)
    print(f"classify after each stroke ({len(partial)} requests): {ms(partial)}")

    answers: queue.Queue[list[Candidate]] = queue.Queue()
    rec = Recognizer(DEFAULT_MODEL, lambda _rid, cands: answers.put(cands))
    rec.wait_ready()
    threaded = []
    for strokes in STROKES.values():
        t = time.perf_counter()
        rec.submit(strokes, 10)
        answers.get()
        threaded.append((time.perf_counter() - t) * 1000)
    rec.close()
    print(f"submit -> callback through the worker thread: {ms(threaded)}")

    top1, top10 = accuracy(model, list(STROKES.items()))
    print(f"accuracy clean: top-1 {top1:.1%}, top-10 {top10:.1%}")
    for seed in range(3):
        samples = [(c, perturb(s, seed=seed * 1000 + i)) for i, (c, s) in enumerate(STROKES.items())]
        top1, top10 = accuracy(model, samples)
        print(f"accuracy perturbed (seed {seed}): top-1 {top1:.1%}, top-10 {top10:.1%}")
    model.close()

    start = time.perf_counter()
    assoc = Associations()
    assoc.wait_ready()
    print(f"associations build (background thread): {(time.perf_counter() - start) * 1000:.0f} ms")
    t = time.perf_counter()
    for _ in range(1000):
        assoc.next_chars("居住", 10)
    print(f"associations lookup: {(time.perf_counter() - t):.3f} ms each; 居 -> {assoc.next_chars('居')}")


if __name__ == "__main__":
    main()
