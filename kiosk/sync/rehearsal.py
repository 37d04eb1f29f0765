"""Applications made from the bundled fictitious sample identities, to rehearse an installation's link to
its platform (``kiosk outbox rehearse``): real pages, a signature, a face photo, the catalog's first item."""

from __future__ import annotations

import io
import uuid
from importlib import resources

from devices.idcard.identities import load_identities
from devices.idnumber import is_valid as id_number_is_valid
from kiosk.sync.application import Application, MaterialInput

MAX_REHEARSAL = 1000
"""More than this is not a rehearsal but a load test: refused."""
REHEARSAL_ITEM = "370481-GA-HJ-001"


class RehearsalError(ValueError):
    """A rehearsal that cannot be queued; the message says why."""


def _sample_page() -> bytes:
    return resources.files("devices.camera.samples").joinpath("3_desk.jpg").read_bytes()


def _face() -> bytes:
    return resources.files("devices.camera.samples").joinpath("1_face.jpg").read_bytes()


def _signature() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("L", (400, 160), 255)
    ImageDraw.Draw(image).line([(20, 120), (120, 40), (220, 110), (380, 50)], fill=0, width=6)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def rehearsal_applications(
    count: int, item_code: str = REHEARSAL_ITEM, with_signature_and_face: bool = True
) -> list[Application]:
    """``count`` applications, each with 2 captured pages (and a signature and a face photo unless told
    otherwise), from the sample identities in turn (all fictitious); a fresh visit id each: a new case each."""
    if not 1 <= count <= MAX_REHEARSAL:
        raise RehearsalError(f"count must be 1 to {MAX_REHEARSAL} (a rehearsal, not a load test), not {count}")
    people = [p for p in load_identities() if id_number_is_valid(p.id_number)]  # resident ID numbers only
    page, face, signature = _sample_page(), _face(), _signature()
    apps = []
    for n in range(count):
        person = people[n % len(people)]
        apps.append(
            Application(
                visit_id=f"rehearsal-{uuid.uuid4().hex}",
                item_code=item_code,
                applicant={"name": person.name, "id_number": person.id_number, "phone": "13800000000"},
                form={"name": person.name, "address": person.address, "rehearsal": True},
                delivery={"method": "pickup"},
                materials=[
                    MaterialInput("身份证明", "image/jpeg", page),
                    MaterialInput("申请表", "image/jpeg", page),
                ],
                signature_png=signature if with_signature_and_face else b"",
                face_photo_jpeg=face if with_signature_and_face else b"",
            )
        )
    return apps
