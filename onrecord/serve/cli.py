"""``onrecord serve``: the web app and HTTP API on one ledger file."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from onrecord.ledger.commands import DB_HELP


@click.command()
@click.option("--db", "db", envvar="ONRECORD_DB", default="onrecord.db", show_default=True, help=DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default; 0.0.0.0 exposes the server to the network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--token-file", type=click.Path(dir_okay=False),
              help="File whose first line is the write token (else $ONRECORD_TOKEN; neither: read-only).")
@click.option("--allow-private", is_flag=True, help="Let 'Add an article' fetch URLs on private or loopback addresses.")
def serve(db: str, host: str, port: int, token_file: Optional[str], allow_private: bool) -> None:
    """Serve the ledger as a web app (search, articles, speakers, stories,
    numbers, watches, add an article) and an HTTP API under /api/v1."""
    import uvicorn

    from onrecord.serve.app import create_app
    from onrecord.serve.config import load_token

    token = load_token(token_file)
    new = db != ":memory:" and not Path(db).exists()
    app = create_app(db, token=token, allow_private=allow_private)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"onrecord: serving {db}{' (a new, empty ledger)' if new else ''} at http://{shown}:{port}/ "
               f"({'writes need the token' if token else 'read-only: no write token set'}); Ctrl-C stops", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
