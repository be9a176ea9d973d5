"""Start-up work (the early first page, the paused garbage collector).

Imported only by the app and the entry point: screens never see start-up special cases.
"""
