"""Contract test: the demo server against the recorded real Paperless-ngx 3.0.5 and its OpenAPI schema.

Every recorded request in `shared/paperless-api/samples/` is replayed against the in-process demo app
(httpx.ASGITransport), with the real archive's ids mapped to ids of the demo archive (see `IdMap`). The
answer must match the recording in status, content type, the headers that matter (X-Api-Version,
X-Version, WWW-Authenticate, Content-Disposition, ETag/Last-Modified presence, Location) and body shape
(key sets and value types; binary bodies by their magic bytes; short text bodies verbatim). It is also
validated against `openapi.json` with openapi-core: the demo may deviate from the schema only where the
real server itself deviates (the real recording is validated the same way and its deviations allowed).

Samples the demo server deliberately does not reproduce are listed in `NOT_REPRODUCED` with the reason.
"""

from __future__ import annotations

import ast
import base64
import json
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import pytest

from paperless_tui.demo.generate import DemoArchive, generate_archive
from paperless_tui.demo.render import render_original

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "paperless-api"
SAMPLES = SHARED / "samples"
pytestmark = pytest.mark.skipif(
    not (SHARED / "openapi.json").is_file(),
    reason=f"the recorded API ({SHARED}) is not beside the checkout; CI puts shared/ next to it",
)

TOKEN = "contract-token"
DOCS = 250
SEED = 1
BASE = "http://testserver"

# Samples that are records, not request/response pairs, or that the demo deliberately does not reproduce.
NOT_REPRODUCED: dict[str, str] = {
    "timings": "latency figures of the real server; compared by benchmarks/, not by a test",
    "server_created_date_misparse": "a date-parsing accident of the real archive's import, not an API answer",
    "api_version_headers": "a table of cases, replayed by test_api_version_negotiation",
    "documents_list_filters_summary": "a table of filter cases, replayed by test_document_filters_answer",
}

# Requests whose body the recording shows as text: the content type the capture sent.
FORM = "application/x-www-form-urlencoded"
BODY_CONTENT_TYPES = {
    "auth_token_post_bad_password": FORM,
    "document_email_single_form_body": FORM,
    "error_non_json_body_400": "application/json",
    "error_post_document_no_file_400": FORM,
    "error_unsupported_media_type_415": "text/plain",
}
# How the capture authenticated (default: admin's token).
AUTH: dict[str, tuple[str, ...] | None] = {
    "auth_bad_token_401": ("token", "not-a-valid-token"),
    "auth_basic_bad_401": ("basic", "admin", "wrong-password"),
    "auth_basic_ok": ("basic", "admin", "admin"),
    "auth_no_credentials_401": None,
    "auth_token_post_bad_password": None,
    "auth_token_post_json": None,
    "share_public_download_noauth": None,
    "share_public_invalid_slug": None,
}
ACCEPT = {"tasks_list_v9_legacy": "application/json; version=9"}
# Keys whose values are data-dependent maps or free JSON: only their JSON kind is compared.
OPAQUE_KEYS = {
    "changes",
    "input_data",
    "result_data",
    "overrides",
    "extra_data",
    "original_metadata",
    "archive_metadata",
    "display_fields",
}
# Keys whose values legitimately take any JSON kind (a custom field's value depends on the field's type).
ANY_KIND_KEYS = {"value"}
# Recordings whose lists are filled only because of the real archive's history (the demo may answer empty).
DUPLICATES = "duplicate_documents comes from a duplicate upload: see test_duplicate_upload"
MAY_BE_EMPTY: dict[str, str] = {
    "document_detail_after_upload": DUPLICATES,
    "document_duplicate_documents_field": DUPLICATES,
}
# Recordings taken right after another recorded request: that request is replayed first (on a fresh app).
PRECEDED_BY = {
    "bulk_edit_set_permissions_result": "bulk_edit_set_permissions",
    "documents_reprocess_task_result": "documents_reprocess_endpoint",
    "bulk_edit_result_check_doc": "bulk_edit_modify_custom_fields",
}
TRIMMED = re.compile(r"^\.\.\. \(\d+ more items trimmed\)$")
BINARY = re.compile(r"^<binary (\d+) bytes, first bytes (b'.*')>$", re.S)
HEADERS_EQUAL = ("x-api-version", "x-version", "www-authenticate", "location")
HEADERS_PRESENT = ("etag", "last-modified")


def load_samples() -> dict[str, dict[str, Any]]:
    if not SAMPLES.is_dir():
        return {}
    return {path.stem: json.loads(path.read_text()) for path in sorted(SAMPLES.glob("*.json"))}


ALL_SAMPLES = load_samples()
REPLAYABLE = sorted(
    name
    for name, s in ALL_SAMPLES.items()
    if isinstance(s.get("request"), dict) and s["request"].get("method")
)


# ---------------------------------------------------------------- id mapping


def _real_names(sample: str) -> dict[int, str]:
    body = ALL_SAMPLES.get(sample, {}).get("body") or {}
    return {r["id"]: r["name"] for r in body.get("results", []) if isinstance(r, dict)}


@dataclass
class IdMap:
    """Real archive ids (as recorded) -> ids of the demo archive with the same role."""

    archive: DemoArchive
    docs: dict[int, int] = field(default_factory=dict)
    tags: dict[int, int] = field(default_factory=dict)
    correspondents: dict[int, int] = field(default_factory=dict)
    document_types: dict[int, int] = field(default_factory=dict)
    storage_paths: dict[int, int] = field(default_factory=dict)
    users: dict[int, int] = field(default_factory=dict)
    notes: dict[int, int] = field(default_factory=dict)
    tasks: dict[int, int] = field(default_factory=dict)
    strings: dict[str, str] = field(default_factory=dict)  # select option ids, task uuids, share slugs
    live_doc: int = 0
    free_asn: int = 0
    taken_asn: int = 0

    def swap_strings(self, text: str) -> str:
        for real, demo in self.strings.items():
            text = text.replace(real, demo)
        return text

    @classmethod
    def build(cls, archive: DemoArchive) -> IdMap:
        ids = cls(archive)
        docs = archive.documents
        live = [d for d in docs if d["deleted_at"] is None and d["root_document"] is None and d["owner"] == 1]
        versions = [d for d in docs if d["root_document"] is not None]
        note_count: dict[int, int] = {}
        for note in archive.notes:
            note_count[note["document"]] = note_count.get(note["document"], 0) + 1
        noted = {doc_id for doc_id, count in note_count.items() if count >= 2}
        shared = {s["document"] for s in archive.share_links}
        fields_of = {d["id"]: {cf["field"] for cf in d["custom_fields"]} for d in docs}
        used: set[int] = set()

        def pick(candidates: list[dict[str, Any]], score: Any = lambda d: 0) -> int:
            pool = [d for d in candidates if d["id"] not in used] or candidates
            best = max(pool, key=lambda d: (score(d), -d["id"]))
            used.add(best["id"])
            return best["id"]

        born_digital = [
            d for d in live if d["mime_type"] == "application/pdf" and not d["has_archive_version"]
        ]
        pdf = pick(
            born_digital,
            lambda d: (
                (d["id"] in noted) * 4
                + (d["id"] in shared) * 2
                + bool(d["custom_fields"])
                + (d["archive_serial_number"] is not None)
            ),
        )
        ids.docs[1] = pdf
        matchable = {c["id"] for c in archive.correspondents if c["matching_algorithm"] in (1, 3)}
        ids.docs[2] = pick(
            [d for d in born_digital if d["archive_serial_number"] in (None, 1002)],
            lambda d: (
                (d["id"] in note_count) * 2
                + bool(d["custom_fields"])
                + (d["correspondent"] in matchable)
                + ("IBAN" in d["content"]) * 2  # the Banking tag's match word: tag suggestions are not empty
            ),
        )
        if versions:
            ids.docs[20] = versions[0]["root_document"]
            used.add(ids.docs[20])
            ids.docs[116] = ids.docs[117] = versions[0]["id"]
        ids.docs[21] = pick([d for d in live if d["mime_type"] == "image/png"])
        trashed = [d for d in docs if d["deleted_at"] and d["owner"] == 1]
        ids.docs[22] = ids.docs[84] = ids.docs[85] = trashed[0]["id"]
        ids.docs[10] = pick(live, lambda d: len(fields_of[d["id"]] & {6, 8, 10}))
        ids.docs[11] = pick(live, lambda d: len(fields_of[d["id"]] & {4, 9}))
        for real in (3, 4, 5, 9, 13, 14, 17, 18, 23, 119, 121, 122):
            ids.docs[real] = pick(born_digital)
        ids.live_doc = pick(born_digital)

        for real, name in _real_names("tags_list_full").items():
            ids.tags[real] = next(
                (t["id"] for t in archive.tags if t["name"] == name), archive.tags[-1]["id"]
            )
        for attr, sample, objects in (
            ("correspondents", "correspondents_list_full", archive.correspondents),
            ("document_types", "document_types_list_full", archive.document_types),
            ("storage_paths", "storage_paths_list_full", archive.storage_paths),
        ):
            by_name = {o["name"].lower(): o["id"] for o in objects}
            for position, (real, name) in enumerate(sorted(_real_names(sample).items())):
                getattr(ids, attr)[real] = by_name.get(name.lower(), objects[position % len(objects)]["id"])
        ids.users = {2: 1, 3: 2}
        ids.tasks = {1: next(t["id"] for t in archive.tasks if not t["acknowledged"])}

        pdf_notes = [n["id"] for n in archive.notes if n["document"] == pdf]
        ids.notes = {5: pdf_notes[0]} if pdf_notes else {}
        real_options = next(
            (
                f["extra_data"]["select_options"]
                for f in ALL_SAMPLES["custom_fields_list_full"]["body"]["results"]
                if isinstance(f, dict) and f["data_type"] == "select"
            ),
            [],
        )
        demo_options = {
            o["label"]: o["id"]
            for f in archive.custom_fields
            if f["data_type"] == "select"
            for o in f["extra_data"]["select_options"]
        }
        for option in real_options:
            if option["label"] in demo_options:
                ids.strings[option["id"]] = demo_options[option["label"]]
        consumed = [t for t in archive.tasks if t["task_type"] == "consume_file" and t["status"] == "success"]
        rotation = next(
            (t for t in consumed if t["related_document_ids"] == [ids.docs.get(117)]), consumed[-1]
        )
        for sample in (
            "tasks_by_task_id",
            "tasks_by_task_id_after_upload",
            "tasks_duplicate_upload_result",
            "documents_merge_task_result",
            "documents_rotate_task_result",
        ):
            query = dict(parse_qsl(urlsplit(ALL_SAMPLES[sample]["request"]["url"]).query))
            chosen = rotation if sample == "documents_rotate_task_result" else consumed[-1]
            ids.strings[query["task_id"]] = chosen["task_id"]
        public = next(s for s in archive.share_links if s["expiration"] is None)
        ids.strings[
            urlsplit(ALL_SAMPLES["share_public_download_noauth"]["request"]["url"]).path.split("/")[-1]
        ] = public["slug"]
        asns = [d["archive_serial_number"] for d in docs if d["archive_serial_number"] is not None]
        ids.free_asn = max(asns) + 1
        ids.taken_asn = next(
            a
            for a in asns
            if a != next((d["archive_serial_number"] for d in docs if d["id"] == ids.docs[2]), None)
        )
        return ids


# per-sample overrides of the document map: these samples need a live document where the real one was live
DOC_OVERRIDES = {
    "bulk_edit_delete_legacy": {84: "live"},
    "documents_delete_endpoint": {85: "live"},
    "documents_delete_to_trash": {22: "live"},
}
RENAME_ON_CREATE = {
    "correspondents_create",
    "custom_fields_create_monetary",
    "custom_fields_create_select",
    "custom_fields_create_string",
    "document_types_create",
    "storage_paths_create",
    "tags_create_inbox",
    "tags_create_nested",
}


def adapt(name: str, ids: IdMap) -> tuple[str, Any]:
    """The sample's URL and JSON body with real ids replaced by demo ids."""
    request = ALL_SAMPLES[name]["request"]
    docs = dict(ids.docs)
    for real, role in DOC_OVERRIDES.get(name, {}).items():
        docs[real] = ids.live_doc if role == "live" else docs[real]

    def doc(value: Any) -> Any:
        return docs.get(value, value) if isinstance(value, int) else value

    parts = urlsplit(request["url"])
    path = parts.path
    if m := re.match(r"^/api/documents/(\d+)/", path):
        path = f"/api/documents/{doc(int(m[1]))}/" + path[m.end() :]
    elif m := re.match(r"^/api/tags/(\d+)/", path):
        path = f"/api/tags/{ids.tags.get(int(m[1]), int(m[1]))}/" + path[m.end() :]
    elif path.startswith("/share/"):
        slug = path.removeprefix("/share/")
        path = "/share/" + ids.strings.get(slug, slug)
    query = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key in ("version", "more_like_id") and value.isdigit():
            value = str(doc(int(value)))
        elif key == "id" and path.endswith("/notes/") and value.isdigit():
            value = str(ids.notes.get(int(value), int(value)))
        for real, demo in ids.strings.items():
            value = value.replace(real, demo)
        query.append((key, value))
    url = path + (f"?{urlencode(query)}" if query else "")

    def walk(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            out = {k: walk(v, k) for k, v in value.items()}
            if name == "bulk_edit_objects_set_permissions" and "objects" in out:
                out["objects"] = [ids.tags.get(o, o) for o in value["objects"]]
            return out
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        if not isinstance(value, int) or isinstance(value, bool):
            return value
        table = {
            "documents": docs,
            "document": docs,
            "metadata_document_id": docs,
            "tag": ids.tags,
            "add_tags": ids.tags,
            "remove_tags": ids.tags,
            "parent": ids.tags,
            "correspondent": ids.correspondents,
            "document_type": ids.document_types,
            "storage_path": ids.storage_paths,
            "owner": ids.users,
            "users": ids.users,
            "tasks": ids.tasks,
        }.get(key)
        if key == "archive_serial_number":
            return ids.taken_asn
        return table.get(value, value) if table is not None else value

    body = walk(request["json"]) if "json" in request else None
    if name in RENAME_ON_CREATE and isinstance(body, dict):
        body["name"] = f"{body['name']} (contract)"
    return url, body


# ---------------------------------------------------------------- comparisons


def kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "list" if isinstance(value, list) else "object"


def shape_differences(expected: Any, actual: Any, where: str = "$", key: str = "") -> list[str]:
    """Key-set and value-type differences between a recorded body and the demo's (None matches anything)."""
    if expected is None or actual is None or key in ANY_KIND_KEYS:
        return []
    if kind(expected) != kind(actual):
        return [f"{where}: {kind(actual)} instead of {kind(expected)}"]
    if key in OPAQUE_KEYS:
        return []
    if isinstance(expected, dict):
        problems = []
        missing, extra = expected.keys() - actual.keys(), actual.keys() - expected.keys()
        if missing:
            problems.append(f"{where}: missing keys {sorted(missing)}")
        if extra:
            problems.append(f"{where}: unexpected keys {sorted(extra)}")
        for k in expected.keys() & actual.keys():
            problems += shape_differences(expected[k], actual[k], f"{where}.{k}", k)
        return problems
    if isinstance(expected, list):
        recorded = [e for e in expected if not (isinstance(e, str) and TRIMMED.match(e))]
        problems: list[str] = []
        for index, item in enumerate(actual[:50]):
            same_kind = [e for e in recorded if kind(e) == kind(item)] + [e for e in recorded if e is None]
            if not recorded:
                break
            if not same_kind:
                problems.append(
                    f"{where}[{index}]: {kind(item)} not among {sorted({kind(e) for e in recorded})}"
                )
                continue
            reference = same_kind[0]
            if isinstance(item, dict):
                reference = next(
                    (e for e in same_kind if isinstance(e, dict) and e.keys() == item.keys()), reference
                )
            problems += shape_differences(reference, item, f"{where}[{index}]", key)
        return problems[:10]
    return []


def header_differences(sample: dict[str, Any], response: httpx.Response) -> list[str]:
    if "headers" not in sample:  # a few recordings kept no headers
        return []
    expected = {k.lower(): v for k, v in (sample.get("headers") or {}).items()}
    problems = []
    want_type = (expected.get("content-type") or "").replace(" ", "").lower()
    got_type = (response.headers.get("content-type") or "").replace(" ", "").lower()
    if want_type and want_type != got_type:
        problems.append(f"content-type {got_type!r} instead of {want_type!r}")
    for name in HEADERS_EQUAL:
        if expected.get(name) != response.headers.get(name):
            problems.append(f"{name} {response.headers.get(name)!r} instead of {expected.get(name)!r}")
    for name in HEADERS_PRESENT:
        if (name in expected) != (name in response.headers):
            problems.append(f"{name} {'missing' if name in expected else 'unexpected'}")
    if "content-disposition" in expected:
        got = response.headers.get("content-disposition", "")
        want = expected["content-disposition"]
        if got.split(";")[0] != want.split(";")[0]:
            problems.append(f"content-disposition {got!r} instead of {want!r}")
        elif ("filename*=" in want) != ("filename*=" in got) or "filename=" not in got:
            problems.append(f"content-disposition filename parts {got!r} vs {want!r}")
        elif (
            Path(want.split('filename="')[-1].split('"')[0]).suffix
            != Path(got.split('filename="')[-1].split('"')[0]).suffix
        ):
            problems.append(f"content-disposition extension {got!r} vs {want!r}")
    elif "content-disposition" in response.headers:
        problems.append("unexpected content-disposition")
    return problems


def emptiness_differences(expected: Any, actual: Any, where: str = "$") -> list[str]:
    """A list the recording shows filled must be filled in the demo too (else its items go unchecked)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return [
            problem
            for key in expected.keys() & actual.keys()
            for problem in emptiness_differences(expected[key], actual[key], f"{where}.{key}")
        ]
    if isinstance(expected, list) and isinstance(actual, list) and expected and not actual:
        return [f"{where}: empty, the recording's list is filled"]
    return []


def body_differences(name: str, sample: dict[str, Any], response: httpx.Response, ids: IdMap) -> list[str]:
    body = sample.get("body")
    content_type = (sample.get("headers") or {}).get("content-type", "")
    if isinstance(body, str) and (m := BINARY.match(body)):
        magic = ast.literal_eval(m[2])[:4]
        return (
            []
            if response.content.startswith(magic)
            else [f"body starts {response.content[:8]!r}, not {magic!r}"]
        )
    if content_type.startswith("application/json"):
        try:
            actual = response.json()
        except ValueError:
            return [f"body is not JSON: {response.text[:120]!r}"]
        problems = shape_differences(body, actual)
        if sample["status"] >= 400 or body in ({"result": "OK"}, {"result": 1}):
            # error answers (and bare acknowledgements) are fixed texts: they must match word for word
            if actual != json.loads(ids.swap_strings(json.dumps(body))):
                problems.append(f"body {actual!r} instead of {body!r}")
        elif name not in MAY_BE_EMPTY:
            problems += emptiness_differences(body, actual)
        return problems
    if isinstance(body, str) and len(body) <= 200:
        return [] if response.text == body else [f"body {response.text[:200]!r} instead of {body!r}"]
    return []


# ---------------------------------------------------------------- OpenAPI (openapi-core)


class _Request:
    def __init__(self, method: str, url: str, body: bytes | None, content_type: str) -> None:
        from openapi_core.datatypes import RequestParameters
        from werkzeug.datastructures import Headers, ImmutableMultiDict

        parts = urlsplit(url)
        self.host_url = BASE
        self.path = parts.path
        self.method = method.lower()
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qsl(parts.query)),
            header=Headers({"Authorization": f"Token {TOKEN}"}),
            cookie=ImmutableMultiDict(),
        )
        self.body = body
        self.content_type = content_type


class _Response:
    def __init__(self, status: int, content_type: str, data: bytes, headers: dict[str, str]) -> None:
        from werkzeug.datastructures import Headers

        self.status_code = status
        self.content_type = content_type
        self.data = data
        self.headers = Headers(headers)


def _cleaned(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value if not (isinstance(v, str) and TRIMMED.match(v))]
    return value


@pytest.fixture(scope="module")
def openapi() -> Any:
    from openapi_core import Config, OpenAPI

    # The recorded schema itself breaks a rule (a default of "" under minLength 1), so skip spec validation.
    return OpenAPI.from_file_path(str(SHARED / "openapi.json"), config=Config(spec_validator_cls=None))


def schema_findings(
    openapi: Any, method: str, url: str, status: int, content_type: str, data: bytes
) -> set[str]:
    """Signatures of everything in which a response deviates from the schema (empty set: it validates)."""
    from openapi_core.validation.schemas.exceptions import InvalidSchemaValue

    try:
        openapi.validate_response(
            _Request(method, url, None, "application/json"), _Response(status, content_type, data, {})
        )
    except Exception as error:  # openapi-core raises a family of errors; each is a finding
        cause: BaseException | None = error
        while cause is not None and not isinstance(cause, InvalidSchemaValue):
            cause = cause.__cause__
        if cause is None:
            return {type(error).__name__}
        found = set()
        stack = list(cause.schema_errors)
        while stack:
            err = stack.pop()
            stack.extend(err.context or [])
            tail = [str(p) for p in err.absolute_path if not isinstance(p, int)]
            prop = err.message.split("'")[1] if err.validator == "required" else ""
            found.add(f"{tail[-1] if tail and err.validator != 'required' else ''}:{err.validator}:{prop}")
        return found
    return set()


@pytest.fixture(scope="module")
def real_findings(openapi: Any) -> dict[str, set[str]]:
    """Schema deviations of the real recordings, per sample (the demo may share them, nothing more)."""
    findings = {}
    for name in REPLAYABLE:
        sample = ALL_SAMPLES[name]
        content_type = (sample.get("headers") or {}).get("content-type", "")
        body = sample["body"]
        if content_type.startswith("application/json"):
            data = json.dumps(_cleaned(body)).encode()
        else:
            data = body.encode() if isinstance(body, str) else b""
        findings[name] = schema_findings(
            openapi,
            sample["request"]["method"],
            sample["request"]["url"],
            sample["status"],
            content_type,
            data,
        )
    return findings


# ---------------------------------------------------------------- the demo app


@pytest.fixture(scope="module")
def archive() -> DemoArchive:
    return generate_archive(seed=SEED, docs=DOCS)


@pytest.fixture(scope="module")
def ids(archive: DemoArchive) -> IdMap:
    return IdMap.build(archive)


@pytest.fixture(scope="module")
def shared_app() -> Any:
    from paperless_tui.demo.server import build_app

    return build_app(token=TOKEN, docs=DOCS, seed=SEED)


def fresh_app() -> Any:
    from paperless_tui.demo.server import build_app

    return build_app(token=TOKEN, docs=DOCS, seed=SEED)


@pytest.fixture
async def client_for() -> AsyncIterator[Any]:
    clients: list[httpx.AsyncClient] = []

    def make(app: Any) -> httpx.AsyncClient:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=BASE, follow_redirects=False
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


def auth_headers(name: str) -> dict[str, str]:
    how = AUTH.get(name, ("token", TOKEN))
    headers = {}
    if how is not None and how[0] == "token":
        headers["Authorization"] = f"Token {how[1]}"
    elif how is not None:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{how[1]}:{how[2]}".encode()).decode()
    if name in ACCEPT:
        headers["Accept"] = ACCEPT[name]
    return headers


def upload_parts(name: str, ids: IdMap, archive: DemoArchive) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Form fields and file for the multipart post_document samples."""
    form = dict(ALL_SAMPLES[name].get("request_form") or {})
    if form:
        form["correspondent"] = str(ids.correspondents.get(int(form["correspondent"]), 1))
        form["document_type"] = str(ids.document_types.get(int(form["document_type"]), 1))
        form["tags"] = [str(ids.tags.get(int(t), 1)) for t in form["tags"]]
        form["archive_serial_number"] = str(ids.free_asn)
    if name == "error_post_document_multipart_no_file_400":
        return {"title": "no file"}, None
    source = next(
        d for d in archive.documents if d["mime_type"] == "application/pdf" and d["page_count"] == 1
    )
    return form, {
        "document": ("car_insurance_certificate_2024-12-01.pdf", render_original(source), "application/pdf")
    }


async def replay(
    name: str, ids: IdMap, archive: DemoArchive, client: httpx.AsyncClient
) -> tuple[str, httpx.Response]:
    sample = ALL_SAMPLES[name]
    request = sample["request"]
    url, body = adapt(name, ids)
    headers = auth_headers(name)
    if request.get("body") == "<multipart stream>":
        data, files = upload_parts(name, ids, archive)
        if files is None:  # a multipart body without the file part
            files = {"title": (None, data["title"])}
            data = {}
        response = await client.request(request["method"], url, data=data, files=files, headers=headers)
    elif "body" in request:
        headers["Content-Type"] = BODY_CONTENT_TYPES[name]
        response = await client.request(
            request["method"], url, content=request["body"].encode(), headers=headers
        )
    elif "json" in request:
        response = await client.request(request["method"], url, json=body, headers=headers)
    else:
        response = await client.request(request["method"], url, headers=headers)
    return url, response


READ_ONLY = {"GET", "HEAD", "OPTIONS"}


# ---------------------------------------------------------------- documented quirks, by value


def _hits(body: Any) -> list[dict[str, Any]]:
    return [r["__search_hit__"] for r in body["results"]]


def _check(condition: bool, message: str) -> list[str]:
    return [] if condition else [message]


# sample -> check of the demo's body for the behaviour the recording (and the README) documents
SEMANTICS: dict[str, Any] = {
    "documents_search_page2": lambda b, ids: _check(
        [h["rank"] for h in _hits(b)] == list(range(11, 11 + len(b["results"]))) and b["results"] != [],
        "ranks on page 2 must continue at 11",
    ),
    "documents_search_query": lambda b, ids: _check(
        any("<b>" in h["highlights"] for h in _hits(b)), "highlights must use <b> tags"
    ),
    "documents_search_fields_without_hit": lambda b, ids: _check(
        all(set(r) == {"id", "title", "__search_hit__"} for r in b["results"]),
        "__search_hit__ is added even when fields= omits it",
    ),
    "documents_more_like_id": lambda b, ids: _check(
        all(h["score"] == 0.0 and h["highlights"] == "" for h in _hits(b)),
        "more_like_id hits have score 0.0 and empty highlights",
    ),
    "documents_search_query_note_hit": lambda b, ids: _check(
        any("<b>" in (h["note_highlights"] or "") for h in _hits(b)), "notes are indexed: note_highlights set"
    ),
    "documents_list_truncate_content": lambda b, ids: _check(
        all(len(r["content"]) <= 300 for r in b["results"]), "truncate_content cuts content to 300 characters"
    ),
    "documents_list_page_size_0": lambda b, ids: _check(
        len(b["results"]) == 25, "page_size=0 falls back to 25"
    ),
    "documents_list_default": lambda b, ids: _check(
        len(b["results"]) == 25 and "all" not in b, "default page of 25, no 'all' under v10"
    ),
    "documents_list_ordering_asn": lambda b, ids: _check(
        [r["archive_serial_number"] for r in b["results"]]
        == sorted((r["archive_serial_number"] for r in b["results"]), key=lambda a: (a is not None, a or 0)),
        "ascending ASN order with nulls first",
    ),
    "documents_list_ordering_created_desc": lambda b, ids: _check(
        [r["created"] for r in b["results"]] == sorted((r["created"] for r in b["results"]), reverse=True),
        "ordering=-created",
    ),
    "documents_by_asn": lambda b, ids: _check(
        [r["archive_serial_number"] for r in b["results"]] == [1001], "archive_serial_number=1001 finds one"
    ),
    "documents_next_asn": lambda b, ids: _check(
        b == max(d["archive_serial_number"] or 0 for d in ids.archive.documents) + 1,
        "next_asn is max ASN + 1",
    ),
    "document_version_root": lambda b, ids: _check(b == {"root_id": ids.docs[20]}, "a version's root id"),
    "share_links_create": lambda b, ids: _check(
        b["expiration"] == "2031-01-01T00:59:59+01:00", "a UTC expiration comes back in the server TZ"
    ),
    "document_history": lambda b, ids: _check(
        [h["timestamp"] for h in b] == sorted((h["timestamp"] for h in b), reverse=True)
        and all(h["timestamp"].endswith("Z") for h in b),
        "history is newest first with UTC 'Z' timestamps",
    ),
    "document_notes_post": lambda b, ids: _check(
        any(n["note"] == "Temporary note created by capture.py" for n in b), "POST returns the full list"
    ),
    "documents_post_document": lambda b, ids: _check(
        isinstance(b, str) and len(b) == 36, "post_document returns the bare task UUID"
    ),
}


@pytest.mark.parametrize("name", REPLAYABLE)
async def test_sample_replays_like_the_real_server(
    name: str,
    ids: IdMap,
    archive: DemoArchive,
    shared_app: Any,
    client_for: Any,
    openapi: Any,
    real_findings: dict[str, set[str]],
) -> None:
    if name in NOT_REPRODUCED:
        pytest.skip(NOT_REPRODUCED[name])
    sample = ALL_SAMPLES[name]
    method = sample["request"]["method"]
    app = shared_app if method in READ_ONLY and name not in PRECEDED_BY else fresh_app()
    if name in PRECEDED_BY:  # the recording was taken right after another request; make that one first
        _, before = await replay(PRECEDED_BY[name], ids, archive, client_for(app))
        assert before.status_code == ALL_SAMPLES[PRECEDED_BY[name]]["status"], before.text
    url, response = await replay(name, ids, archive, client_for(app))

    problems = []
    if response.status_code != sample["status"]:
        problems.append(
            f"status {response.status_code} instead of {sample['status']}: {response.text[:300]!r}"
        )
    else:
        problems += header_differences(sample, response)
        problems += body_differences(name, sample, response, ids)
        content_type = response.headers.get("content-type", "")
        demo = schema_findings(openapi, method, url, response.status_code, content_type, response.content)
        allowed = real_findings[name] | general_real_findings(real_findings)
        if extra := demo - allowed:
            problems.append(f"OpenAPI: deviations the real server does not have: {sorted(extra)}")
        if name in SEMANTICS and not problems:
            problems += SEMANTICS[name](response.json(), ids)
    assert not problems, f"{method} {url}:\n  " + "\n  ".join(problems)


def general_real_findings(real_findings: dict[str, set[str]]) -> set[str]:
    """Deviations the real server shows somewhere and which do not depend on the request: 'required' keys
    it omits (fields=, nested objects) and value-level mismatches (e.g. documentlink values, root_document
    null). Wrong status codes, media types or body kinds stay per sample."""
    every = set().union(*real_findings.values()) if real_findings else set()
    return {f for f in every if f.count(":") == 2 and (f.split(":")[1] == "required" or f.split(":")[0])}


# ---------------------------------------------------------------- table-shaped records


def _version_cases() -> Iterator[tuple[str, dict[str, Any]]]:
    record = ALL_SAMPLES.get("api_version_headers", {}).get("results", {})
    for case, expected in record.items():
        if "status" in expected and case != "v9_documents_list":
            yield case, expected


@pytest.mark.parametrize(("case", "expected"), list(_version_cases()))
async def test_api_version_negotiation(
    case: str, expected: dict[str, Any], shared_app: Any, client_for: Any
) -> None:
    headers = {} if case == "unauthenticated" else {"Authorization": f"Token {TOKEN}"}
    if expected.get("accept"):
        headers["Accept"] = expected["accept"]
    response = await client_for(shared_app).get("/api/tasks/?page_size=1", headers=headers)
    assert response.status_code == expected["status"]
    assert response.headers.get("x-api-version") == expected.get("X-Api-Version")
    assert response.headers.get("x-version") == expected.get("X-Version")
    shape = expected.get("body_shape")
    if shape == "list":
        assert isinstance(response.json(), list)
    elif isinstance(shape, str) and shape.startswith("paginated"):
        assert set(response.json()) == {"count", "next", "previous", "results"}
    elif isinstance(shape, dict):
        assert response.json() == shape


async def test_v9_document_list_carries_all_ids(shared_app: Any, client_for: Any) -> None:
    record = ALL_SAMPLES["api_version_headers"]["results"]["v9_documents_list"]
    query = urlsplit(record["body"]["next"]).query.replace("page=2", "page=1")
    headers = {"Authorization": f"Token {TOKEN}", "Accept": "application/json; version=9"}
    response = await client_for(shared_app).get(f"/api/documents/?{query}", headers=headers)
    assert response.status_code == record["status"]
    body = response.json()
    assert not shape_differences(record["body"], body)
    assert len(body["all"]) == body["count"] and body["all"][:2] == [r["id"] for r in body["results"]]


def _filter_cases() -> list[tuple[str, int]]:
    record = ALL_SAMPLES.get("documents_list_filters_summary", {})
    return [
        (query, case["status"])
        for query, case in record.items()
        if isinstance(case, dict) and "status" in case
    ]


@pytest.mark.parametrize(("query", "status"), _filter_cases())
async def test_document_filters_answer(
    query: str, status: int, ids: IdMap, shared_app: Any, client_for: Any
) -> None:
    for real, demo in ids.strings.items():
        query = query.replace(real, demo)
    key, _, value = query.partition("=")
    response = await client_for(shared_app).get(
        "/api/documents/", params={key: value, "fields": "id"}, headers={"Authorization": f"Token {TOKEN}"}
    )
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert all(set(item) == {"id"} for item in body["results"])


# ---------------------------------------------------------------- the comparators themselves


def test_tables_name_real_samples() -> None:
    """A typo in a table would silently skip a check."""
    for table in (SEMANTICS, MAY_BE_EMPTY, AUTH, BODY_CONTENT_TYPES, DOC_OVERRIDES, ACCEPT):
        assert set(table) <= set(REPLAYABLE), set(table) - set(REPLAYABLE)
    assert set(PRECEDED_BY) | set(PRECEDED_BY.values()) | RENAME_ON_CREATE <= set(REPLAYABLE)
    assert set(NOT_REPRODUCED) <= set(ALL_SAMPLES)


def test_comparators_catch_differences(openapi: Any) -> None:
    sample = ALL_SAMPLES["document_notes_get"]
    assert shape_differences(sample["body"], sample["body"]) == []
    broken = [dict(n, user="admin") for n in sample["body"]]
    assert shape_differences(sample["body"], broken)  # a nested object became a string
    assert shape_differences({"a": 1, "b": [1]}, {"a": 1}) == ["$: missing keys ['b']"]
    assert shape_differences({"a": [{"x": 1}]}, {"a": [{"x": 1, "y": 2}]}) == [
        "$.a[0]: unexpected keys ['y']"
    ]
    detail = ALL_SAMPLES["document_detail"]
    good = json.dumps(detail["body"]).encode()
    bad = json.dumps(dict(detail["body"], id="one", tags="none")).encode()
    url = detail["request"]["url"]
    assert schema_findings(openapi, "GET", url, 200, "application/json", bad) - schema_findings(
        openapi, "GET", url, 200, "application/json", good
    )
    response = httpx.Response(200, headers={"content-type": "text/html"}, content=b"x")
    assert header_differences(detail, response)


# ---------------------------------------------------------------- operations without a recording

# resource -> body for POST (None: creation is covered by a recorded sample) and the field PATCH changes
CRUD: dict[str, tuple[dict[str, Any] | None, str]] = {
    "correspondents": (None, "name"),
    "document_types": (None, "name"),
    "tags": (None, "name"),
    "storage_paths": (None, "name"),
    "custom_fields": (None, "name"),
    "saved_views": (
        {
            "name": "Contract view",
            "sort_field": "created",
            "sort_reverse": True,
            "filter_rules": [{"rule_type": 6, "value": "1"}, {"rule_type": 20, "value": "rechnung"}],
        },
        "name",
    ),
    "users": (
        {"username": "carol", "password": "carol-pass", "email": "carol@example.com", "first_name": "Carol"},
        "first_name",
    ),
    "groups": ({"name": "Accountants", "permissions": ["view_document"]}, "name"),
}


def request_properties(path: str, method: str) -> set[str]:
    """The keys the schema lets a client send in the JSON body of `method path`."""
    spec = json.loads((SHARED / "openapi.json").read_text())
    ref = spec["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return {k for k, v in schema["properties"].items() if not v.get("writeOnly")}


def assert_follows_schema(
    openapi: Any, general: set[str], method: str, url: str, response: httpx.Response
) -> None:
    findings = schema_findings(
        openapi, method, url, response.status_code, response.headers.get("content-type", ""), response.content
    )
    assert not findings - general, f"{method} {url}: {sorted(findings - general)} {response.text[:300]}"


@pytest.mark.parametrize("resource", sorted(CRUD))
async def test_crud_round_trip_follows_the_schema(
    resource: str, client_for: Any, openapi: Any, real_findings: dict[str, set[str]]
) -> None:
    general = general_real_findings(real_findings)
    client = client_for(fresh_app())
    headers = {"Authorization": f"Token {TOKEN}"}
    create, patched_field = CRUD[resource]
    if create is not None:
        response = await client.post(f"/api/{resource}/", json=create, headers=headers)
        assert response.status_code == 201, response.text
        assert_follows_schema(openapi, general, "POST", f"/api/{resource}/", response)
        object_id = response.json()["id"]
    else:
        listing = await client.get(f"/api/{resource}/", headers=headers)
        object_id = listing.json()["results"][-1]["id"]
    url = f"/api/{resource}/{object_id}/"
    response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    assert_follows_schema(openapi, general, "GET", url, response)
    response = await client.patch(url, json={patched_field: "Renamed by contract test"}, headers=headers)
    assert response.status_code == 200, response.text
    assert_follows_schema(openapi, general, "PATCH", url, response)
    assert response.json()[patched_field] == "Renamed by contract test"
    writable = request_properties(f"/api/{resource}/{{id}}/", "put")
    full = {k: v for k, v in response.json().items() if k in writable and k != "password"}
    full[patched_field] = "Replaced by contract test"
    response = await client.put(url, json=full, headers=headers)
    assert response.status_code == 200, response.text
    assert_follows_schema(openapi, general, "PUT", url, response)
    assert response.json()[patched_field] == "Replaced by contract test"
    response = await client.delete(url, headers=headers)
    assert response.status_code == 204, response.text
    response = await client.get(url, headers=headers)
    assert response.status_code == 404


async def upload_and_wait(
    client: httpx.AsyncClient, data: dict[str, Any], files: dict[str, Any]
) -> dict[str, Any]:
    """post_document, then poll tasks?task_id= until the consumption ends; the finished task."""
    import asyncio

    headers = {"Authorization": f"Token {TOKEN}"}
    response = await client.post("/api/documents/post_document/", data=data, files=files, headers=headers)
    assert response.status_code == 200, response.text
    task_id = response.json()
    assert isinstance(task_id, str) and len(task_id) == 36
    for _ in range(300):  # consumption runs in the background; allow ~30 s on a loaded machine
        answer = await client.get("/api/tasks/", params={"task_id": task_id}, headers=headers)
        task = answer.json()["results"][0]
        if task["status"] in ("success", "failure"):
            return task
        await asyncio.sleep(0.1)
    raise AssertionError(f"task {task_id} still {task['status']}")


async def test_duplicate_upload(ids: IdMap, archive: DemoArchive, client_for: Any) -> None:
    """3.0 accepts a byte-identical upload and links the two documents through duplicate_documents."""
    client = client_for(fresh_app())
    data, files = upload_parts("documents_post_document", ids, archive)
    first = await upload_and_wait(client, data, files)
    second = await upload_and_wait(client, {"title": "the same file again"}, files)
    assert first["status"] == second["status"] == "success"
    recording = ALL_SAMPLES["document_duplicate_documents_field"]
    url = recording["request"]["url"].replace("/122/", f"/{second['result_data']['document_id']}/")
    detail = await client.get(url, headers={"Authorization": f"Token {TOKEN}"})
    assert detail.status_code == 200
    assert not shape_differences(recording["body"], detail.json())
    duplicates = detail.json()["duplicate_documents"]
    assert [d["id"] for d in duplicates] == [first["result_data"]["document_id"]]


async def test_upload_then_task_then_document_like_the_recordings(
    ids: IdMap, archive: DemoArchive, client_for: Any, openapi: Any, real_findings: dict[str, set[str]]
) -> None:
    """post_document -> poll tasks?task_id= -> the new document, each answer shaped like its recording."""
    general = general_real_findings(real_findings)
    client = client_for(fresh_app())
    headers = {"Authorization": f"Token {TOKEN}"}
    data, files = upload_parts("documents_post_document", ids, archive)
    task = await upload_and_wait(client, data, files)
    assert task["status"] == "success", task
    url = f"/api/tasks/?task_id={task['task_id']}"
    answer = await client.get(url, headers=headers)
    assert not shape_differences(ALL_SAMPLES["tasks_by_task_id_after_upload"]["body"], answer.json())
    assert_follows_schema(openapi, general, "GET", url, answer)

    document_id = task["result_data"]["document_id"]
    detail = await client.get(f"/api/documents/{document_id}/", headers=headers)
    assert detail.status_code == 200
    assert not shape_differences(ALL_SAMPLES["document_detail_after_upload"]["body"], detail.json())
    assert_follows_schema(openapi, general, "GET", f"/api/documents/{document_id}/", detail)
    body = detail.json()
    assert body["title"] == data["title"]
    assert body["archive_serial_number"] == int(data["archive_serial_number"])


async def test_demo_app_serves_the_generated_archive(
    ids: IdMap, archive: DemoArchive, shared_app: Any, client_for: Any
) -> None:
    """The id mapping above picks ids from generate_archive(); the app must serve exactly that archive."""
    client = client_for(shared_app)
    headers = {"Authorization": f"Token {TOKEN}"}
    by_id = {d["id"]: d for d in archive.documents}
    for real in (1, 2, 21):
        response = await client.get(f"/api/documents/{ids.docs[real]}/", headers=headers)
        assert response.status_code == 200
        assert response.json()["title"] == by_id[ids.docs[real]]["title"]
    listing = await client.get("/api/documents/", params={"page_size": 1}, headers=headers)
    live = [d for d in archive.documents if d["deleted_at"] is None and d["root_document"] is None]
    assert listing.json()["count"] == len(live)


async def test_bob_sees_exactly_what_is_his_or_shared_with_him(
    archive: DemoArchive, shared_app: Any, client_for: Any
) -> None:
    """Object permissions as Paperless applies them: own, unowned, or shared with the user or his groups."""
    client = client_for(shared_app)
    login = await client.post("/api/token/", json={"username": "bob", "password": "bob"})
    assert login.status_code == 200
    headers = {"Authorization": f"Token {login.json()['token']}"}
    bob = next(u for u in archive.users if u["username"] == "bob")

    def visible(obj: dict[str, Any]) -> bool:
        return (
            obj["owner"] in (None, bob["id"])
            or bob["id"] in obj["view_users"] + obj["change_users"]
            or bool(set(bob["groups"]) & set(obj["view_groups"] + obj["change_groups"]))
        )

    expected = sorted(
        d["id"]
        for d in archive.documents
        if d["deleted_at"] is None and d["root_document"] is None and visible(d)
    )
    response = await client.get(
        "/api/documents/", params={"page_size": 100000, "fields": "id"}, headers=headers
    )
    assert response.status_code == 200
    assert sorted(r["id"] for r in response.json()["results"]) == expected
    for resource, objects in (("tags", archive.tags), ("correspondents", archive.correspondents)):
        response = await client.get(f"/api/{resource}/", params={"page_size": 1000}, headers=headers)
        assert sorted(r["id"] for r in response.json()["results"]) == sorted(
            o["id"] for o in objects if visible(o)
        )
