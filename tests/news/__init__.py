"""Tests of the news service."""
