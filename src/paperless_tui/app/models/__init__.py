"""Pure models of the app: results, search state, names, completion, text helpers (no Textual widgets)."""
