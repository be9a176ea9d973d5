"""Which server to talk to, and with which token, worked out from the command line, environment and config.

Order: `--demo` (handled by `app.run`, which starts the demo server) > `--url`/`--token` >
`PAPERLESS_URL`/`PAPERLESS_TOKEN` > `--profile NAME` or the default profile. A URL without a token
falls back to a token stored for that URL; with none, the app shows the login screen.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from paperless_tui.app.data.config import Config, ConfigError, normalise_url
from paperless_tui.app.data.credentials import stored_token

Source = Literal["demo", "arguments", "environment", "profile"]


@dataclass(frozen=True)
class Connection:
    """A server URL, the token to use (None: log in first), and where they came from."""

    url: str
    token: str | None = field(default=None, repr=False)
    source: Source = "arguments"
    profile: str | None = None

    @property
    def state_key(self) -> str:
        """The key remembered state is kept under: the profile name, else the URL."""
        if self.source == "demo":
            return "demo"
        return self.profile or normalise_url(self.url)

    def with_token(self, token: str) -> Connection:
        """This connection with `token` (after a login)."""
        return Connection(url=self.url, token=token, source=self.source, profile=self.profile)


def resolve_connection(
    config: Config,
    *,
    url: str | None = None,
    token: str | None = None,
    profile: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Connection:
    """Work out the connection from command-line values, the environment and the config.

    Raises `ConfigError` with a sentence for the user when no server is known or a profile is missing.
    """
    env = os.environ if environ is None else environ
    env_url = env.get("PAPERLESS_URL") or None
    env_token = env.get("PAPERLESS_TOKEN") or None

    if profile is not None and config.profile(profile) is None:
        known = ", ".join(sorted(config.profiles)) or "none"
        raise ConfigError(f"no profile called {profile!r} in {config.path} (profiles: {known})")
    chosen = config.profile(profile)

    if url:
        source: Source = "arguments"
        same_as_env = env_url is not None and normalise_url(env_url) == normalise_url(url)
        if token is None and (env_url is None or same_as_env):
            token = env_token
    elif env_url:
        url, source = env_url, "environment"
        token = token or env_token
    elif chosen is not None:
        url, source = chosen.url, "profile"
        token = token or chosen.token
    else:
        raise ConfigError(
            "no server given: use --demo, --url URL [--token TOKEN], PAPERLESS_URL, "
            f"or a profile in {config.path}"
        )
    url = normalise_url(url)
    if "://" not in url:  # "paperless.local:8000" means plain HTTP, as the client reads it
        url = f"http://{url}"
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"the server URL must start with http:// or https:// (got {url!r})")
    if token is None:
        token = stored_token(config, url)
    owner = config.profile_for_url(url)
    return Connection(
        url=url,
        token=token or None,
        source=source,
        profile=chosen.name if source == "profile" and chosen else (owner.name if owner else None),
    )
