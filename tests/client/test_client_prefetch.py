"""`client.prefetch`: one early GET with the standard library, against the demo server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import sys

from paperless_tui.client.prefetch import Prefetch, PrefetchAnswer, proxy_configured

PARAMS = {"is_in_inbox": "true", "ordering": "-created", "fields": "id,title", "page": "1", "page_size": "5"}


def test_a_good_answer(shared_demo_url: str, demo_token: str) -> None:
    prefetch = Prefetch(shared_demo_url, demo_token, "/api/documents/", PARAMS).start()
    answer = prefetch.wait(10)
    assert answer is not None and answer.status == 200
    body = answer.json()
    assert isinstance(body["count"], int) and len(body["results"]) <= 5
    assert set(body["results"][0]) == {"id", "title"}  # the parameters were sent
    assert demo_token not in repr(prefetch)


def test_a_refused_token_is_only_a_status(shared_demo_url: str) -> None:
    answer = Prefetch(shared_demo_url, "wrong", "/api/documents/", PARAMS).start().wait(10)
    assert answer is not None and answer.status == 401 and answer.json() is None


def test_nothing_listening_is_an_error_not_an_exception() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    answer = Prefetch(f"http://127.0.0.1:{port}", "t", "/api/documents/", {}).start().wait(10)
    assert answer is not None and answer.status == 0 and answer.error == "ConnectionRefusedError"


def test_no_answer_yet_is_none() -> None:
    prefetch = Prefetch("http://127.0.0.1:9", "t", "/api/documents/", {})  # never started
    assert prefetch.answer() is None


def test_bodies_that_are_not_json() -> None:
    assert PrefetchAnswer(200, b"<html>").json() is None
    assert PrefetchAnswer(200, json.dumps({"a": 1}).encode()).json() == {"a": 1}
    assert PrefetchAnswer(500, b"{}").json() is None


def test_proxies_are_recognised_in_any_case() -> None:
    assert proxy_configured({"HTTPS_PROXY": "http://proxy:3128"})
    assert proxy_configured({"all_proxy": "socks5://x"})
    assert not proxy_configured({"HTTPS_PROXY": "", "NO_PROXY": "*"})
    assert not proxy_configured({})


def test_importing_it_loads_neither_httpx_nor_pydantic_nor_textual() -> None:
    code = (
        "import sys, paperless_tui.client.prefetch, paperless_tui.client.exceptions; "
        "print([m for m in ('httpx', 'pydantic', 'textual') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_tls_trusts_what_httpx_trusts(tmp_path) -> None:
    import certifi

    from paperless_tui.client.prefetch import tls_context

    default = tls_context({})
    assert default.verify_mode == ssl.CERT_REQUIRED and default.check_hostname
    assert default.cert_store_stats()["x509_ca"] > 100  # certifi's bundle
    one = tmp_path / "one.pem"
    from pathlib import Path

    pem = Path(certifi.where()).read_text()
    one.write_text(pem[: pem.index("-----END CERTIFICATE-----") + len("-----END CERTIFICATE-----")] + "\n")
    assert tls_context({"SSL_CERT_FILE": str(one)}).cert_store_stats()["x509_ca"] == 1
