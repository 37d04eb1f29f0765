"""What each step of a journey needs before it can be entered and when the citizen may leave it.

One class per step, registered in :data:`RULES` by :func:`rule`. ``needs`` names the facts of the
application that must hold when the step is entered (checked by :class:`~kiosk.journey.machine.
JourneyMachine` on the way forward); :meth:`StepRule.refusal` says why the citizen may not leave the
step yet (``None``: they may). The screens ask the machine instead of deciding themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from kiosk.session import Step

if TYPE_CHECKING:
    from kiosk.services import KioskServices


def _has_target(services: KioskServices) -> bool:
    return bool(services.journey.state.target_code)


def _has_identity(services: KioskServices) -> bool:
    return services.session.draft.identity is not None


def _has_signature(services: KioskServices) -> bool:
    return bool(services.session.draft.signature)


def _is_submitted(services: KioskServices) -> bool:
    return bool(services.journey.state.local_ref or services.journey.state.case_no)


FACTS: dict[str, Callable[[KioskServices], bool]] = {
    "target": _has_target,
    "identity": _has_identity,
    "signature": _has_signature,
    "submitted": _is_submitted,
}
"""The facts a step can need, by name: a chosen service, an identified applicant, a signature, an
application in the outbox."""
NOT_READY = "journey.not_ready"
"""The refusal of a step whose screen keeps its button disabled until it may be left."""


class StepRule:
    """A step with no condition: enter and leave freely."""

    step: ClassVar[Step]
    needs: ClassVar[tuple[str, ...]] = ()

    def refusal(self, services: KioskServices) -> str | None:
        """Why the citizen may not leave the step yet (text for the screen), or None when they may."""
        return None

    def can_leave(self, services: KioskServices) -> bool:
        """True when the citizen may go on from this step."""
        return self.refusal(services) is None


RULES: dict[Step, StepRule] = {}
"""The rule of every step (a step without a class of its own has none: :class:`StepRule`)."""


def rule(step: Step) -> Callable[[type[StepRule]], type[StepRule]]:
    """Class decorator: register the class as the rule of ``step``."""

    def register(cls: type[StepRule]) -> type[StepRule]:
        cls.step = step
        RULES[step] = cls()
        return cls

    return register


def rule_for(step: Step) -> StepRule:
    """The rule of ``step``."""
    return RULES.get(step) or _FREE


_FREE = StepRule()


@rule(Step.CATALOG)
class ChooseService(StepRule):
    """The catalog: a service item or bundle must be chosen."""

    def refusal(self, services: KioskServices) -> str | None:  # noqa: D102 - see StepRule.refusal
        return None if services.journey.state.target_code else services.t(NOT_READY)


@rule(Step.GUIDE)
class ReadGuide(StepRule):
    """The guide of the chosen service."""

    needs = ("target",)


@rule(Step.IDENTIFY)
class Identify(StepRule):
    """Card (or typed number) read and the face verified."""

    def refusal(self, services: KioskServices) -> str | None:  # noqa: D102 - see StepRule.refusal
        return None if services.journey.identify.can_continue else services.t(NOT_READY)


@rule(Step.SITUATIONS)
class AnswerSituations(StepRule):
    """Every situation question answered."""

    needs = ("target",)

    def refusal(self, services: KioskServices) -> str | None:  # noqa: D102 - see StepRule.refusal
        return None if services.journey.filling.situations_done() else services.t(NOT_READY)


@rule(Step.FORM)
class FillForm(StepRule):
    """Every form field valid."""

    needs = ("target",)

    def refusal(self, services: KioskServices) -> str | None:  # noqa: D102 - see StepRule.refusal
        return None if services.journey.filling.ready() else services.t(NOT_READY)


@rule(Step.MATERIALS)
class SupplyMaterials(StepRule):
    """Nothing required missing."""

    needs = ("target",)

    def refusal(self, services: KioskServices) -> str | None:  # noqa: D102 - see StepRule.refusal
        return None if services.journey.materials.ready() else services.t(NOT_READY)


@rule(Step.REVIEW)
class ReviewAndSign(StepRule):
    """Nothing to fix, and signed."""

    needs = ("target",)

    def refusal(self, services: KioskServices) -> str | None:  # noqa: D102 - see StepRule.refusal
        part = services.journey.submission
        if part.problems():
            return services.t("review.need_fix")
        if not part.has_signature():
            return services.t("review.need_signature")
        return None


@rule(Step.DELIVERY)
class ChooseDelivery(StepRule):
    """A delivery chosen and nothing left that stops the submission."""

    needs = ("target", "identity", "signature")

    def refusal(self, services: KioskServices) -> str | None:  # noqa: D102 - see StepRule.refusal
        problems = services.journey.submission.problems()
        return problems[0][1] if problems else None


@rule(Step.SUBMITTING)
class Submit(StepRule):
    """The application is in the outbox."""

    needs = ("target", "identity", "signature")

    def refusal(self, services: KioskServices) -> str | None:  # noqa: D102 - see StepRule.refusal
        return None if FACTS["submitted"](services) else services.t(NOT_READY)


@rule(Step.RECEIPT)
class TakeReceipt(StepRule):
    """The receipt of a submitted application."""

    needs = ("submitted",)


@rule(Step.RATING)
class Rate(StepRule):
    """The rating, last step of the application."""

    needs = ("submitted",)


@rule(Step.LICENCES)
class ShowLicences(StepRule):
    """The identified holder's electronic licences."""

    needs = ("identity",)
