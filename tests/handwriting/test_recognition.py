"""Real strokes of real characters through the real zinnia engine and Debian's model."""

from __future__ import annotations

import pytest

from kiosk.handwriting.errors import EngineUnavailable
from kiosk.handwriting.zinnia import ZinniaModel
from tests.handwriting.perturb import perturb

TOP1_WORDS = "居住证 身份证 户口 社会 婚姻登记 营业执照 不动产 公积金"
"""Characters of the catalog's words that the model must rank first from clean strokes."""
KNOWN_MISSES = "住保医出生业执"
"""Seed characters this model does not rank first from Make Me a Hanzi's medians (see the benchmark)."""


@pytest.mark.parametrize("char", sorted({c for c in TOP1_WORDS if c.strip() and c not in KNOWN_MISSES}))
def test_catalog_characters_recognised_first(model: ZinniaModel, strokes: dict, char: str) -> None:
    assert model.classify(strokes[char], 10)[0].char == char


def _accuracy(model: ZinniaModel, samples: list[tuple[str, list]]) -> tuple[float, float]:
    top1 = top10 = 0
    for char, s in samples:
        ranked = [c.char for c in model.classify(s, 10)]
        top1 += ranked[:1] == [char]
        top10 += char in ranked
    return top1 / len(samples), top10 / len(samples)


def test_accuracy_on_clean_strokes(model: ZinniaModel, strokes: dict) -> None:
    assert len(strokes) >= 250
    top1, top10 = _accuracy(model, list(strokes.items()))
    print(f"clean: {len(strokes)} characters, top-1 {top1:.1%}, top-10 {top10:.1%}")
    assert top1 >= 0.70
    assert top10 >= 0.82


def test_accuracy_on_perturbed_strokes(model: ZinniaModel, strokes: dict) -> None:
    samples = [(c, perturb(s, seed=i)) for i, (c, s) in enumerate(strokes.items())]
    top1, top10 = _accuracy(model, samples)
    print(f"perturbed: {len(samples)} characters, top-1 {top1:.1%}, top-10 {top10:.1%}")
    assert top1 >= 0.62
    assert top10 >= 0.80


def test_perturbation_changes_the_strokes(strokes: dict) -> None:
    assert perturb(strokes["居"], seed=1) != [[tuple(p) for p in s] for s in strokes["居"]]


def test_candidates_are_ranked_by_score(model: ZinniaModel, strokes: dict) -> None:
    scores = [c.score for c in model.classify(strokes["证"], 10)]
    assert len(scores) == 10
    assert scores == sorted(scores, reverse=True)


def test_missing_model_is_a_typed_error(tmp_path) -> None:
    with pytest.raises(EngineUnavailable, match="model not found"):
        ZinniaModel(tmp_path / "none.model")


def test_unreadable_model_is_a_typed_error(tmp_path) -> None:
    broken = tmp_path / "broken.model"
    broken.write_bytes(b"not a zinnia model")
    with pytest.raises(EngineUnavailable, match="cannot open"):
        ZinniaModel(broken)
