"""The app as its screens and widgets see it: typed, and with one route for worker failures.

`AppScreen` and `AppWidget` know `self.app` as the real `PaperlessApp` (Textual's `getters.app`), so
mypy checks every use of the app's surface (client, names, state, config) and a rename cannot break
one silently. Both carry `WorkerErrors`: a worker of theirs that fails (every worker is started with
`exit_on_error=False`) is handed to `PaperlessApp.worker_failed`, the one place failures become an
in-app message. A test checks that every class with a worker has it.
"""

from __future__ import annotations

from typing import TypeVar

from textual import events, getters
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from paperless_tui.app.application import PaperlessApp

ResultType = TypeVar("ResultType")


class WorkerErrors:
    """Mixed into every node that runs workers: a failed worker goes to the app's one error route."""

    def _on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            app = event.worker.node.app
            if isinstance(app, PaperlessApp):
                app.worker_failed(event.worker)


class AppScreen(WorkerErrors, Screen[ResultType]):
    """A screen of this app."""

    app = getters.app(PaperlessApp)
    _resumed = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler. The first resume is the push: every node was styled as it
        # mounted, and Textual would style them all again (a third of the time to a document's first
        # frame). Later resumes keep Textual's choice.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False


class AppWidget(WorkerErrors, Widget):
    """A widget of this app that runs workers of its own."""

    app = getters.app(PaperlessApp)
