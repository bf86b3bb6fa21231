"""The command line: a thin click shell over `itinerary.api`, one command per API function.

Exit status: 0 success; 1 a user error (one line on stderr) or, with `check --strict`, an
inconsistent claim; 2 some input files were skipped (each named on stderr, as grep does).
"""
from __future__ import annotations

import sys

import click

from . import __version__
from .errors import ItineraryError

_FORMAT_HELP = "Output format."


def _common(f):
    f = click.option("--country", metavar="CC", help="Prefer places in this country (ISO code, e.g. RU).")(f)
    f = click.option("--near", metavar="LAT,LON", help="Prefer places near this point.")(f)
    f = click.option("--gazetteer", "gazetteers", multiple=True, type=click.Path(dir_okay=False),
                     help="Extra gazetteer: a CSV in the gazetteer.csv schema or a GeoNames dump (repeatable).")(f)
    f = click.argument("paths", nargs=-1, required=True, type=click.Path())(f)
    return f


class _Group(click.Group):
    """Turns every ItineraryError into one line on stderr and a non-zero exit (no traceback)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ItineraryError as e:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"itinerary: error: {e}", err=True)
            sys.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("itinerary: interrupted", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="itinerary")
@click.option("--debug", is_flag=True, help="Show full tracebacks for errors.")
@click.pass_context
def main(ctx, debug):
    """Turn news articles into a checked, mapped journey.

    PATHS are article files or folders (.txt, .md, .html; folders are read recursively).
    """
    ctx.obj = {"debug": debug}


def _emit(text: str, output: str | None) -> None:
    if output:
        from .render.exports import write_atomic

        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


def _report_skipped(skipped) -> None:
    for s in skipped:
        click.echo(f"{s.path}: skipped: {s.reason}", err=True)
    if skipped:
        sys.exit(2)


@main.command()
@_common
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv", "geojson"]), default="table",
              show_default=True, help=_FORMAT_HELP)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
def places(paths, gazetteers, near, country, fmt, output):
    """Every place mention, linked to coordinates through the gazetteer."""
    from . import api
    from .render import serialize as ser

    found = api.places(paths, gazetteers, near, country)
    if fmt == "table":
        text = ser.places_table(found.mentions)
    elif fmt == "json":
        text = ser.dumps(ser.places_dict(found.documents, found.mentions))
    elif fmt == "jsonl":
        text = ser.places_jsonl(found.documents, found.mentions)
    elif fmt == "csv":
        from .render.exports import places_csv

        text = places_csv(found.mentions)
    else:
        from .render.exports import places_geojson

        text = ser.dumps(places_geojson(found.mentions))
    _emit(text, output)
    _report_skipped(found.skipped)


@main.command()
@_common
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "geojson"]), default="table",
              show_default=True, help=_FORMAT_HELP)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
def route(paths, gazetteers, near, country, fmt, output):
    """The journey: stops in travel order with dates, status, role and evidence; legs; claims."""
    from . import api
    from .render import serialize as ser

    itin = api.route(paths, gazetteers, near, country)
    if fmt == "table":
        text = ser.route_table(itin)
    elif fmt == "json":
        text = ser.route_json_text(itin)
    elif fmt == "csv":
        from .render.exports import route_csv

        text = route_csv(itin)
    else:
        from .render.exports import route_geojson

        text = ser.dumps(route_geojson(itin))
    _emit(text, output)
    _report_skipped(itin.skipped)


@main.command()
@_common
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help=_FORMAT_HELP)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@click.option("--strict", is_flag=True, help="Exit with status 1 if any claim is inconsistent.")
def check(paths, gazetteers, near, country, fmt, output, strict):
    """Distances the articles report, measured and judged."""
    from . import api
    from .render import serialize as ser

    checked = api.check(paths, gazetteers, near, country)
    text = ser.check_table(checked.claims) if fmt == "table" else ser.dumps(ser.check_dict(checked.documents,
                                                                                           checked.claims))
    _emit(text, output)
    _report_skipped(checked.skipped)
    if strict and any(c.verdict in ("inconsistent", "unit-mismatch") for c in checked.claims):
        sys.exit(1)


@main.command(name="map")
@_common
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Output file: .html (map), .geojson, .csv or .json (chosen by extension).")
@click.option("--title", help="Title shown on the map.")
@click.option("--assets", type=click.Choice(["inline", "cdn"]), default="inline", show_default=True,
              help="Embed Leaflet and other assets in the page (works offline) or link them from CDNs.")
@click.option("--embed", is_flag=True, help="Also print an iframe snippet for embedding the map.")
def map_command(paths, gazetteers, near, country, output, title, assets, embed):
    """Write an interactive map of the journey (self-contained HTML), or an export by extension."""
    from . import api

    out = api.map(paths, output, title=title, gazetteers=gazetteers, near=near, country=country, assets=assets)
    click.echo(f"wrote {out}", err=True)
    if embed:
        from .render.map import embed_snippet

        click.echo(embed_snippet(out.name, title or "Journey map"))


if __name__ == "__main__":  # pragma: no cover
    main()
