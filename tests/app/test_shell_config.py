"""Config file, credentials, remembered state and connection resolution."""

from __future__ import annotations

import stat
import tomllib

import pytest

from paperless_tui.app.data import credentials
from paperless_tui.app.data.config import ConfigError, Profile, dumps, load_config, save_config
from paperless_tui.app.data.connection import resolve_connection
from paperless_tui.app.data.locations import config_dir, config_file, data_dir
from paperless_tui.app.data.state import load_state, save_state

REAL_KEYRING_BACKEND = credentials.keyring_backend  # captured before the autouse fixture replaces it


def write_config(text: str) -> None:
    config_file().write_text(text, encoding="utf-8")


def test_locations_follow_the_override(isolated_config):
    assert config_dir() == isolated_config
    assert data_dir() == isolated_config / "data"
    assert data_dir().is_dir()


def test_missing_config_is_empty():
    config = load_config()
    assert config.profiles == {}
    assert config.default_profile is None
    assert config.image_renderer == "auto"


def test_config_is_read():
    write_config(
        'default_profile = "home"\ntheme = "nord"\nimage_renderer = "halfcell"\n'
        '[profiles.home]\nurl = "https://home.example/"\ndefault_view = "Inbox"\n'
        '[profiles.work]\nurl = "https://work.example"\ntoken = "t0k"\n'
        '[keymap]\n"search.focus" = "f"\n"app.quit" = ["ctrl+q", "q"]\n'
    )
    config = load_config()
    assert config.profile().name == "home"
    assert config.profile("work").token == "t0k"
    assert config.profile("home").default_view == "Inbox"
    assert config.theme == "nord"
    assert config.image_renderer == "halfcell"
    assert config.keymap == {"search.focus": "f", "app.quit": "ctrl+q,q"}
    assert config.profile_for_url("https://home.example").name == "home"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("default_profile = [", "not valid TOML"),
        ('default_profile = "nope"', "not one of the [profiles]"),
        ("[profiles.x]\ntoken = 'a'", "has no url"),
        ('image_renderer = "ascii-art"', "image_renderer must be one of"),
        ("[keymap]\nx = 3", "[keymap] x should be a str"),
    ],
)
def test_bad_config_says_what_is_wrong(text, words):
    write_config(text)
    with pytest.raises(ConfigError, match=None) as caught:
        load_config()
    assert words in str(caught.value)


def test_config_round_trips_and_keeps_unknown_keys():
    write_config(
        'future_option = 3\n[profiles.home]\nurl = "https://h.example"\ncolour = "blue"\n[other]\nx = true\n'
    )
    config = load_config()
    config.theme = 'we"ird\\theme\n'
    config.profiles["new one"] = Profile(name="new one", url="http://127.0.0.1:8000", token="sekret")
    save_config(config)
    again = load_config()
    assert again.theme == 'we"ird\\theme\n'
    assert again.profile("new one").token == "sekret"
    assert again.profile("home").extra == {"colour": "blue"}
    assert again.extra == {"future_option": 3, "other": {"x": True}}


def test_saved_config_is_private():
    config = load_config()
    config.theme = "textual-light"
    save_config(config)
    assert stat.S_IMODE(config_file().stat().st_mode) == 0o600


def test_dumps_is_valid_toml():
    data = {"a": "\x1b[31m\t\u2028", "b": [1, 2.5, False], "c": {"d": {"e": "f"}}, "weird key": 1}
    assert tomllib.loads(dumps(data)) == data


def test_token_goes_to_the_config_file_at_0600_without_keyring():
    config = load_config()
    where = credentials.store_token(config, "https://paperless.example/", "abc123")
    assert where == "config file"
    assert stat.S_IMODE(config_file().stat().st_mode) == 0o600
    again = load_config()
    assert again.default_profile == "paperless.example"
    assert again.profile().url == "https://paperless.example"
    assert again.profile().token == "abc123"
    assert credentials.stored_token(again, "https://paperless.example") == "abc123"
    credentials.forget_token(again, "https://paperless.example")
    assert credentials.stored_token(load_config(), "https://paperless.example") is None


def test_token_goes_to_the_keyring_when_there_is_one(memory_keyring):
    config = load_config()
    where = credentials.store_token(config, "https://paperless.example", "abc123")
    assert where == "keyring"
    assert "abc123" not in config_file().read_text()
    assert memory_keyring.secrets == {("paperless-tui", "https://paperless.example"): "abc123"}
    assert credentials.stored_token(load_config(), "https://paperless.example/") == "abc123"


def test_fail_and_null_keyrings_count_as_none(monkeypatch):
    import keyring
    from keyring.backends import fail, null

    for backend in (fail.Keyring(), null.Keyring()):
        monkeypatch.setattr(keyring, "get_keyring", lambda backend=backend: backend)
        assert REAL_KEYRING_BACKEND() is None


def test_resolution_order(monkeypatch):
    write_config(
        'default_profile = "home"\n[profiles.home]\nurl = "https://home.example"\ntoken = "home-token"\n'
        '[profiles.work]\nurl = "https://work.example"\ntoken = "work-token"\n'
    )
    config = load_config()
    env = {"PAPERLESS_URL": "https://env.example", "PAPERLESS_TOKEN": "env-token"}

    c = resolve_connection(config, url="https://args.example", token="args-token", environ=env)
    assert (c.url, c.token, c.source) == ("https://args.example", "args-token", "arguments")
    c = resolve_connection(config, profile="work", environ=env)
    assert (c.url, c.token, c.source) == ("https://env.example", "env-token", "environment")
    c = resolve_connection(config, profile="work", environ={})
    assert (c.url, c.token, c.source, c.profile) == ("https://work.example", "work-token", "profile", "work")
    c = resolve_connection(config, environ={})
    assert (c.url, c.token, c.profile) == ("https://home.example", "home-token", "home")
    # --url with no token: the env token is not sent to a different server ...
    c = resolve_connection(config, url="https://args.example", environ=env)
    assert c.token is None
    # ... but a token stored for that URL is used
    c = resolve_connection(config, url="https://work.example/", environ=env)
    assert c.token == "work-token"


def test_resolution_errors():
    config = load_config()
    with pytest.raises(ConfigError, match="no server given"):
        resolve_connection(config, environ={})
    with pytest.raises(ConfigError, match="no profile called 'x'"):
        resolve_connection(config, profile="x", environ={})
    with pytest.raises(ConfigError, match="must start with http"):
        resolve_connection(config, url="ftp://x", environ={})
    assert (
        resolve_connection(config, url="paperless.local:8000/", environ={}).url
        == "http://paperless.local:8000"
    )


def test_token_is_never_in_repr():
    write_config('[profiles.home]\nurl = "https://home.example"\ntoken = "s3cret-token"\n')
    config = load_config()
    connection = resolve_connection(config, environ={})
    assert "s3cret-token" not in repr(config)
    assert "s3cret-token" not in repr(connection)


def test_state_is_remembered_per_profile():
    assert load_state("home") == {}
    save_state("home", {"tags": [1, 2]})
    save_state("work", {"query": "x"})
    assert load_state("home") == {"tags": [1, 2]}
    assert load_state("work") == {"query": "x"}
    (data_dir() / "state.json").write_text("{broken")
    assert load_state("home") == {}


USER_FILE = """\
# My paperless-tui settings.
default_profile = "home"   # the one I use most
theme = "textual-dark"

# Servers
[profiles.home]
url = "https://h.example"  # at home
colour = "blue"            # not a key the app knows

[profiles.work]
url = "https://w.example"

[keymap]
"search.focus" = "slash"   # as it was

[plugins]                  # a section the app knows nothing of
enabled = ["a", "b"]
"""


def test_saving_edits_the_users_file_in_place():
    write_config(USER_FILE)
    config = load_config()
    config.theme = "textual-light"  # what ctrl+t does
    save_config(config)
    text = config_file().read_text(encoding="utf-8")
    assert text == USER_FILE.replace('theme = "textual-dark"', 'theme = "textual-light"')
    config = load_config()
    config.profiles["work"].token = "t0k"  # a login without a keyring
    config.profiles["home"].default_view = None
    del config.keymap["search.focus"]
    save_config(config)
    text = config_file().read_text(encoding="utf-8")
    assert "# My paperless-tui settings." in text and "# the one I use most" in text
    assert 'colour = "blue"            # not a key the app knows' in text
    assert "[plugins]" in text and 'enabled = ["a", "b"]' in text
    again = load_config()
    assert again.profile("work").token == "t0k" and again.theme == "textual-light"
    assert again.keymap == {}
    assert again.extra == {"plugins": {"enabled": ["a", "b"]}}
