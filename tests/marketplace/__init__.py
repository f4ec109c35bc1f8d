"""Tests of the marketplace service (Regionales)."""
