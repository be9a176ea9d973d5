"""Login and identity: `POST /api/token/`, `/api/profile/`, and the `GET /api/` redirect."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from paperless_tui.demo.routes.common import ApiError, FormData, Req, api, find_user

MASKED = "*" * 89


@api("POST", public=True, name="Obtain Auth Token")
async def obtain_token(req: Req) -> Any:
    data = await req.data()
    if isinstance(data, FormData):
        data = data.as_dict()
    if not isinstance(data, dict):
        data = {}
    errors = {}
    for key in ("username", "password"):
        if not isinstance(data.get(key), str) or not data.get(key):
            errors[key] = ["This field is required."] if key not in data else ["This field may not be blank."]
    if errors:
        raise ApiError(400, errors)
    user = find_user(req.state, data["username"], data["password"])
    if user is None:
        raise ApiError(400, {"non_field_errors": ["Unable to log in with provided credentials."]})
    return {"token": token_of(req, user["id"])}


def token_of(req: Req, uid: int) -> str:
    row = req.store.q1("SELECT key FROM o_tokens WHERE json_extract(data, '$.user') = ?", (uid,))
    return str(row[0]) if row else ""


@api("GET", "PATCH", name="Profile")
async def profile(req: Req) -> Any:
    user = req.user or {}
    if req.request.method == "PATCH":
        data = await req.json_object()
        allowed = {
            k: v for k, v in data.items() if k in ("first_name", "last_name", "email") and isinstance(v, str)
        }
        if allowed:
            with req.store.write() as db:
                user = {**user, **allowed}
                req.store.put_object(db, "users", user)
    return {
        "email": user.get("email", ""),
        "password": MASKED,
        "first_name": user.get("first_name", ""),
        "last_name": user.get("last_name", ""),
        "auth_token": token_of(req, req.uid),
        "social_accounts": [],
        "has_usable_password": True,
        "is_mfa_enabled": False,
    }


async def api_root(request: Request) -> Response:
    return RedirectResponse(
        "schema/view/", status_code=302, headers={"content-type": "text/html; charset=utf-8"}
    )
