"""Widgets of the TUI: the virtual results list and the panels of the search and document screens."""
