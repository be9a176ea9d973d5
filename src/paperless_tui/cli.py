"""Command line: `paperless-tui [--demo | --url URL --token T | --profile NAME]`, `paperless-tui demo-server`,
`paperless-tui upload FILE... [--title T] [--tag NAME]... [--correspondent NAME] [--type NAME] [--wait]`.

These command lines are a promise other tools rely on; keep them exactly.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

IMAGE_RENDERERS = ("auto", "kitty", "sixel", "halfcell", "unicode", "none")


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paperless-tui",
        description="A keyboard-driven terminal UI for Paperless-ngx. "
        "Run `paperless-tui demo-server --help` for the built-in demo server, "
        "`paperless-tui upload --help` to upload files from the shell.",
    )
    parser.add_argument("--demo", action="store_true", help="open the built-in demo archive (no set-up)")
    parser.add_argument("--url", help="Paperless-ngx URL (or PAPERLESS_URL)")
    parser.add_argument("--token", help="API token (or PAPERLESS_TOKEN)")
    parser.add_argument("--profile", help="named profile from the config file")
    parser.add_argument(
        "--image-renderer",
        choices=IMAGE_RENDERERS,
        default="auto",
        help="how thumbnails and previews are drawn (default: auto-detect)",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    return parser


def _demo_server_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paperless-tui demo-server",
        description="Serve a Paperless-ngx 3.0.5-compatible demo archive over HTTP.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--token", default="demo-token", help="API token the server accepts")
    parser.add_argument("--docs", type=int, default=None, help="number of documents to generate")
    parser.add_argument("--data", default=None, help="folder that keeps the archive across restarts")
    parser.add_argument("--seed", type=int, default=None, help="seed for the generated archive")
    parser.add_argument(
        "--fail-rate", type=float, default=0.0, help="fraction of requests that fail (5xx/reset)"
    )
    parser.add_argument("--latency", type=float, default=0.0, help="added delay per request, in milliseconds")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["demo-server"]:
        ns = _demo_server_parser().parse_args(args_list[1:])
        from paperless_tui.demo.serve import serve

        return serve(ns)
    if args_list[:1] == ["upload"]:
        from paperless_tui.app.upload_command import main as upload

        return upload(args_list[1:])
    ns = _app_parser().parse_args(args_list)
    if ns.version:
        from paperless_tui import __version__

        print(f"paperless-tui {__version__}")
        return 0
    from paperless_tui.app.startup import collector as startup_gc

    startup_gc.pause()  # until the first results are on screen: see app/startup/collector.py
    from paperless_tui.app.run import run

    return run(ns)
