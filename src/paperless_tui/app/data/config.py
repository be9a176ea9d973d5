"""The config file (`config.toml`): named server profiles, theme, image renderer and key remapping.

    default_profile = "home"
    theme = "textual-dark"
    image_renderer = "auto"
    viewer = "zathura"       # the command `o` opens files with ({} for the path); else the system's

    [profiles.home]
    url = "https://paperless.example.org"
    token = "..."            # only when no system keyring exists; the file is then kept at mode 0600
    default_view = "Inbox"   # a saved view name (or id) to open at start-up

    [keymap]
    "search.focus" = "slash"  # binding id = comma-separated keys

Read with tomllib. Written back (a theme toggled with ctrl+t, a token stored at login) by editing the
user's file in place with tomlkit, which keeps its comments, layout and the keys we do not know: only
the values that changed are touched. A new file (or one tomlkit cannot read) is written by a small
writer of our own. The file is always written with mode 0600 because it may hold a token.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from paperless_tui.app.data.locations import config_file

IMAGE_RENDERERS = ("auto", "kitty", "sixel", "halfcell", "unicode", "none")


class ConfigError(Exception):
    """The config file cannot be read or holds a value that makes no sense; the message says which."""


@dataclass
class Profile:
    """One server the user connects to."""

    name: str
    url: str
    token: str | None = field(default=None, repr=False)
    default_view: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Config:
    """Everything the config file holds, plus where it lives."""

    path: Path
    profiles: dict[str, Profile] = field(default_factory=dict)
    default_profile: str | None = None
    theme: str | None = None
    image_renderer: str = "auto"
    viewer: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def profile(self, name: str | None = None) -> Profile | None:
        """The profile called `name`, or the default profile (the only one when there is just one)."""
        if name is not None:
            return self.profiles.get(name)
        if self.default_profile is not None:
            return self.profiles.get(self.default_profile)
        if len(self.profiles) == 1:
            return next(iter(self.profiles.values()))
        return None

    def default_view(self, profile_name: str | None) -> str | None:
        """The saved view (name or id) profile `profile_name` opens with, if it names one."""
        profile = self.profiles.get(profile_name) if profile_name is not None else None
        return profile.default_view if profile is not None else None

    def profile_for_url(self, url: str) -> Profile | None:
        """The first profile that points at `url` (trailing slashes ignored)."""
        wanted = normalise_url(url)
        for profile in self.profiles.values():
            if normalise_url(profile.url) == wanted:
                return profile
        return None


def normalise_url(url: str) -> str:
    """`url` without surrounding blanks or trailing slashes, so two spellings of one server compare equal."""
    return url.strip().rstrip("/")


def _expect(value: Any, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise ConfigError(f"{where} should be a {names}, not {type(value).__name__}")
    return value


def _parse(path: Path, data: dict[str, Any]) -> Config:
    data = dict(data)
    profiles: dict[str, Profile] = {}
    for name, raw in _expect(data.pop("profiles", {}), dict, "[profiles]").items():
        where = f"[profiles.{name}]"
        raw = dict(_expect(raw, dict, where))
        url = raw.pop("url", None)
        if url is None:
            raise ConfigError(f"{where} has no url")
        token = raw.pop("token", None)
        default_view = raw.pop("default_view", None)
        profiles[name] = Profile(
            name=name,
            url=_expect(url, str, f"{where} url"),
            token=None if token is None else _expect(token, str, f"{where} token"),
            default_view=None if default_view is None else str(_expect(default_view, (str, int), where)),
            extra=raw,
        )
    default_profile = data.pop("default_profile", None)
    if default_profile is not None:
        _expect(default_profile, str, "default_profile")
        if default_profile not in profiles:
            raise ConfigError(f"default_profile {default_profile!r} is not one of the [profiles]")
    theme = data.pop("theme", None)
    if theme is not None:
        _expect(theme, str, "theme")
    image_renderer = _expect(data.pop("image_renderer", "auto"), str, "image_renderer")
    if image_renderer not in IMAGE_RENDERERS:
        raise ConfigError(f"image_renderer must be one of {', '.join(IMAGE_RENDERERS)}")
    viewer = data.pop("viewer", None)
    if viewer is not None:
        _expect(viewer, str, "viewer")
    keymap: dict[str, str] = {}
    for binding_id, keys in _expect(data.pop("keymap", {}), dict, "[keymap]").items():
        if isinstance(keys, list):
            keys = ",".join(_expect(key, str, f"[keymap] {binding_id}") for key in keys)
        keymap[binding_id] = _expect(keys, str, f"[keymap] {binding_id}")
    return Config(
        path=path,
        profiles=profiles,
        default_profile=default_profile,
        theme=theme,
        image_renderer=image_renderer,
        viewer=viewer or None,
        keymap=keymap,
        extra=data,
    )


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file gives an empty config. Raises `ConfigError` on bad content."""
    path = config_file() if path is None else path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(path=path)
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from None
    try:
        return _parse(path, data)
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None


# --- writing --------------------------------------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _string(value: str) -> str:
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _table(lines: list[str], prefix: tuple[str, ...], table: dict[str, Any]) -> None:
    scalars = {k: v for k, v in table.items() if not isinstance(v, dict)}
    tables = {k: v for k, v in table.items() if isinstance(v, dict)}
    if prefix and (scalars or not tables):
        if lines:
            lines.append("")
        lines.append("[" + ".".join(_key(part) for part in prefix) + "]")
    for key, value in scalars.items():
        if value is not None:
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in tables.items():
        _table(lines, (*prefix, key), value)


def dumps(data: dict[str, Any]) -> str:
    """Serialise nested dicts of TOML values (None values are left out)."""
    lines: list[str] = []
    _table(lines, (), data)
    return "\n".join(lines) + "\n"


def to_dict(config: Config) -> dict[str, Any]:
    """The config as the nested dict `save_config` writes."""
    data: dict[str, Any] = {
        "default_profile": config.default_profile,
        "theme": config.theme,
        "image_renderer": None if config.image_renderer == "auto" else config.image_renderer,
        "viewer": config.viewer,
        **config.extra,
    }
    if config.profiles:
        data["profiles"] = {
            name: {
                "url": profile.url,
                "token": profile.token,
                "default_view": profile.default_view,
                **profile.extra,
            }
            for name, profile in config.profiles.items()
        }
    if config.keymap:
        data["keymap"] = dict(config.keymap)
    return data


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` atomically, readable and writable by the owner only (mode 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _merge(table: Any, data: dict[str, Any]) -> None:
    """Make tomlkit `table` hold `data`, touching only what differs (None values and keys missing from
    `data` are removed), so comments and formatting around what did not change stay as they were."""
    import tomlkit

    for key in [key for key in table if key not in data or data[key] is None]:
        del table[key]
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, dict):
            if not isinstance(table.get(key), dict):  # a tomlkit table or inline table is a dict
                table[key] = tomlkit.table()
            _merge(table[key], value)
        elif key not in table or table[key] != value:
            table[key] = value


def save_config(config: Config) -> None:
    """Write the config back to its file with mode 0600, editing the file that is there in place."""
    data = to_dict(config)
    try:
        existing = config.path.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        existing = ""
    if existing.strip():
        import tomlkit
        from tomlkit.exceptions import TOMLKitError

        try:
            document = tomlkit.parse(existing)
        except TOMLKitError:
            pass
        else:
            _merge(document, data)
            write_private(config.path, tomlkit.dumps(document))
            return
    write_private(config.path, dumps(data))
