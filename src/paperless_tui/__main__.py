"""Allows `python -m paperless_tui`."""

from paperless_tui.cli import main

raise SystemExit(main())
