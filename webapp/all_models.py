"""Imports every module that defines tables, so SQLModel.metadata knows the whole schema.
Service packages import their own models; the registry imports every service package."""

import core.audit  # noqa: F401
import core.models  # noqa: F401
import feedback.models  # noqa: F401
import stages.models  # noqa: F401
import stages.registry  # noqa: F401
