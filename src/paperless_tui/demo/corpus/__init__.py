"""Static corpus of the demo archive: metadata tables (entities) and text builders (texts)."""
