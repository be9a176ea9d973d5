"""paperless-tui: a keyboard-driven terminal UI for Paperless-ngx, and the async client under it."""

__version__ = "0.1.0"
