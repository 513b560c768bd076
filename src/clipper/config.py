"""Settings, and where each one came from.

Precedence, strongest first: the command line, the environment
(`CLIPPER_*`), the vault's `.clipper/config.toml`, the user's
`$XDG_CONFIG_HOME/clipper/config.toml` (default `~/.config`), the defaults.
The vault root itself cannot come from the vault's own file; every other
setting can. Nothing is read at import time: `load_settings` reads when
called, and returns a frozen `Settings` with `sources[key]` saying where each
value came from (what `clip config` shows).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clipper.errors import UsageError
from clipper.limits import MAX_TIMEOUT
from clipper.vault import VaultLayout, vault_above

if TYPE_CHECKING:
    from clipper.vault import VaultLayout

LINK_STYLES = ("wikilink", "markdown")
HASH_MODES = ("lip", "full")
RENDER_MODES = ("auto", "always", "never")
LANGUAGES = ("fr", "en")
DIGEST_DEFAULTS = {"fr": ("Récoltes", "YYYY-MM-DD [Récolte]"), "en": ("Harvests", "YYYY-MM-DD [Harvest]")}
"""language -> (digest folder inside the notes folder, digest file-name pattern)."""


@dataclass(frozen=True)
class DigestOptions:
    """Where the digest goes and in which language (`Settings.digest_options`)."""

    folder: str = "vault/Récoltes"
    """Vault-relative folder of the digests."""
    name: str = "YYYY-MM-DD [Récolte]"
    """The file name (without `.md`), a Moment.js pattern of the night's date."""
    language: str = "fr"


@dataclass(frozen=True)
class Settings:
    vault: Path
    notes_folder: str = "vault"
    attachments_folder: str = "attachments"
    tags: tuple[str, ...] = ()
    link_style: str = "wikilink"
    hash_mode: str = "lip"
    timeout: float = 30.0
    per_host: int = 2
    user_agent: str | None = None
    language: str = "fr"
    digest: bool = True
    digest_folder: str | None = None
    """Default: `<notes_folder>/Récoltes` (`Harvests` in English)."""
    digest_name: str | None = None
    """A Moment.js pattern; default `YYYY-MM-DD [Récolte]` (`[Harvest]` in English)."""
    render: str = "auto"
    """Render pages in a browser: "auto" (when the static page looks script-built), "always", "never"."""
    browser: str | None = None
    """The Chromium to render with (path or command name); None looks on PATH."""
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)
    """What the user should hear about the configuration (a setting that is ignored)."""

    def layout(self) -> VaultLayout:

        return VaultLayout(self.vault, self.notes_folder, self.attachments_folder)

    def digest_options(self, language: str | None = None, *, enabled: bool = True) -> DigestOptions | None:
        """Where the re-harvest's digest goes, in `language` (default: the setting); None when turned off."""
        if not (enabled and self.digest):
            return None
        language = language or self.language
        folder, name = DIGEST_DEFAULTS[language]
        return DigestOptions(
            folder=self.digest_folder or f"{self.notes_folder}/{folder}",
            name=self.digest_name or name,
            language=language,
        )


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a non-empty text")
    return value.strip()


def _header_text(value: object) -> str:
    text = _text(value)
    if not text.isascii() or not text.isprintable():
        raise ValueError("expected printable ASCII (it is sent as an HTTP header)")
    return text


def _folder(value: object) -> str:
    text = _text(value).strip("/")
    if not text or ".." in Path(text).parts or Path(text).is_absolute():
        raise ValueError("expected a folder inside the vault")
    return text


def _tags(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple) or not all(isinstance(tag, str) for tag in value):
        raise ValueError("expected a list of tags")
    return tuple(tag.strip() for tag in value if tag.strip())


def _choice(options: tuple[str, ...]) -> Callable[[object], str]:
    def parse(value: object) -> str:
        text = _text(value).lower()
        if text not in options:
            raise ValueError(f"expected one of {', '.join(options)}")
        return text

    return parse


def _boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError("expected true or false")


def _file_name_pattern(value: object) -> str:
    text = _text(value)
    if any(char in text for char in '/\\:*?"<>|#^') or text.endswith((".", " ")):
        raise ValueError('expected a file name (no / \\ : * ? " < > | # ^)')
    return text


def _positive(kind: type, at_most: float = float("inf")) -> Callable[[object], float | int]:
    def parse(value: object) -> float | int:
        number: float | int = kind(value)
        if not 0 < number <= at_most:  # nan fails both
            raise ValueError(
                f"expected a positive number up to {at_most:g}"
                if at_most < float("inf")
                else "expected a positive number"
            )
        return number

    return parse


# setting -> (parser, environment variable)
_SETTINGS: dict[str, tuple[Callable[[object], object], str]] = {
    "vault": (lambda value: Path(_text(value)).expanduser(), "CLIPPER_VAULT"),
    "notes_folder": (_folder, "CLIPPER_NOTES_FOLDER"),
    "attachments_folder": (_folder, "CLIPPER_ATTACHMENTS_FOLDER"),
    "tags": (_tags, "CLIPPER_TAGS"),
    "link_style": (_choice(LINK_STYLES), "CLIPPER_LINK_STYLE"),
    "hash_mode": (_choice(HASH_MODES), "CLIPPER_HASH"),
    "timeout": (_positive(float, MAX_TIMEOUT), "CLIPPER_TIMEOUT"),
    "per_host": (_positive(int), "CLIPPER_PER_HOST"),
    "user_agent": (_header_text, "CLIPPER_USER_AGENT"),
    "language": (_choice(LANGUAGES), "CLIPPER_LANGUAGE"),
    "digest": (_boolean, "CLIPPER_DIGEST"),
    "digest_folder": (_folder, "CLIPPER_DIGEST_FOLDER"),
    "digest_name": (_file_name_pattern, "CLIPPER_DIGEST_NAME"),
    "render": (_choice(RENDER_MODES), "CLIPPER_RENDER"),
    "browser": (_text, "CLIPPER_BROWSER"),
}


def user_config_path(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME", "~")).expanduser() / ".config")
    return Path(base) / "clipper" / "config.toml"


def vault_config_path(vault: Path) -> Path:
    return vault / ".clipper" / "config.toml"


def load_settings(
    command_line: Mapping[str, object], *, env: Mapping[str, str] | None = None, cwd: Path | None = None
) -> Settings:
    """The effective settings; `command_line` holds only the options the user gave."""
    env = os.environ if env is None else env
    here = cwd or Path.cwd()
    values: dict[str, Any] = {"vault": vault_above(here) or here}  # run inside a vault: that vault
    sources = {name: "default" for name in _SETTINGS}
    user_file = user_config_path(env)
    layers = [(f"user config ({user_file})", _read_toml(user_file))]
    environment = {name: env[var] for name, (_, var) in _SETTINGS.items() if env.get(var)}
    given = {name: value for name, value in command_line.items() if value not in (None, ())}
    vault = _vault_from(given, environment, layers, values, sources)
    vault_file = vault_config_path(vault)
    vault_layer = _read_toml(vault_file)
    warnings = []
    if "vault" in vault_layer:
        del vault_layer["vault"]
        warnings.append(f"'vault' is ignored in the vault's own configuration file: {vault_file}")
    layers.append((f"vault config ({vault_file})", vault_layer))
    layers.append(("environment", environment))
    layers.append(("command line", given))
    for origin, layer in layers:
        for name, raw in layer.items():
            if name == "vault":
                continue  # settled by _vault_from
            values[name] = _parse(name, raw, origin)
            sources[name] = origin if origin != "environment" else f"environment ({_SETTINGS[name][1]})"
    return Settings(**values, sources=sources, warnings=tuple(warnings))


def describe(settings: Settings) -> list[tuple[str, str, str]]:
    """(setting, value, where it came from) rows for `clip config`."""
    folder, name = DIGEST_DEFAULTS[settings.language]
    defaults = {"digest_folder": f"{settings.notes_folder}/{folder}", "digest_name": name}
    rows = []
    for item in fields(Settings):
        if item.name in ("sources", "warnings"):  # not settings: the warnings are said on their own
            continue
        value = getattr(settings, item.name)
        if value is None and item.name in defaults:
            value = defaults[item.name]  # what the digest uses, in the note's language
        shown = ", ".join(value) if isinstance(value, tuple) else ("" if value is None else str(value))
        rows.append((item.name, shown, settings.sources.get(item.name, "default")))
    return rows


def _vault_from(
    given: Mapping[str, object],
    environment: Mapping[str, object],
    layers: list[tuple[str, dict[str, Any]]],
    values: dict[str, Any],
    sources: dict[str, str],
) -> Path:
    for origin, layer in (("command line", given), ("environment (CLIPPER_VAULT)", environment), *layers[::-1]):
        if "vault" in layer:
            values["vault"] = _parse("vault", layer["vault"], origin)
            sources["vault"] = origin
            break
    return Path(values["vault"])


def _parse(name: str, raw: object, origin: str) -> object:
    if name not in _SETTINGS:
        raise UsageError(f"unknown setting {name!r} in {origin}")
    parser, _ = _SETTINGS[name]
    try:
        return parser(raw)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"bad value for {name!r} in {origin}: {exc}") from exc


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as stream:
            data = tomllib.load(stream)
    except (FileNotFoundError, NotADirectoryError):
        return {}  # no file; a vault path that is not a folder is the vault check's to report
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"cannot read the configuration file ({exc})", str(path)) from exc
    return {key.replace("-", "_"): value for key, value in data.items()}
