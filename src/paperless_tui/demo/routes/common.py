"""Request plumbing shared by every demo API view, shaped like Django REST framework on Paperless-ngx 3.0.5.

`api(...)` wraps a view: version negotiation (406), authentication (401), method check (405), body parsing
(400/415), JSON rendering and compression, the `Allow`/`X-Api-Version`/`X-Version` headers, and a plain
HTML 500 page for anything unexpected (never a traceback).
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import zstandard

try:  # optional speed-up, not a dependency
    import orjson
except ImportError:  # pragma: no cover - depends on the environment
    orjson = None  # type: ignore[assignment]
from starlette.requests import Request
from starlette.responses import Response

log = logging.getLogger("paperless_tui.demo")

API_VERSION = 10
SERVER_VERSION = "3.0.5"
ALLOWED_VERSIONS = (9, 10)
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100000
SERVER_ERROR_HTML = (
    '\n<!doctype html>\n<html lang="en">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n'
    "  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n"
)
NOT_FOUND_HTML = (
    '\n<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n'
    "  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n"
)
_METHOD_ORDER = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_ZSTD = zstandard.ZstdCompressor(level=3)
COMPRESS_MIN = 200


class ApiError(Exception):
    """Raised by views to answer with a given status and body (JSON by default, or plain text/html)."""

    def __init__(self, status: int, body: Any, *, text: bool = False, headers: dict[str, str] | None = None):
        super().__init__(status, body)
        self.status = status
        self.body = body
        self.text = text
        self.headers = headers or {}


def not_found(model: str | None = "Document") -> ApiError:
    if model is None:
        return ApiError(404, {"detail": "Not found."})
    return ApiError(404, {"detail": f"No {model} matches the given query."})


def field_error(name: str, message: str | list[Any] | dict[str, Any]) -> ApiError:
    return ApiError(400, {name: message if isinstance(message, list | dict) else [message]})


def dumps(data: Any) -> bytes:
    """Compact UTF-8 JSON as DRF renders it; orjson when it is installed (same output, faster)."""
    if orjson is not None:
        try:
            return orjson.dumps(data)
        except TypeError:  # e.g. an integer beyond 64 bits: the standard encoder copes
            pass
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def compress(request: Request, body: bytes, headers: dict[str, str]) -> bytes:
    """zstd if the client offers it, else gzip, as the real server's compression middleware."""
    if len(body) < COMPRESS_MIN:
        return body
    offered = request.headers.get("accept-encoding", "").lower()
    tokens = {part.split(";")[0].strip() for part in offered.split(",")}
    if "zstd" in tokens:
        headers["content-encoding"] = "zstd"
        return _ZSTD.compress(body)
    if "gzip" in tokens:
        headers["content-encoding"] = "gzip"
        return gzip.compress(body, compresslevel=5, mtime=0)
    return body


def json_response(
    request: Request, data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    hdrs = dict(headers or {})
    hdrs["vary"] = "Accept, Accept-Language, origin, Cookie, Accept-Encoding"
    body = compress(request, dumps(data), hdrs)
    return Response(body, status_code=status, headers=hdrs, media_type="application/json")


def text_response(
    request: Request, text: str, status: int, headers: dict[str, str] | None = None
) -> Response:
    hdrs = dict(headers or {})
    body = compress(request, text.encode(), hdrs)
    return Response(body, status_code=status, headers=hdrs, media_type="text/html; charset=utf-8")


@dataclass
class Req:
    """What a view gets: the request, the app state, the user, the negotiated version and parsed input."""

    request: Request
    state: Any
    user: dict[str, Any] | None = None
    version: int = API_VERSION
    _body: Any = field(default=None)

    @property
    def store(self) -> Any:
        return self.state.store

    @property
    def query(self) -> Any:
        return self.request.query_params

    def path_int(self, name: str = "id", model: str | None = "Document") -> int:
        """A numeric path parameter; a non-numeric value answers `404 {"detail": "Not found."}`."""
        raw = self.request.path_params.get(name, "")
        if not str(raw).isdigit() or len(str(raw)) > 18:
            raise not_found(None)
        return int(raw)

    @property
    def uid(self) -> int:
        return int(self.user["id"]) if self.user else 0

    @property
    def is_superuser(self) -> bool:
        return bool(self.user and self.user.get("is_superuser"))

    def group_ids(self) -> list[int]:
        return list(self.user.get("groups") or []) if self.user else []

    def has_perm(self, codename: str) -> bool:
        if self.is_superuser:
            return True
        if not self.user:
            return False
        perms = set(self.user.get("user_permissions") or [])
        groups = self.store.objects("groups")
        for gid in self.group_ids():
            perms.update((groups.get(gid) or {}).get("permissions") or [])
        return codename in perms

    async def data(self, *, multipart_only: bool = False) -> Any:
        """Parsed body: JSON, form or multipart (files kept as UploadFile); 400/415 as DRF does."""
        if self._body is not None:
            return self._body
        ctype = self.request.headers.get("content-type", "")
        media = ctype.split(";")[0].strip().lower()
        raw = await self.request.body()
        if multipart_only and media != "multipart/form-data":
            raise ApiError(415, {"detail": f'Unsupported media type "{media or ctype}" in request.'})
        if not raw and not media:
            self._body = {}
        elif media == "application/json" or media.endswith("+json"):
            try:
                self._body = json.loads(raw.decode("utf-8")) if raw.strip() else None
            except (ValueError, UnicodeDecodeError, RecursionError) as exc:
                msg = str(exc) if isinstance(exc, json.JSONDecodeError) else "Invalid UTF-8"
                raise ApiError(400, {"detail": f"JSON parse error - {msg}"}) from None
            if self._body is None and not raw.strip():
                raise ApiError(
                    400, {"detail": "JSON parse error - Expecting value: line 1 column 1 (char 0)"}
                )
        elif media in ("application/x-www-form-urlencoded", "multipart/form-data"):
            try:
                form = await self.request.form(max_files=10, max_fields=1000)
            except Exception:  # malformed multipart: DRF answers 400
                raise ApiError(
                    400, {"detail": "Multipart form parse error - Invalid boundary in multipart: None"}
                ) from None
            multi: dict[str, Any] = {}
            for key, value in form.multi_items():
                multi.setdefault(key, []).append(value)
            self._body = FormData(multi)
        else:
            raise ApiError(415, {"detail": f'Unsupported media type "{media or ctype}" in request.'})
        return self._body

    async def json_object(self) -> dict[str, Any]:
        """Body that must be an object (DRF serializers): a list or scalar is a 400 non_field_errors."""
        data = await self.data()
        if isinstance(data, FormData):
            return data.as_dict()
        if not isinstance(data, dict):
            raise ApiError(
                400,
                {
                    "non_field_errors": [
                        f"Invalid data. Expected a dictionary, but got {type(data).__name__}."
                    ]
                },
            )
        return data


class FormData(dict[str, list[Any]]):
    """A form/multipart body: every key keeps its list of values (`tags` may repeat)."""

    def first(self, key: str, default: Any = None) -> Any:
        values = self.get(key)
        return values[0] if values else default

    def as_dict(self) -> dict[str, Any]:
        return {k: (v[0] if len(v) == 1 else v) for k, v in self.items()}


def allow_header(methods: tuple[str, ...]) -> str:
    allowed = set(methods) | {"OPTIONS"}
    if "GET" in allowed:
        allowed.add("HEAD")
    return ", ".join(m for m in _METHOD_ORDER if m in allowed)


_VERSION_RE = re.compile(r"version\s*=\s*([^;,\s]*)", re.IGNORECASE)


_RENDERABLE = ("*/*", "application/*", "application/json", "text/*", "text/html")


def negotiate_version(request: Request) -> int:
    accept = request.headers.get("accept", "")
    ranges = [part.split(";")[0].strip().lower() for part in accept.split(",") if part.strip()]
    if ranges and not any(r in _RENDERABLE or r.endswith("+json") for r in ranges):
        raise ApiError(406, {"detail": "Could not satisfy the request Accept header."})
    match = _VERSION_RE.search(accept)
    if not match:
        return API_VERSION
    value = match.group(1).strip("\"'")
    if value not in {str(v) for v in ALLOWED_VERSIONS}:
        raise ApiError(406, {"detail": 'Invalid version in "Accept" header.'})
    return int(value)


def authenticate(request: Request, state: Any) -> dict[str, Any]:
    header = request.headers.get("authorization", "")
    scheme, _, cred = header.strip().partition(" ")
    scheme = scheme.lower()
    cred = cred.strip()
    users = state.store.objects("users")
    if scheme == "token":
        if not cred or " " in cred:
            reason = "No credentials provided." if not cred else "Token string should not contain spaces."
            raise ApiError(
                401, {"detail": f"Invalid token header. {reason}"}, headers={"www-authenticate": "Token"}
            )
        token = state.store.object_by_key("tokens", cred)
        user = users.get(token["user"]) if token else None
        if user is None or not user.get("is_active", True):
            raise ApiError(401, {"detail": "Invalid token."}, headers={"www-authenticate": "Token"})
        return user
    if scheme == "basic":
        basic = {"www-authenticate": 'Basic realm="api"'}
        try:
            decoded = base64.b64decode(cred, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise ApiError(
                401,
                {"detail": "Invalid basic header. Credentials not correctly base64 encoded."},
                headers=basic,
            ) from None
        username, sep, password = decoded.partition(":")
        user = find_user(state, username, password) if sep else None
        if user is None:
            raise ApiError(401, {"detail": "Invalid username/password."}, headers=basic)
        return user
    raise ApiError(
        401,
        {"detail": "Authentication credentials were not provided."},
        headers={"www-authenticate": "Token"},
    )


def find_user(state: Any, username: str, password: str) -> dict[str, Any] | None:
    for user in state.store.objects("users").values():
        if (
            user.get("username") == username
            and user.get("password") == password
            and user.get("is_active", True)
        ):
            return user
    return None


View = Callable[[Req], Awaitable[Any]]


def api(
    *methods: str, public: bool = False, name: str = ""
) -> Callable[[View], Callable[[Request], Awaitable[Response]]]:
    """Wrap a view for the given HTTP methods (HEAD/OPTIONS added as DRF does)."""
    allow = allow_header(methods)

    def deco(view: View) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            state = request.app.state.demo
            req = Req(request, state)
            authed = False
            try:
                req.version = negotiate_version(request)
                if not public:
                    req.user = authenticate(request, state)
                    authed = True
                method = request.method.upper()
                if method == "OPTIONS":
                    response: Response = json_response(
                        request,
                        {
                            "name": name or view.__name__.replace("_", " ").title(),
                            "description": "",
                            "renders": ["application/json", "text/html"],
                            "parses": [
                                "application/json",
                                "application/x-www-form-urlencoded",
                                "multipart/form-data",
                            ],
                        },
                    )
                elif method not in methods and not (method == "HEAD" and "GET" in methods):
                    raise ApiError(405, {"detail": f'Method "{_safe_method(method)}" not allowed.'})
                else:
                    result = await view(req)
                    response = result if isinstance(result, Response) else json_response(request, result)
            except ApiError as err:
                response = error_response(request, err)
            except Exception:
                log.exception("demo server: unexpected error on %s %s", request.method, request.url.path)
                return Response(SERVER_ERROR_HTML, status_code=500, media_type="text/html; charset=utf-8")
            response.headers["allow"] = allow
            if authed:
                response.headers["x-api-version"] = str(API_VERSION)
                response.headers["x-version"] = SERVER_VERSION
            return response

        endpoint.__name__ = view.__name__
        return endpoint

    return deco


def _safe_method(method: str) -> str:
    return re.sub(r"[^A-Z_-]", "", method.upper())[:20]


def error_response(request: Request, err: ApiError) -> Response:
    if err.text:
        return text_response(request, str(err.body), err.status, err.headers)
    hdrs = dict(err.headers)
    hdrs["vary"] = "Accept, Accept-Language, origin, Cookie"
    return Response(dumps(err.body), status_code=err.status, headers=hdrs, media_type="application/json")


# ---------------------------------------------------------------------- pagination
def _positive_int(raw: str | None, default: int, cutoff: int | None = None) -> int:
    try:
        value = int(str(raw))
    except (TypeError, ValueError):
        return default
    if value <= 0:
        return default
    return min(value, cutoff) if cutoff else value


def page_params(req: Req) -> tuple[int, int]:
    """(page, page_size); an invalid page answers 404 "Invalid page." later when it is out of range."""
    size = _positive_int(req.query.get("page_size"), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    raw = req.query.get("page", "1")
    if raw == "last":
        return -1, size
    try:
        page = int(raw)
    except ValueError:
        raise ApiError(404, {"detail": "Invalid page."}) from None
    if page < 1:
        raise ApiError(404, {"detail": "Invalid page."})
    return page, size


def resolve_page(page: int, size: int, count: int) -> int:
    pages = max(1, -(-count // size))
    if page == -1:
        return pages
    if page > pages:
        raise ApiError(404, {"detail": "Invalid page."})
    return page


def page_url(req: Req, page: int | None) -> str:
    params = [(k, v) for k, v in req.query.multi_items() if k != "page"]
    if page is not None and page > 1:
        params.append(("page", str(page)))
    params.sort(key=lambda kv: kv[0])
    base = str(req.request.base_url).rstrip("/") + req.request.url.path
    query = urlencode(params)
    return f"{base}?{query}" if query else base


def paginated(
    req: Req, count: int, page: int, size: int, results: list[Any], all_ids: list[int] | None = None
) -> dict[str, Any]:
    pages = max(1, -(-count // size))
    body: dict[str, Any] = {
        "count": count,
        "next": page_url(req, page + 1) if page < pages else None,
        "previous": page_url(req, page - 1) if page > 1 else None,
    }
    if req.version < 10 and all_ids is not None:
        body["all"] = all_ids
    body["results"] = results
    return body


def paginate_list(req: Req, items: list[Any], ids: list[int] | None = None) -> dict[str, Any]:
    page, size = page_params(req)
    page = resolve_page(page, size, len(items))
    chunk = items[(page - 1) * size : page * size]
    return paginated(
        req,
        len(items),
        page,
        size,
        chunk,
        ids if ids is not None else [i.get("id") for i in items if isinstance(i, dict)],
    )


# ---------------------------------------------------------------------- parsing helpers
def parse_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        text = str(value).strip()
        return int(text) if text.lstrip("-").isdigit() and len(text) < 19 else None
    except (TypeError, ValueError):
        return None


def parse_id_list(raw: str | None) -> list[int] | None:
    """ "1,2,3" -> [1, 2, 3]; any invalid part makes the whole filter ignored (None), as django-filter."""
    if raw is None or raw == "":
        return None
    out = []
    for part in raw.split(","):
        value = parse_int(part)
        if value is None:
            return None
        out.append(value)
    return out


def parse_bool(raw: str | None) -> bool | None:
    if raw is None:
        return None
    low = raw.strip().lower()
    if low in ("true", "1", "yes", "on"):
        return True
    if low in ("false", "0", "no", "off"):
        return False
    return None


async def json_body(req: Req) -> dict[str, Any]:
    """A JSON-object body for the document action views (form bodies are 415 there, as on the server)."""
    data = await req.data()
    if isinstance(data, FormData):
        media = req.request.headers.get("content-type", "").split(";")[0]
        raise ApiError(415, {"detail": f'Unsupported media type "{media}" in request.'})
    if not isinstance(data, dict):
        raise ApiError(400, {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]})
    return data
