"""Services: one class per API area, reached as attributes of :class:`~paperless_tui.client.Paperless`."""
