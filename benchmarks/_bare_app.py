"""The yardstick of the start-up benchmark: the smallest Textual app with a Header and a Footer.

Run in the same pseudo-terminal, by the same interpreter, as paperless-tui; `ctrl+q` quits.
"""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header


class BareApp(App[None]):
    TITLE = "Bare Textual"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
