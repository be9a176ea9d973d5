"""`paperless-tui` start-up: the command line reaches the app as it should, --demo runs a real demo server."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from paperless_tui.app import run as run_module
from paperless_tui.app.data.locations import config_file
from paperless_tui.cli import _app_parser


@pytest.fixture
def captured(monkeypatch):
    """Replace running the app with recording what it would run against."""
    calls = []

    def fake_run_app(connection, config, image_renderer):
        call = {"connection": connection, "config": config, "image_renderer": image_renderer}
        if connection.source == "demo":  # the demo server is up while the app runs, and takes the token
            response = httpx.get(
                f"{connection.url}/api/documents/?page_size=1",
                headers={"Authorization": f"Token {connection.token}"},
            )
            call["status"] = response.status_code
            call["bad_token_status"] = httpx.get(
                f"{connection.url}/api/documents/", headers={"Authorization": "Token nope"}
            ).status_code
        calls.append(call)
        return 0

    monkeypatch.setattr(run_module, "_run_app", fake_run_app)
    return calls


def parse(*argv: str):
    return _app_parser().parse_args(list(argv))


def test_demo_starts_a_server_with_a_random_token(captured):
    assert run_module.run(parse("--demo", "--image-renderer", "halfcell")) == 0
    (call,) = captured
    connection = call["connection"]
    assert connection.url.startswith("http://127.0.0.1:")
    assert len(connection.token) >= 24
    assert call["status"] == 200 and call["bad_token_status"] == 401
    assert call["image_renderer"] == "halfcell"


def test_url_and_token_reach_the_app(captured):
    assert run_module.run(parse("--url", "https://p.example/", "--token", "abc")) == 0
    connection = captured[0]["connection"]
    assert (connection.url, connection.token, connection.source) == ("https://p.example", "abc", "arguments")
    assert captured[0]["image_renderer"] == "auto"


def test_image_renderer_from_the_config_file(captured):
    config_file().write_text('image_renderer = "unicode"\n[profiles.a]\nurl = "http://a.example"\n')
    assert run_module.run(parse()) == 0
    assert captured[0]["image_renderer"] == "unicode"
    assert captured[0]["connection"].profile == "a"


def test_bad_config_is_one_line_and_exit_code_2(captured, capsys):
    config_file().write_text("theme = [")
    assert run_module.run(parse("--url", "http://x.example")) == 2
    err = capsys.readouterr().err
    assert err.startswith("paperless-tui: ") and "not valid TOML" in err
    assert "Traceback" not in err and not captured


def test_no_server_known_says_how_to_give_one(captured, capsys):
    assert run_module.run(parse()) == 2
    assert "use --demo, --url" in capsys.readouterr().err


def test_start_up_defers_heavy_imports():
    """Before the first frame: no client (pydantic models), no httpx, no textual-image (~1 s together);
    the light part of the client package (exceptions, prefetch) is fine."""
    code = (
        "import sys, paperless_tui.app.run, paperless_tui.app.application as a; "
        "heavy = ('textual_image', 'paperless_tui.client.client', 'paperless_tui.client.models', 'httpx', "
        "'pydantic'); "
        "print(sorted(m for m in heavy if m in sys.modules)); "
        "a.main_screen(); print('textual_image' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["[]", "False"]


# `run()` on a real terminal (a pty), with `App.run` replaced by a report of what was imported by then.
_RUN_ON_A_TTY = """
import sys
from textual.app import App
from paperless_tui.app import run as r
from paperless_tui.cli import _app_parser

def fake_run(self, *args, **kwargs):
    done = [t.name for t in __import__("threading").enumerate() if t.name == "terminal-probe"]
    print("textual_image" in sys.modules, "textual_image.renderable" in sys.modules, done, file=sys.stderr)

App.run = fake_run
argv = ["--url", "http://127.0.0.1:9", "--token", "t", "--image-renderer", sys.argv[1]]
sys.exit(r.run(_app_parser().parse_args(argv)))
"""


def run_on_a_tty(renderer: str, term: str = "xterm-kitty") -> str:
    import fcntl
    import os
    import pty
    import struct
    import termios

    env = {k: v for k, v in os.environ.items() if k not in ("TERM_PROGRAM", "KITTY_WINDOW_ID")}
    env["TERM"] = term

    main, child = pty.openpty()
    # A size, as every real terminal has (textual-image 0.14 divides the pixel size by it).
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    try:
        result = subprocess.run(
            [sys.executable, "-c", _RUN_ON_A_TTY, renderer],
            stdin=child,
            stdout=child,
            stderr=subprocess.PIPE,
            text=True,
            check=True,
            timeout=60,
            env=env,
        )
    finally:
        os.close(child)
        os.close(main)
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("renderer", ["halfcell", "unicode", "none"])
def test_renderers_that_need_no_terminal_query_never_import_textual_image(renderer):
    assert run_on_a_tty(renderer) == "False False []"


def test_auto_renderer_asks_the_terminal_before_the_app_runs():
    # textual-image's renderables (the terminal queries) are imported and the probe has finished
    assert run_on_a_tty("auto") == "True True []"


def test_auto_renderer_asks_nothing_of_a_terminal_without_graphics():
    # a plain xterm (or tmux, or the Linux console) gets half cells without three query timeouts
    assert run_on_a_tty("auto", term="xterm-256color") == "False False []"


@pytest.mark.parametrize(
    ("env", "likely"),
    [
        ({"TERM": "xterm-kitty"}, True),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, True),
        ({"TERM": "xterm-256color", "KONSOLE_VERSION": "230805"}, True),
        ({"TERM": "xterm-256color"}, False),
        ({"TERM": "tmux-256color"}, False),
        ({}, False),
    ],
)
def test_graphics_terminal_guess(env, likely):
    from paperless_tui.app.run import effective_renderer, graphics_terminal_likely

    assert graphics_terminal_likely(env) is likely
    assert effective_renderer("auto", env) == ("auto" if likely else "halfcell")
    assert effective_renderer("sixel", env) == "sixel"
