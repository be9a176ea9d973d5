"""Modal flows written as straight code: pickers and prompts awaited in a worker (push_screen_wait)."""
