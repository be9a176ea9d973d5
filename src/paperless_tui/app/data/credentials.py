"""Where API tokens are kept: the system keyring when a usable one exists, else the config file (0600).

Tokens are looked up by the server's URL, so a profile, `--url` and `PAPERLESS_URL` find the same one.
Nothing here logs or prints a token.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from paperless_tui.app.data.config import Config, Profile, normalise_url, save_config

SERVICE = "paperless-tui"
TokenStore = Literal["keyring", "config file"]


def keyring_backend() -> object | None:
    """The system keyring if one that really stores secrets exists, else None.

    keyring's `fail` and `null` backends (and a chainer with nothing to chain) count as none.
    """
    try:
        import keyring
        from keyring.backends import chainer, fail, null
    except Exception:  # keyring missing or broken: treat as no keyring
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return backend


def _keyring_get(url: str) -> str | None:
    backend = keyring_backend()
    if backend is None:
        return None
    try:
        return backend.get_password(SERVICE, normalise_url(url))  # type: ignore[attr-defined,no-any-return]
    except Exception:
        return None


def _keyring_set(url: str, token: str) -> bool:
    backend = keyring_backend()
    if backend is None:
        return False
    try:
        backend.set_password(SERVICE, normalise_url(url), token)  # type: ignore[attr-defined]
    except Exception:
        return False
    return True


def _keyring_delete(url: str) -> None:
    backend = keyring_backend()
    if backend is None:
        return
    try:
        backend.delete_password(SERVICE, normalise_url(url))  # type: ignore[attr-defined]
    except Exception:
        return


def stored_token(config: Config, url: str) -> str | None:
    """The token kept for `url`: from a profile in the config file, else from the keyring."""
    profile = config.profile_for_url(url)
    if profile is not None and profile.token:
        return profile.token
    return _keyring_get(url)


def _profile_name_for(config: Config, url: str) -> str:
    host = urlsplit(normalise_url(url)).hostname or "server"
    name, number = host, 2
    while name in config.profiles:
        name, number = f"{host}-{number}", number + 1
    return name


def store_token(config: Config, url: str, token: str, *, profile: str | None = None) -> TokenStore:
    """Keep `token` for `url` and remember the server as a profile; return where the token went.

    The token goes to the keyring when one is usable, otherwise into the profile in the config file,
    which is written with mode 0600. A profile for `url` is created when none exists (named after the
    host) and becomes the default when there is no default yet.
    """
    existing = config.profiles.get(profile) if profile else config.profile_for_url(url)
    if existing is None:
        existing = Profile(name=profile or _profile_name_for(config, url), url=normalise_url(url))
        config.profiles[existing.name] = existing
    if config.default_profile is None:
        config.default_profile = existing.name
    where: TokenStore
    if _keyring_set(url, token):
        existing.token = None
        where = "keyring"
    else:
        existing.token = token
        where = "config file"
    save_config(config)
    return where


def forget_token(config: Config, url: str) -> None:
    """Remove any token kept for `url` (keyring and config file)."""
    _keyring_delete(url)
    profile = config.profile_for_url(url)
    if profile is not None and profile.token is not None:
        profile.token = None
        save_config(config)
