"""Commands that look after the vault: `reharvest` and its `digest`, `config`, `doctor`, and the shell `completion`."""

from __future__ import annotations

import datetime as dt
import os

import click

from clipper.cli.app import TIMEOUT, VAULT_OPTION, cli, engine_options, parse_date, settings_from


@cli.command("reharvest", short_help="Bring every clipped note up to date with its page.")
@VAULT_OPTION
@engine_options("Pages fetched")
@click.option("--only", metavar="PATTERN", help="Only notes whose path or source matches (glob or substring).")
@click.option("--dry-run", is_flag=True, help="Fetch and compare, write nothing.")
@click.option("--quiet", is_flag=True, help="Print only notes that changed or failed, and the summary.")
@click.option("--timeout", type=TIMEOUT, default=None, help="Seconds allowed for each page (default 30).")
@click.option(
    "--date",
    "harvest_date",
    metavar="YYYY-MM-DD",
    callback=parse_date,
    help="The date written in Historique (default: today).",
)
@click.option("--no-digest", is_flag=True, help="Write no digest note of the night (setting: digest = false).")
@click.option(
    "--langue",
    "language",
    type=click.Choice(["fr", "en"]),
    default=None,
    help="Language of the digest note (default: the language setting, else French).",
)
def reharvest_command(
    vault_root: str | None,
    jobs: int,
    per_host: int | None,
    delay: float,
    only: str | None,
    dry_run: bool,
    quiet: bool,
    timeout: float | None,
    harvest_date: dt.date | None,
    no_digest: bool,
    language: str | None,
) -> int:
    """Bring every clipped note of the vault up to date with its page; say what changed in a digest note."""
    # deferred: `clip --help` loads only the command table; each command imports what it runs
    from clipper.engine import extraction_pool, freeze_the_imports

    settings = settings_from(vault=vault_root, per_host=per_host, timeout=timeout)
    with extraction_pool() as workers:  # first: they import what they run while this process imports the rest
        from clipper.cli_report import report_harvest
        from clipper.reharvest import HarvestOptions

        options = HarvestOptions(
            jobs=jobs,
            per_host=settings.per_host,
            delay=delay,
            only=only,
            dry_run=dry_run,
            timeout=settings.timeout,
            today=harvest_date or dt.date.today(),
            link_style=settings.link_style,
            hash_mode=settings.hash_mode,
            user_agent=settings.user_agent,
            digest=settings.digest_options(language, enabled=not no_digest),
            render=settings.render,
            browser=settings.browser,
        )
        freeze_the_imports()
        return report_harvest(settings.layout(), options, quiet=quiet, workers=workers)


@cli.command("digest", short_help="Print what the re-harvests changed overnight.")
@VAULT_OPTION
@click.option(
    "--since", metavar="YYYY-MM-DD", callback=parse_date, help="Every night from this date (default: the last one)."
)
@click.option("--langue", "language", type=click.Choice(["fr", "en"]), default=None, help="Language of the summary.")
def digest_command(vault_root: str | None, since: dt.date | None, language: str | None) -> None:
    """Print what the re-harvests changed overnight, from the state (the vault is not touched)."""
    # deferred: `clip --help` loads only the command table; each command imports what it runs
    from clipper.digest import summaries

    settings = settings_from(vault=vault_root)
    language = language or settings.language
    click.echo("\n\n".join(summaries(settings.layout(), since=since, today=dt.date.today(), language=language)))


@cli.command("config", short_help="Show the settings and where each one comes from.")
@VAULT_OPTION
def config_command(vault_root: str | None) -> None:
    """Show the effective settings and where each one comes from."""
    # deferred: `clip --help` loads only the command table; each command imports what it runs
    from clipper.config import describe, user_config_path, vault_config_path
    from clipper.render import browser_found

    settings = settings_from(vault=vault_root)
    if not settings.vault.is_dir():
        click.echo(f"clip: warning: the vault folder does not exist: {settings.vault}", err=True)
    width = max(len(name) for name, _, _ in describe(settings))
    for name, value, source in describe(settings):
        if name == "browser":
            value, source = browser_found(settings.browser, source)
        click.echo(f"{name:<{width}}  {value or '-'}  [{source}]")
    files = (user_config_path(os.environ), vault_config_path(settings.vault))
    click.echo("\nfiles: " + ", ".join(f"{file}{'' if file.is_file() else ' (none)'}" for file in files))


@cli.command("doctor", short_help="Check the vault; --fix repairs what is safe.")
@VAULT_OPTION
@click.option("--fix", is_flag=True, help="Repair what is safe: state database, missing attachments.")
@click.option("--prune", is_flag=True, help="Also delete attachments that no note uses.")
def doctor_command(vault_root: str | None, fix: bool, prune: bool) -> int:
    """Check the vault: missing or unused attachments, broken notes, state out of sync."""
    # deferred: `clip --help` loads only the command table; each command imports what it runs
    from clipper.cli_report import run_doctor

    return run_doctor(settings_from(vault=vault_root), fix=fix, prune=prune)


@cli.command("completion", short_help="Print the shell completion script (bash, zsh, fish).")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion_command(shell: str) -> None:
    """Print the shell completion script: `clip completion bash >> ~/.bashrc`, or zsh and fish
    into their completion folders. It completes commands, options and --version."""
    # deferred: `clip --help` loads only the command table; each command imports what it runs
    from click.shell_completion import get_completion_class

    completion_class = get_completion_class(shell)
    if completion_class is None:  # the choice above admits only shells click knows
        raise click.UsageError(f"no completion for {shell}")
    click.echo(completion_class(cli, {}, "clip", "_CLIP_COMPLETE").source())
