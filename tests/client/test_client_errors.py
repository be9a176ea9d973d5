"""Every error shape of the real server maps to one exception with status, message, request and a
one-line human text that never contains the token; plus connection errors, timeouts, malformed JSON,
retries (idempotent only) and API version negotiation."""

from __future__ import annotations

import socket

import httpx
import pytest
from recorded import BASE, TOKEN, load_sample, response_of

from paperless_tui.client import Paperless, login
from paperless_tui.client import exceptions as exc

# (sample, exception class, substring of server_message)
ERROR_SAMPLES = [
    ("auth_bad_token_401", exc.InvalidTokenError, "Invalid token."),
    ("auth_basic_bad_401", exc.InvalidTokenError, "Invalid username/password."),
    ("auth_no_credentials_401", exc.NoCredentialsError, "credentials were not provided"),
    ("auth_token_post_bad_password", exc.LoginError, "Unable to log in"),
    ("bulk_edit_invalid_method_400", exc.ValidationError, '"explode" is not a valid choice.'),
    ("bulk_edit_missing_parameters_400", exc.ValidationError, "tag not specified"),
    ("bulk_edit_nonexistent_document_400", exc.ValidationError, "Some documents"),
    ("bulk_edit_set_permissions_owner", exc.ServerError, "Server Error (500)"),
    ("document_download_missing_404", exc.NotFoundError, "Not found."),
    ("document_missing_404", exc.NotFoundError, "No Document matches the given query."),
    ("document_non_numeric_id_404", exc.NotFoundError, "Not found."),
    ("document_notes_delete_missing", exc.NotFoundError, "No Note matches"),
    ("document_notes_delete_no_id", exc.ValidationError, "This field is required."),
    ("document_notes_post_missing_note", exc.ErrorInBodyError, "Error saving note"),
    ("document_patch_duplicate_asn_400", exc.ValidationError, "archive serial number already exists"),
    ("document_patch_invalid_date_400", exc.ValidationError, "Date has wrong format"),
    ("document_patch_invalid_monetary_400", exc.ValidationError, "two-decimal number"),
    ("document_patch_invalid_select_400", exc.ValidationError, "Value must be an id"),
    ("document_patch_invalid_tag_400", exc.ValidationError, 'Invalid pk "999999"'),
    ("document_email_single_deprecated", exc.ServerError, "Server Error (500)"),
    ("document_email_single_form_body", exc.ServerError, "Error emailing documents"),
    ("document_suggestions_missing", exc.NotFoundError, "No Document matches"),
    ("document_thumb_missing_404", exc.NotFoundError, "Not found."),
    ("document_trashed_404", exc.NotFoundError, "No Document matches"),
    ("document_version_hidden_from_detail_404", exc.NotFoundError, "No Document matches"),
    ("documents_email_invalid_address_400", exc.ValidationError, "Invalid email address"),
    ("documents_email_no_mailserver", exc.ServerError, "Error emailing documents"),
    ("documents_list_custom_field_query_invalid", exc.ValidationError, "Value must be valid JSON."),
    ("documents_list_page_out_of_range_404", exc.InvalidPageError, "Invalid page."),
    ("documents_more_like_id_missing", exc.ForbiddenError, "Invalid more_like_id"),
    ("documents_search_invalid_query_0", exc.BadRequestError, "Error listing search results"),
    ("documents_search_invalid_query_1", exc.BadRequestError, "Error listing search results"),
    ("documents_search_invalid_query_2", exc.BadRequestError, "Error listing search results"),
    ("documents_search_invalid_query_3", exc.BadRequestError, "Error listing search results"),
    ("documents_search_invalid_query_4", exc.BadRequestError, "Error listing search results"),
    ("documents_search_invalid_query_6", exc.BadRequestError, "Error listing search results"),
    ("error_duplicate_tag_name_400", exc.ValidationError, "Object violates owner / name unique constraint"),
    ("error_method_not_allowed_405", exc.MethodNotAllowedError, 'Method "PUT" not allowed.'),
    ("error_non_json_body_400", exc.BadRequestError, "JSON parse error"),
    ("error_post_document_multipart_no_file_400", exc.ValidationError, "No file was submitted."),
    ("error_post_document_no_file_400", exc.UnsupportedMediaTypeError, "Unsupported media type"),
    ("error_unsupported_media_type_415", exc.UnsupportedMediaTypeError, "Unsupported media type"),
    ("search_autocomplete_no_term", exc.BadRequestError, "Term required"),
    ("search_global_too_short", exc.BadRequestError, "Query must be at least 3 characters"),
    ("tasks_run_not_allowed_400", exc.ValidationError, "cannot be manually triggered"),
    ("trash_invalid_action_400", exc.ValidationError, '"burn" is not a valid choice.'),
    ("trash_restore_invalid_400", exc.ValidationError, "have not yet been deleted"),
    ("api_root", exc.UnexpectedStatusError, ""),
]


def _client_for(handler: httpx.MockTransport | None = None, **kwargs: object) -> Paperless:
    http = httpx.AsyncClient(transport=handler, base_url=BASE)
    return Paperless(BASE, TOKEN, client=http, backoff=0.001, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "cls", "message"), ERROR_SAMPLES, ids=[e[0] for e in ERROR_SAMPLES])
async def test_error_sample_maps_to_exception(name: str, cls: type[exc.PaperlessError], message: str) -> None:
    sample = load_sample(name)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return response_of(sample)

    paperless = _client_for(httpx.MockTransport(handler), retries=0)
    method = sample["request"]["method"]
    with pytest.raises(exc.PaperlessError) as info:
        await paperless.transport.request(
            method, sample["request"]["url"], json=sample["request"].get("json")
        )
    error = info.value
    assert type(error) is cls
    assert isinstance(error, exc.ResponseError)
    assert error.status == sample["status"]
    assert message in error.server_message
    assert error.request is not None
    assert error.request.method == method
    assert error.request.url.startswith(BASE)
    assert "\n" not in error.human and error.human
    assert TOKEN not in error.human and TOKEN not in repr(error) and TOKEN not in str(error.request)
    assert len(seen) == 1  # 4xx/5xx of these kinds are not retried (POSTs never; 500 is not transient)
    await paperless.close()


def test_validation_error_keeps_field_messages() -> None:
    sample = load_sample("document_patch_invalid_tag_400")
    error = exc.ValidationError(
        "x", status=400, errors={"tags": ['Invalid pk "999999" - object does not exist.']}
    )
    assert error.errors["tags"][0].startswith("Invalid pk")
    assert sample["status"] == 400


async def test_field_map_is_kept_on_validation_errors() -> None:
    sample = load_sample("document_patch_invalid_monetary_400")
    paperless = _client_for(httpx.MockTransport(lambda _: response_of(sample)), retries=0)
    with pytest.raises(exc.ValidationError) as info:
        await paperless.transport.request("PATCH", "/api/documents/2/", json={})
    assert "custom_fields" in info.value.errors
    assert "two-decimal" in info.value.errors["custom_fields"][0]
    assert info.value.human.startswith("Invalid input: custom_fields: Must be a two-decimal")


async def test_html_500_page_is_reduced_to_its_heading() -> None:
    sample = load_sample("bulk_edit_set_permissions_owner")
    paperless = _client_for(httpx.MockTransport(lambda _: response_of(sample)), retries=0)
    with pytest.raises(exc.ServerError) as info:
        await paperless.transport.request("POST", "/api/documents/bulk_edit/", json={})
    assert info.value.server_message == "Server Error (500)"
    assert "<" not in info.value.human


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


async def test_connection_refused() -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    paperless = Paperless(url, TOKEN, retries=1, backoff=0.001, timeout=2.0)
    with pytest.raises(exc.PaperlessConnectionError) as info:
        await paperless.documents(1)
    assert info.value.status is None
    assert info.value.request is not None and info.value.request.url == f"{url}/api/documents/1/"
    assert info.value.human.startswith("Cannot reach the Paperless server")
    assert paperless.transport.requests_sent == 2  # one retry for an idempotent GET
    await paperless.close()


async def test_connection_refused_on_enter_closes_and_raises() -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(exc.PaperlessConnectionError):
        async with Paperless(url, TOKEN, retries=0, timeout=2.0):
            pass


async def test_timeout_is_retried_for_get_then_raised() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        raise httpx.ReadTimeout("timed out", request=request)

    paperless = _client_for(httpx.MockTransport(handler), retries=2)
    with pytest.raises(exc.PaperlessTimeoutError) as info:
        await paperless.tags(1)
    assert calls == ["GET", "GET", "GET"]
    assert isinstance(info.value, exc.PaperlessConnectionError)
    assert info.value.human.startswith("The Paperless server did not answer in time")


async def test_post_is_never_retried() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        if request.method == "POST":
            raise httpx.ReadTimeout("timed out", request=request)
        return httpx.Response(503, text="busy")

    paperless = _client_for(httpx.MockTransport(handler), retries=3)
    with pytest.raises(exc.PaperlessTimeoutError):
        await paperless.tags.save(paperless.tags.create(name="x"))
    assert calls == ["POST"]
    calls.clear()
    with pytest.raises(exc.ServerError):
        await paperless.tags(3)
    assert calls == ["GET"] * 4  # 503 is transient: three retries for an idempotent GET


async def test_transient_503_then_success() -> None:
    sample = load_sample("tag_detail_parent")
    responses = [httpx.Response(503, text="Service Unavailable"), response_of(sample)]

    def handler(request: httpx.Request) -> httpx.Response:
        return responses.pop(0)

    paperless = _client_for(httpx.MockTransport(handler))
    tag = await paperless.tags(2)
    assert tag.name == "Finance"
    assert paperless.transport.requests_sent == 2


@pytest.mark.parametrize(
    "body",
    [
        b'{"count": 3, "next": null, "previous": null, "results": [{"id": 1, "ti',
        b"<html>oops</html>",
        b"",
        b"nul",
    ],
    ids=["truncated", "html", "empty", "garbage"],
)
async def test_malformed_json_is_an_error_not_an_empty_list(body: bytes) -> None:
    paperless = _client_for(
        httpx.MockTransport(
            lambda _: httpx.Response(200, headers={"content-type": "application/json"}, content=body)
        )
    )
    with pytest.raises(exc.MalformedJsonError) as info:
        await paperless.documents.page(1)
    assert info.value.status == 200
    assert info.value.request is not None and "/api/documents/" in info.value.request.url
    with pytest.raises(exc.MalformedJsonError):
        [d async for d in paperless.tags]


async def test_wrong_shape_is_an_invalid_response() -> None:
    paperless = _client_for(
        httpx.MockTransport(lambda _: httpx.Response(200, json={"results": [{"title": "x"}]}))
    )
    with pytest.raises(exc.InvalidResponseError) as info:
        await paperless.documents.page(1)
    assert "results.0.id" in info.value.server_message


async def test_406_downgrades_to_v9_once() -> None:
    accepts: list[str] = []
    v9_list = load_sample("tasks_list_v9_legacy")

    def handler(request: httpx.Request) -> httpx.Response:
        accept = request.headers["accept"]
        accepts.append(accept)
        if "version=10" in accept:
            return httpx.Response(406, json={"detail": 'Invalid version in "Accept" header.'})
        return httpx.Response(
            200, headers={"x-api-version": "9", "x-version": "2.15.3"}, json=v9_list["body"]
        )

    paperless = _client_for(httpx.MockTransport(handler))
    tasks = [t async for t in paperless.tasks]
    assert accepts == ["application/json; version=10", "application/json; version=9"]
    assert paperless.api_version == 9 and paperless.server_version == "2.15.3"
    assert tasks and tasks[0].status == "PENDING" and tasks[0].task_type == "reprocess_document"


async def test_406_from_a_server_that_refuses_9_too() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(406, json={"detail": 'Invalid version in "Accept" header.'})

    paperless = _client_for(httpx.MockTransport(handler))
    with pytest.raises(exc.VersionNotAcceptedError) as info:
        await paperless.tags(1)
    assert info.value.status == 406


async def test_x_api_version_header_is_read() -> None:
    sample = load_sample("document_detail")
    paperless = _client_for(httpx.MockTransport(lambda _: response_of(sample)))
    await paperless.documents(1)
    assert paperless.api_version == 10 and paperless.server_version == "3.0.5"


async def test_token_is_sent_as_header_and_never_in_urls() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(401, json={"detail": "Invalid token."})

    paperless = _client_for(httpx.MockTransport(handler))
    with pytest.raises(exc.InvalidTokenError) as info:
        await paperless.documents(1)
    assert seen[0].headers["authorization"] == f"Token {TOKEN}"
    assert TOKEN not in str(seen[0].url)
    assert TOKEN not in repr(paperless) and TOKEN not in repr(paperless.transport)
    assert TOKEN not in info.value.human


async def test_login_returns_token_and_maps_bad_password() -> None:
    good = load_sample("auth_token_post_json")
    bad = load_sample("auth_token_post_bad_password")
    bodies: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(request.content)
        return response_of(good if b'"admin"' in request.content else bad)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url=BASE)
    assert await login(BASE, "admin", "admin", client=http) == good["body"]["token"]
    with pytest.raises(exc.LoginError) as info:
        await login(BASE, "mallory", "guess", client=http)
    assert "Unable to log in" in info.value.human
    assert b"guess" not in info.value.human.encode()


async def test_task_not_found() -> None:
    sample = load_sample("tasks_by_unknown_task_id")
    paperless = _client_for(httpx.MockTransport(lambda _: response_of(sample)))
    with pytest.raises(exc.TaskNotFoundError):
        await paperless.tasks("00000000-0000-0000-0000-000000000000")
