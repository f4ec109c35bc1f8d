"""Imports every module that defines tables, so SQLModel.metadata knows the whole schema."""

import stages.models  # noqa: F401
import webapp.models  # noqa: F401
