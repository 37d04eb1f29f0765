"""Sample data for rehearsals: what a citizen would enter at each step, for walk-throughs, tests and
the UI benchmark (never used in a real session).

:func:`fill_step` does for one journey step what its screen would have done — choose the target,
identify with the simulated card, answer the questions, fill the form, fetch the licences and supply a
page for every material that is not a held licence — so the end of the journey runs on real data even
while a screen is not built yet.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from kiosk.errors import KioskError
from kiosk.forms import FieldSpec, validate_form
from kiosk.session import Step

if TYPE_CHECKING:
    from kiosk.journey.submission import Submission
    from kiosk.services import KioskServices

SAMPLE_ADDRESS = "山东省枣庄市滕州市荆河街道龙泉路88号"
SAMPLE_PHONE = "13812345678"
REVIEW_PATH = (Step.CATALOG, Step.GUIDE, Step.IDENTIFY, Step.SITUATIONS, Step.FORM, Step.MATERIALS)


class RehearsalError(KioskError):
    """The sample data does not fit (a catalog field no sample value satisfies, an unknown target)."""


def sample_jpeg(text: str = "page", size: tuple[int, int] = (620, 877)) -> bytes:
    """A small JPEG page (white sheet with dark lines) standing in for a captured page."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for row in range(60, size[1] - 60, 40):
        draw.line((50, row, size[0] - 50 - (row * 7) % 120, row), fill=(40, 40, 40), width=3)
    draw.text((50, 20), text, fill=(0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def _date_candidates(today: date) -> list[str]:
    return [(today - timedelta(days=days)).isoformat() for days in (0, 30, 365 * 5, 365 * 30)] + [
        (today + timedelta(days=10)).isoformat()
    ]


def sample_value(spec: FieldSpec, identity: Any) -> Any:  # noqa: ANN401 - the form value's own type
    """A valid value for a form field (from the identity where the field pre-fills from it)."""
    if spec.kind == "name":
        candidates: list[Any] = [identity.name if spec.prefill == "name" and identity else "李娜", "李娜"]
    elif spec.kind == "id_number":
        candidates = [identity.id_number if identity else "", "11010519491231002X"]
    elif spec.kind == "phone":
        candidates = [SAMPLE_PHONE]
    elif spec.kind == "address":
        candidates = [{"province": "山东省", "city": "枣庄市", "district": "滕州市", "detail": "荆河街道龙泉路88号"}]
    elif spec.kind == "date":
        candidates = _date_candidates(date.today())
    elif spec.kind == "choice":
        candidates = [c.value for c in spec.choices]
    elif spec.kind == "number":
        candidates = [int(spec.minimum) if spec.minimum is not None else 1, 1, 10]
    elif spec.kind == "money":
        candidates = ["100.00", str(spec.minimum or 1)]
    elif spec.kind == "checkbox":
        candidates = [True]
    elif spec.kind == "signature":
        return None
    else:
        base = "滕州市善国北路服务示范有限公司" if "company" in spec.name else "中国银行滕州支行"
        if "account" in spec.name:
            base = "6222020200112233445"
        text = base[: spec.max_length] if spec.max_length else base
        if spec.min_length and len(text) < spec.min_length:
            text += "示" * (spec.min_length - len(text))
        candidates = [text]
    for value in candidates:
        if validate_form([spec], {spec.name: value}).ok:
            return value
    raise RehearsalError(f"no sample value fits form field {spec.name} ({spec.kind})")


def fill_step(services: KioskServices, step: Step, target: str, card: int = 0) -> None:
    """Do what the screen of ``step`` would have done for ``target`` (item or bundle code)."""
    session, state = services.session, services.journey.state
    catalog = services.catalog()
    if step is Step.CATALOG:
        if catalog.get(target) is None:
            raise RehearsalError(f"the catalog holds no {target}")
        state.target_code = target
        state.target_kind = "bundle" if target in {b.code for b in catalog.bundles} else "item"
        session.item_code = target
    elif step is Step.IDENTIFY:
        identity = session.draft.identity
        if identity is None:  # the sample card's record, as the identify step stores it
            from devices.idcard.identities import load_identities

            identity = load_identities()[card]
            session.set_identity(identity)
        session.draft.face_photo = sample_jpeg("face", (320, 400))
        state.face_verified = True
        if session.draft.licences is None:
            try:
                session.draft.licences = services.require_sync().client.licences(identity.id_number)
            except Exception:  # noqa: BLE001 - offline: no licences, the pages are captured instead
                session.draft.licences = []
    elif step is Step.SITUATIONS:
        plan = catalog.plan(state.target_code, session.draft.answers)
        while plan.pending:
            question = plan.pending[0]
            session.draft.answers[question.id] = "no" if question.kind == "yes_no" else question.choices[0].value
            plan = catalog.plan(state.target_code, session.draft.answers)
        state.plan = plan
    elif step is Step.FORM:
        plan = catalog.plan(state.target_code, session.draft.answers)
        for spec in plan.fields:
            current = session.draft.form.get(spec.name)
            if current in (None, "") or not validate_form([spec], {spec.name: current}).ok:
                value = sample_value(spec, session.draft.identity)
                if value is not None:
                    session.draft.form[spec.name] = value
    elif step is Step.MATERIALS:
        plan = catalog.plan(state.target_code, session.draft.answers)
        held = {getattr(lic, "type", "") for lic in session.draft.licences or []}
        for need in plan.materials:
            m = need.material
            if not (m.licence_type and m.licence_type in held) and not session.draft.materials.get(m.id):
                session.draft.materials[m.id] = [sample_jpeg(m.id)]


def fill_until_review(services: KioskServices, target: str, card: int = 0) -> Submission:
    """Everything the steps before review produce, without moving the session; returns the submission part."""
    for step in REVIEW_PATH:
        fill_step(services, step, target, card)
    return services.journey.submission
