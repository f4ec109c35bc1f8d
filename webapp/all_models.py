"""Imports every module that defines tables, so SQLModel.metadata knows the whole schema.
Service packages import their own models; webapp.services imports every service package."""

import core.audit  # noqa: F401
import core.mail  # noqa: F401
import core.models  # noqa: F401
import core.submissions  # noqa: F401
import feedback.models  # noqa: F401
import stages.models  # noqa: F401
import webapp.services  # noqa: F401
