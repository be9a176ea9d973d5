"""E-mailing documents, answered as a Paperless-ngx server without a mail server does (500 text/html)."""

from __future__ import annotations

import re
from typing import Any

from starlette.responses import Response

from paperless_tui.demo.routes.common import SERVER_ERROR_HTML, ApiError, FormData, Req, api, json_body
from paperless_tui.demo.routes.doc_access import check_docs_exist

EMAIL_ERROR = "Error emailing documents, check logs for more detail."
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


def _check_addresses(raw: Any) -> None:
    if not isinstance(raw, str) or not raw.strip():
        raise ApiError(400, {"addresses": ["This field is required."]})
    for address in (a.strip() for a in raw.split(",")):
        if not _EMAIL.match(address):
            raise ApiError(400, {"addresses": [f"Invalid email address: {address}"]})


@api("POST", name="Email Documents")
async def email(req: Req) -> Any:
    data = await json_body(req)
    errors = {
        k: ["This field is required."]
        for k in ("documents", "addresses", "subject", "message")
        if k not in data
    }
    if errors:
        raise ApiError(400, errors)
    check_docs_exist(req, data["documents"], change=False)
    _check_addresses(data["addresses"])
    raise ApiError(500, EMAIL_ERROR, text=True)  # no mail server: [Errno 111] Connection refused


@api("POST", name="Email Document")
async def email_single(req: Req) -> Any:
    doc_id = req.path_int()
    data = await req.data()
    if not isinstance(data, FormData):  # the real view calls request.data.setlist on a dict
        return Response(SERVER_ERROR_HTML, status_code=500, media_type="text/html; charset=utf-8")
    check_docs_exist(req, [doc_id], change=False)
    _check_addresses(data.first("addresses"))
    raise ApiError(500, EMAIL_ERROR, text=True)
