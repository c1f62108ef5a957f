"""Thin click commands over the library functions; each area registers its commands here."""

from __future__ import annotations

import click


@click.group()
@click.version_option(package_name="eventwire")
def main() -> None:
    """eventwire: audited, geocoded, deduplicated event records from news reports."""


def _register() -> None:
    # Each area keeps its commands in its own module; importing it attaches them to `main`.
    import importlib

    for name in ("extract", "geo", "store", "evaluate", "dedup"):
        try:
            importlib.import_module(f"eventwire.cli.{name}")
        except ModuleNotFoundError as exc:  # an area not written yet
            if exc.name != f"eventwire.cli.{name}":
                raise


_register()
