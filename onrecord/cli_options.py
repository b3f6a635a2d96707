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
