"""Tests of the directory service."""
