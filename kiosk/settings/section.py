"""Base class for one ``[section]`` of kiosk.toml: unknown keys are errors, every key has a description."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Section(BaseModel):
    """A configuration table; subclasses declare fields with ``Field(default, description=...)``."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)
