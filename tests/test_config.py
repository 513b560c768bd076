"""Settings come from the command line, the environment, the vault's config
file and the user's, in that order of strength; `sources` says which."""

import pytest

from clipper.config import load_settings
from clipper.errors import UsageError


@pytest.fixture
def homes(tmp_path):
    user = tmp_path / "xdg" / "clipper"
    user.mkdir(parents=True)
    vault = tmp_path / "Notes"
    (vault / ".clipper").mkdir(parents=True)
    return tmp_path, user / "config.toml", vault / ".clipper" / "config.toml", vault


def settings(tmp_path, given=None, **env):
    return load_settings(given or {}, env={"XDG_CONFIG_HOME": str(tmp_path / "xdg"), **env}, cwd=tmp_path)


def test_defaults(homes):
    tmp_path, *_ = homes
    current = settings(tmp_path)
    assert (current.vault, current.notes_folder, current.attachments_folder) == (tmp_path, "vault", "attachments")
    assert current.link_style == "wikilink" and current.hash_mode == "lip" and current.per_host == 2
    assert set(current.sources.values()) == {"default"}


def test_vault_file_wins_over_user_file(homes):
    tmp_path, user, vault_file, vault = homes
    user.write_text(f'vault = "{vault}"\ntags = ["web"]\nlink_style = "wikilink"\n')
    vault_file.write_text('link-style = "markdown"\nattachments_folder = "media/images"\n')
    current = settings(tmp_path)
    assert current.vault == vault
    assert current.tags == ("web",)
    assert current.link_style == "markdown" and current.attachments_folder == "media/images"
    assert current.sources["link_style"].startswith("vault config")
    assert current.sources["tags"].startswith("user config")


def test_environment_wins_over_files_and_command_line_over_all(homes):
    tmp_path, user, vault_file, vault = homes
    vault_file.write_text("timeout = 5\nper_host = 3\n")
    current = settings(tmp_path, {"vault": str(vault), "per_host": 4}, CLIPPER_TIMEOUT="7", CLIPPER_PER_HOST="9")
    assert current.timeout == 7.0 and current.sources["timeout"] == "environment (CLIPPER_TIMEOUT)"
    assert current.per_host == 4 and current.sources["per_host"] == "command line"


def test_vault_root_cannot_come_from_the_vault_itself(homes):
    tmp_path, _, vault_file, vault = homes
    vault_file.write_text('vault = "/elsewhere"\n')
    assert settings(tmp_path, {"vault": str(vault)}).vault == vault


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('link_style = "html"', "link_style"),
        ('user_agent = "clipper é"', "user_agent"),
        ("timeout = -1", "timeout"),
        ('notes_folder = "../outside"', "notes_folder"),
        ('colour = "blue"', "unknown setting 'colour'"),
        ("not toml at all [", "cannot read the configuration file"),
    ],
)
def test_bad_configuration_is_a_one_line_usage_error(homes, content, message):
    tmp_path, user, *_ = homes
    user.write_text(content)
    with pytest.raises(UsageError, match=message) as caught:
        settings(tmp_path)
    assert "\n" not in str(caught.value)


def test_from_inside_a_vault_the_default_vault_is_the_one_the_folder_is_in(tmp_path):
    """Run from `<vault>/vault/Cours/`, a command works on the vault (as git finds its repository)."""
    from clipper.config import load_settings

    (tmp_path / "Notes" / ".clipper").mkdir(parents=True)
    inside = tmp_path / "Notes" / "vault" / "Cours"
    inside.mkdir(parents=True)
    assert load_settings({}, env={"HOME": str(tmp_path)}, cwd=inside).vault == tmp_path / "Notes"
    elsewhere = tmp_path / "Ailleurs"
    elsewhere.mkdir()
    assert load_settings({}, env={"HOME": str(tmp_path)}, cwd=elsewhere).vault == elsewhere


def test_clip_config_shows_the_digest_defaults_and_which_files_exist(run_clip, vault):
    shown = run_clip("config", "--vault", str(vault)).out
    assert "digest_folder       vault/Récoltes  [default]" in shown
    assert "digest_name         YYYY-MM-DD [Récolte]  [default]" in shown
    assert "warnings" not in shown
    assert f"{vault / '.clipper' / 'config.toml'} (none)" in shown
