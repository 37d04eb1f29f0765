"""Delivery: pick-up at the hall or by post (address and phone checked)."""

from __future__ import annotations

from kiosk.forms import FieldError, FieldSpec, split_address, validate_form
from kiosk.journey.outcomes import SubmissionError
from kiosk.journey.review import Review
from kiosk.journey.values import address_text


class DeliveryChoice(Review):
    """The delivery options of the application and the citizen's choice."""

    def delivery_options(self) -> tuple[str, ...]:
        """``pickup`` always; ``post`` when every item of the application can be sent by post."""
        kinds = ["pickup"]
        items = [self._item(code) for code in self.plan().item_codes]
        if items and all(i is not None and "post" in i.delivery for i in items):
            kinds.append("post")
        return tuple(kinds)

    def delivery_defaults(self) -> tuple[str, str]:
        """Address and phone to pre-fill: the form's, else the card's address."""
        form = self.session.draft.form
        address = ""
        for spec in self.plan().fields:
            if spec.kind == "address" and form.get(spec.name):
                address = address_text(form[spec.name])
                break
        if not address and self.session.draft.identity is not None:
            address = self.session.draft.identity.address
        phone = self.session.draft.phone or next(
            (str(form[s.name]) for s in self.plan().fields if s.kind == "phone" and form.get(s.name)), ""
        )
        saved = self.session.draft.delivery
        return str(saved.get("address") or address), str(saved.get("phone") or phone)

    def choose_delivery(self, kind: str, address: str = "", phone: str = "") -> list[FieldError]:
        """Store the delivery choice; for post the address and phone must be valid (errors returned)."""
        if kind not in self.delivery_options():
            raise SubmissionError(f"delivery {kind!r} is not offered here; choose {', '.join(self.delivery_options())}")
        if kind == "pickup":
            self.session.draft.delivery.clear()
            self.session.draft.delivery["kind"] = "pickup"
            return []
        specs = (
            FieldSpec(name="address", kind="address", label="邮寄地址", label_en="Postal address"),
            FieldSpec(name="phone", kind="phone", label="收件人手机号码", label_en="Recipient's mobile number"),
        )
        result = validate_form(specs, {"address": split_address(address), "phone": phone})
        if not result.ok:
            return result.errors
        self.session.draft.delivery.clear()
        self.session.draft.delivery.update(
            kind="post",
            address=address_text(result.values["address"]),
            address_parts=result.values["address"],
            phone=result.values["phone"],
        )
        self.session.draft.phone = result.values["phone"]
        return []
