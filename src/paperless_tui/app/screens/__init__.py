"""Screens: one file per screen or modal."""
