"""``kiosk handwriting recognize STROKES.json [--top 10] [--json] [--model FILE]``: check the model."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiosk.cli.common import add_config_option, settings_or_exit
from kiosk.handwriting.errors import BadStrokes, EngineUnavailable
from kiosk.handwriting.strokes import read_strokes
from kiosk.handwriting.zinnia import ZinniaModel

EXIT_BAD_INPUT = 65  # EX_DATAERR
EXIT_UNAVAILABLE = 69  # EX_UNAVAILABLE


def _recognize(args: argparse.Namespace) -> int:
    try:
        strokes = read_strokes(Path(args.strokes))
    except BadStrokes as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_BAD_INPUT
    model_path = args.model or settings_or_exit(args).handwriting.model_path
    try:
        model = ZinniaModel(model_path)
    except EngineUnavailable as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_UNAVAILABLE
    candidates = model.classify(strokes, args.top)
    model.close()
    if args.json:
        print(json.dumps([{"char": c.char, "score": round(c.score, 4)} for c in candidates], ensure_ascii=False))
    else:
        for rank, c in enumerate(candidates, 1):
            print(f"{rank:2d}  {c.char}  {c.score:+.4f}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``handwriting recognize STROKES.json``."""
    hw = sub.add_parser("handwriting", help="handwriting (手写) recognition")
    hsub = hw.add_subparsers(dest="handwriting_command", metavar="ACTION", required=True)
    rec = hsub.add_parser(
        "recognize",
        help="recognise one character: strokes as JSON [[[x, y], ...], ...], 0-1000 square, y downwards",
    )
    rec.add_argument("strokes", help="JSON file with the strokes of one character")
    rec.add_argument("--top", type=int, default=10, choices=range(1, 51), metavar="N", help="candidates (1-50)")
    rec.add_argument("--json", action="store_true", help="print the candidates as JSON")
    rec.add_argument("--model", help="zinnia model file (default: [handwriting] model_path)")
    add_config_option(rec)
    rec.set_defaults(func=_recognize)
