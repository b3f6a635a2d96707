"""Click options that more than one command takes (``extract`` and the
ledger's ``ingest``), defined once."""

from __future__ import annotations

import click


def _switch_encoder_off(ctx: click.Context, param: click.Parameter, fast: bool) -> None:
    if fast:
        from onrecord.extract.attribution.encoder import switch_off

        switch_off()


fast_option = click.option(
    "--fast", is_flag=True, expose_value=False, callback=_switch_encoder_off,
    help="Tag attributions with the CRF alone, without the transformer encoder: "
         "about twice as fast, lower recall (docs/benchmarks.md).")


#: statement types a view can ask for; ``all`` is every one of them
STATEMENT_TYPES = ("speech", "belief", "topic")


def statement_types(choice: str) -> tuple[str, ...]:
    """The types ``--type`` selects: one of them, or all three."""
    return STATEMENT_TYPES if choice == "all" else (choice,)


type_option = click.option(
    "--type", "statement_type", type=click.Choice([*STATEMENT_TYPES, "all"]), default="speech",
    show_default=True,
    help="Which statements to show: speech (said or written), belief (hopes, believes, wants), "
         "topic (talked about X), or all.")
