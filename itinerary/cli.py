"""The command line: a thin click shell over `itinerary.api`, one command per API function.

Exit status: 0 success (also `itinerary` alone, which prints the help, and a reader that stopped
reading, as in `itinerary places big/ | head`); 1 a user error (one line on stderr), a run in which
no file could be read, or, with `check --strict`, an inconsistent claim; 2 some input files were
skipped (each named on stderr as `path: skipped: reason`, as grep does) but the rest were
processed; 3 an internal error (a bug: one line, `--debug` shows the traceback); 130 interrupted
(Ctrl-C), 143 terminated (SIGTERM, from `kill` or `timeout`). An interrupted run leaves its
output as it was and no temporary file behind.

Outputs (-o) go through `itinerary.outputs`: checked before the work starts (never one of the
inputs, never a device), then written atomically.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import INTERNAL_ERROR_EXIT, ItineraryError
from .outputs import SIGINT_EXIT, SIGTERM_EXIT, Terminated, is_stdout, sigterm_raises

_FORMAT_HELP = "Output format."


def _common(f):
    f = click.option("--progress/--no-progress", default=None,
                     help="Show a progress bar on stderr (default: when stderr is a terminal and there are "
                          "20 files or more).")(f)
    f = click.option("--max-size", type=click.FloatRange(min=0, min_open=True), default=20.0, show_default=True,
                     metavar="MB", help="Skip files larger than this many megabytes.")(f)
    f = click.option("-j", "--jobs", type=click.IntRange(min=0), default=None, metavar="N",
                     help="Read, find places, events and claims with N processes (0: one per CPU; default: one "
                          "per CPU for 200 files "
                          "or more, else one). Output is the same whatever N.")(f)
    f = click.option("--country", metavar="CC", help="Prefer places in this country (ISO code, e.g. RU).")(f)
    f = click.option("--near", metavar="LAT,LON", help="Prefer places near this point.")(f)
    f = click.option("--gazetteer", "gazetteers", multiple=True, type=click.Path(dir_okay=False),
                     help="Extra gazetteer: a CSV in the gazetteer.csv schema or a GeoNames dump (repeatable).")(f)
    f = click.argument("paths", nargs=-1, required=True, type=click.Path())(f)
    return f


def _geocoding(f):
    f = click.option("--geocoder-url", metavar="URL", default=None,
                     help="The Nominatim service to ask (default: https://nominatim.openstreetmap.org).")(f)
    f = click.option("--user-agent", metavar="TEXT", default=None,
                     help="Who is asking, as Nominatim's usage policy requires, e.g. 'newsroom-maps/1.0 "
                          "(maps@example.org)' (default: $ITINERARY_USER_AGENT).")(f)
    f = click.option("--geocoder", type=click.Choice(["none", "nominatim"]), default="none", show_default=True,
                     help="Look up names the gazetteer lacks (next to a movement or facility word) online, "
                          "one request per second, cached: sends those names to the service.")(f)
    return f


def _engine(f):
    f = click.option("--scheduler", metavar="ADDRESS", default=None,
                     help="With --engine dask: the address of a running Dask scheduler (tcp://host:8786); "
                          "default: a local cluster of one worker per CPU (or -j N).")(f)
    f = click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                     help="Where the per-document work runs: this machine's processes (-j), or a Dask cluster "
                          "(pip install 'itinerary[dask]'). Output is the same either way.")(f)
    return f


def _make_geocoder(geocoder: str, user_agent: str | None, url: str | None):
    """The online geocoder the options ask for (None: off); a missing User-Agent is an error here,
    before any work."""
    if geocoder == "none":
        if user_agent is not None or url is not None:
            raise click.UsageError("--user-agent and --geocoder-url need --geocoder nominatim")
        return None
    from .geocoders import DEFAULT_URL, Nominatim

    return Nominatim(user_agent=user_agent, url=url or DEFAULT_URL)


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


class _Group(click.Group):
    """Turns every error into one line on stderr and a non-zero exit (no traceback unless --debug);
    SIGTERM is handled as Ctrl-C is; a closed stdout ends the run quietly with status 0."""

    def main(self, *args, **kwargs):
        with sigterm_raises():
            try:
                return super().main(*args, **kwargs)
            finally:
                _flush_stdout()  # here, not at exit, where a closed pipe would print a warning

    def parse_args(self, ctx, args):
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            # click would print the help and exit 2, which here means "files were skipped".
            click.echo(ctx.get_help())
            ctx.exit(0)
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ItineraryError as e:
            if _debug(ctx):
                raise
            for line in getattr(e, "lines", None) or (e,):  # ValidationError: one line per problem
                click.echo(f"itinerary: error: {_one_line(line)}", err=True)
            sys.exit(e.exit_code)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as e:
            # click would print the usage block and exit 2, which here means "files were skipped".
            hint = f" (see '{e.ctx.command_path} --help')" if e.ctx is not None else ""
            click.echo(f"itinerary: error: {_one_line(e.format_message())}{hint}", err=True)
            sys.exit(1)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt as e:
            terminated = isinstance(e, Terminated)
            click.echo(f"itinerary: {'terminated' if terminated else 'interrupted'}", err=True)
            sys.exit(SIGTERM_EXIT if terminated else SIGINT_EXIT)
        except BrokenPipeError as e:
            if _stdout_closed():  # `itinerary places big/ | head`: the reader has all it wants
                _quiet_stdout()
                sys.exit(0)
            return self._internal(ctx, e)
        except Exception as e:  # noqa: BLE001 - the promise: no traceback reaches the user
            return self._internal(ctx, e)

    @staticmethod
    def _internal(ctx, e: BaseException):
        if _debug(ctx):
            raise e
        msg = _one_line(e)[:300]
        click.echo(f"itinerary: internal error: {type(e).__name__}{': ' + msg if msg else ''} "
                   "(use --debug for the traceback)", err=True)
        sys.exit(INTERNAL_ERROR_EXIT)


def _stdout_closed() -> bool:
    """True if stdout is a pipe whose reader has gone (so a BrokenPipeError came from it)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test runner's buffer)
        return True
    try:
        import select

        poller = select.poll()
        poller.register(fd, 0)
        return any(ev & select.POLLERR for _, ev in poller.poll(0))
    except (ImportError, AttributeError, OSError):  # pragma: no cover - no poll() here
        return True


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so Python's final flush finds no broken pipe to complain about."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):
        pass


def _flush_stdout() -> None:
    """Flush stdout: quietly if its reader has gone, as one error line if it cannot be written."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(0)
    except OSError as e:  # a full disk under `> out.json`: say so rather than exit 0 with half a file
        _quiet_stdout()
        click.echo(f"itinerary: error: cannot write to standard output: {e.strerror or e}", err=True)
        sys.exit(1)
    except (AttributeError, ValueError):  # no stdout, or a closed one
        pass


def _debug(ctx) -> bool:
    return bool(ctx.obj and ctx.obj.get("debug")) or "--debug" in sys.argv[1:2]


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="itinerary")
@click.option("--debug", is_flag=True, help="Show full tracebacks for errors.")
@click.pass_context
def main(ctx, debug):
    """Turn news articles into a checked, mapped journey.

    PATHS are article files or folders (.txt, .md, .html; folders are read recursively). Files that
    cannot be read are named on stderr and skipped; the exit status is then 2. To route, check or
    map a journey corrected by hand, name the route JSON, GeoJSON or CSV it was written as
    (`route --format json -o trip.json`, edit, `map trip.json -o trip.html`).
    """
    ctx.obj = {"debug": debug}


class _Reporter:
    """Prints notes and skipped files on stderr as they are met (`path: note: ...`)."""

    def __init__(self, paths):
        self.skipped = 0
        # A run over one named file that cannot be read fails with one line, the error itself.
        from .corpora import is_corpus
        from .documents import display_path

        self._quiet = len(paths) == 1 and not Path(paths[0]).is_dir()
        # ... unless it is a corpus (JSON Lines, Parquet): its bad rows are named one by one.
        self._corpus = display_path(Path(paths[0])) if self._quiet and is_corpus(paths[0]) else None

    def note(self, path: str, message: str) -> None:
        click.echo(f"{path}: note: {message}", err=True)

    def skip(self, path: str, reason: str) -> None:
        self.skipped += 1
        if not self._quiet or self._corpus is not None and path != self._corpus:
            click.echo(f"{path}: skipped: {reason}", err=True)


def _opts(rep: _Reporter, jobs, max_size, progress, geocoder=None, engine: str = "local",
          scheduler: str | None = None) -> dict:
    if progress is None:
        progress = sys.stderr.isatty()
    if scheduler is not None and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    return {"jobs": jobs, "max_bytes": int(max_size * 1_000_000), "progress": progress,
            "on_note": rep.note, "on_skip": rep.skip, "geocoder": geocoder, "engine": engine,
            "scheduler": scheduler}


def _preflight(output: str | None, paths, gazetteers) -> None:
    """Before any work: the output can be written and is none of the files the run reads."""
    if output and not is_stdout(output):
        from .outputs import check_output

        check_output(output, paths, gazetteers)


def _emit(text: str, output: str | None) -> None:
    if output and not is_stdout(output):
        from .outputs import write_atomic

        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


def _no_stops(itin) -> None:
    if not itin.stops:
        click.echo("itinerary: no stops found", err=True)


def _finish(rep: _Reporter) -> None:
    if rep.skipped:
        sys.exit(2)


@main.command()
@_common
@_geocoding
@_engine
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv", "geojson"]), default=None,
              help=_FORMAT_HELP + " [default: from -o's extension (.json, .jsonl, .csv, .geojson), else table]")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout (atomically; never one of the inputs; "
                   "- is stdout).")
def places(paths, gazetteers, near, country, jobs, max_size, progress, geocoder, user_agent, geocoder_url, engine,
           scheduler, fmt, output):
    """Every place mention, linked to coordinates through the gazetteer."""
    from . import api
    from .render import serialize as ser

    fmt = _output_format(fmt, output, ("table", "json", "jsonl", "csv", "geojson"))
    geo = _make_geocoder(geocoder, user_agent, geocoder_url)
    _preflight(output, paths, gazetteers)
    rep = _Reporter(paths)
    opts = _opts(rep, jobs, max_size, progress, geo, engine, scheduler)
    if fmt in ("jsonl", "csv"):
        _stream_places(api.extract(paths, gazetteers, near, country, **opts), fmt, output, opts["progress"])
        _finish(rep)
        return
    found = api.places(paths, gazetteers, near, country, **opts)
    if fmt == "table":
        text = ser.places_table(found.mentions)
    elif fmt == "json":
        text = ser.dumps(ser.places_dict(found.documents, found.mentions))
    else:
        from .render.exports import places_geojson

        text = ser.dumps(places_geojson(found.mentions))
    _emit(text, output)
    _finish(rep)


def _stream_places(per_doc, fmt: str, output: str | None, progress: bool) -> None:
    """jsonl and csv one document at a time: memory holds one article, not the corpus.

    To stdout as they come (unless a progress bar shares the terminal: then at the end), or to
    -o through a temporary file that replaces the output only once the run is complete.
    """
    from .render import serialize as ser
    from .render.exports import places_csv

    def chunks():
        first = True
        for doc, mentions in per_doc:
            if fmt == "jsonl":
                yield ser.places_jsonl([doc], mentions)
            else:
                chunk = places_csv(mentions)
                yield chunk if first else chunk.split("\n", 1)[1]  # the header once
                first = False

    if output and not is_stdout(output):
        from .outputs import write_atomic

        write_atomic(output, chunks())
    elif progress and sys.stdout.isatty():
        click.echo("".join(chunks()), nl=False)
    else:
        for chunk in chunks():
            click.echo(chunk, nl=False)


@main.command()
@_common
@_geocoding
@_engine
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv", "geojson"]), default=None,
              help="Output format. [default: table; jsonl with --per-document]")
@click.option("--per-document", is_flag=True,
              help="One journey per article (for archives of unrelated articles), streamed: JSON Lines, one "
                   "route object a line, or Parquet with -o FILE.parquet.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout (atomically; never one of the inputs; "
                   "- is stdout).")
@click.option("--lang", default=None, metavar="CODE|auto",
              help="Language of the table's status and role words (a language code such as id; auto: the "
                   "articles' language when they all agree, else English). Default: English; the "
                   "header, dates and the JSON/CSV/GeoJSON formats are the same in every language.")
def route(paths, gazetteers, near, country, jobs, max_size, progress, geocoder, user_agent, geocoder_url, engine,
          scheduler, fmt, per_document, output, lang):
    """The journey: stops in travel order with dates, status, role and evidence; legs; claims."""
    from . import api
    from .render import serialize as ser

    if per_document:
        _route_per_document(paths, gazetteers, near, country, jobs, max_size, progress, geocoder, user_agent,
                            geocoder_url, engine, scheduler, fmt, output, lang)
        return
    fmt = _output_format(fmt, output, ("table", "json", "csv", "geojson"), per_document_formats=("jsonl",))
    if lang is not None:
        from .render.labels import check_lang

        check_lang(lang)
        if fmt != "table":
            raise click.UsageError("--lang applies to --format table only")
    geo = _make_geocoder(geocoder, user_agent, geocoder_url)
    _preflight(output, paths, gazetteers)
    rep = _Reporter(paths)
    itin = api.route(paths, gazetteers, near, country, **_opts(rep, jobs, max_size, progress, geo, engine, scheduler))
    _no_stops(itin)
    if fmt == "table":
        if lang is not None:
            from .render.labels import resolve

            lang = resolve(itin.documents, lang)
        text = ser.route_table(itin, lang)
    elif fmt == "json":
        text = ser.route_json_text(itin)
    elif fmt == "csv":
        from .render.exports import route_csv

        text = route_csv(itin)
    else:
        from .render.exports import route_geojson

        text = ser.dumps(route_geojson(itin))
    _emit(text, output)
    _finish(rep)


def _route_per_document(paths, gazetteers, near, country, jobs, max_size, progress, geocoder, user_agent,
                        geocoder_url, engine, scheduler, fmt, output, lang) -> None:
    """route --per-document: one route object per article, JSON Lines (stdout or -o) or Parquet
    (-o FILE.parquet), streamed as the articles are read."""
    from . import api

    parquet = bool(output) and not is_stdout(output) and Path(output).suffix.lower() == ".parquet"
    suffix = Path(output).suffix.lower() if output and not is_stdout(output) else ""
    if fmt not in (None, "jsonl") or (parquet and fmt is not None) or suffix not in ("", ".parquet", ".jsonl",
                                                                                         ".ndjson", ".json", ".txt"):
        raise click.UsageError("--per-document writes JSON Lines (--format jsonl) or Parquet (-o FILE.parquet)")
    if lang is not None:
        raise click.UsageError("--lang applies to --format table only")
    geo = _make_geocoder(geocoder, user_agent, geocoder_url)
    _preflight(output, paths, gazetteers)
    if parquet:
        from .corpora import require_pyarrow, routes_parquet

        require_pyarrow("writing Parquet")  # missing: the error before the work
    rep = _Reporter(paths)
    opts = _opts(rep, jobs, max_size, progress, geo, engine, scheduler)
    if parquet:
        from .outputs import write_atomic

        write_atomic(output, routes_parquet(api.route_rows(paths, gazetteers, near, country, **opts)))
    else:
        _stream(api.route_lines(paths, gazetteers, near, country, **opts), output, opts["progress"])
    _finish(rep)


_FORMAT_OF_SUFFIX = {".json": "json", ".geojson": "geojson", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl",
                     ".txt": "table", ".text": "table", ".md": "table"}


def _output_format(fmt: str | None, output: str | None, allowed: tuple[str, ...],
                   per_document_formats: tuple[str, ...] = ()) -> str:
    """The --format given, else the one -o's extension names (trip.json -> json), else table. A
    format or an extension this command cannot write is a usage error, not a file of another kind."""
    suffix = Path(output).suffix.lower() if output and not is_stdout(output) else ""
    if fmt is None:
        if suffix in (".parquet", ".pq"):
            raise click.UsageError("Parquet is written by route --per-document (-o FILE.parquet)")
        if suffix in (".html", ".htm", ".png", ".svg", ".pdf"):
            raise click.UsageError(f"{suffix} is a map: itinerary map ... -o FILE{suffix}")
        fmt = _FORMAT_OF_SUFFIX.get(suffix, "table")
    if fmt in per_document_formats:
        raise click.UsageError(f"--format {fmt} needs --per-document (one journey per article)")
    if fmt not in allowed:
        raise click.UsageError(f"this command writes {', '.join(allowed)}, not {fmt} (from -o {output})")
    return fmt


def _stream(chunks, output: str | None, progress: bool) -> None:
    """Text pieces to stdout as they come (unless a progress bar shares the terminal: then at the
    end), or to -o through a temporary file that replaces the output only once the run is complete."""
    if output and not is_stdout(output):
        from .outputs import write_atomic

        write_atomic(output, chunks)
    elif progress and sys.stdout.isatty():
        click.echo("".join(chunks), nl=False)
    else:
        for chunk in chunks:
            click.echo(chunk, nl=False)


@main.command()
@_common
@_geocoding
@_engine
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default=None,
              help=_FORMAT_HELP + " [default: json for -o FILE.json, else table]")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout (atomically; never one of the inputs; "
                   "- is stdout).")
@click.option("--strict", is_flag=True, help="Exit with status 1 if any claim is inconsistent.")
def check(paths, gazetteers, near, country, jobs, max_size, progress, geocoder, user_agent, geocoder_url, engine,
          scheduler, fmt, output, strict):
    """Distances the articles report, measured and judged."""
    from . import api
    from .render import serialize as ser

    fmt = _output_format(fmt, output, ("table", "json"))
    geo = _make_geocoder(geocoder, user_agent, geocoder_url)
    _preflight(output, paths, gazetteers)
    rep = _Reporter(paths)
    checked = api.check(paths, gazetteers, near, country,
                        **_opts(rep, jobs, max_size, progress, geo, engine, scheduler))
    text = ser.check_table(checked.claims) if fmt == "table" else ser.dumps(ser.check_dict(checked.documents,
                                                                                           checked.claims))
    _emit(text, output)
    if strict and any(c.verdict in ("inconsistent", "unit-mismatch") for c in checked.claims):
        sys.exit(1)
    _finish(rep)


@main.command(name="map")
@_common
@_geocoding
@_engine
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Output file, by extension: .html (interactive map), .png, .svg or .pdf (static map, "
                   "drawn offline), .geojson, .csv or .json (exports).")
@click.option("--title", help="Title shown on the map.")
@click.option("--assets", type=click.Choice(["inline", "cdn"]), default="inline", show_default=True,
              help="Embed Leaflet and other assets in the page (works offline) or link them from CDNs.")
@click.option("--tiles", default="osm", show_default=True, metavar="none|osm|URL",
              help="Background tiles: none (no request leaves the reader's browser; country outlines "
                   "only), osm (OpenStreetMap's servers), or a tile URL template such as "
                   "https://tiles.example.org/{z}/{x}/{y}.png.")
@click.option("--embed", is_flag=True, help="Also print an iframe snippet for embedding the map.")
@click.option("--lang", default="auto", show_default=True, metavar="auto|CODE",
              help="Language of every word the map shows (legend, statuses, roles, dates, day slider, "
                   "popups): a language code such as id or en; auto: the articles' language when they "
                   "all agree, else English.")
@click.option("--size", default=None, metavar="WxH",
              help="Static maps: width x height in pixels, e.g. 1200x675 for a social card "
                   "[default: 1500x1000]; SVG and PDF get the same size in inches (pixels / --dpi).")
@click.option("--dpi", type=int, default=150, show_default=True,
              help="Static maps: dots per inch (a 1200x675 PNG at 150 dpi prints 8 x 4.5 inches).")
@click.pass_context
def map_command(ctx, paths, gazetteers, near, country, jobs, max_size, progress, geocoder, user_agent, geocoder_url,
                engine, scheduler, output, title, assets, tiles, embed, lang, size, dpi):
    """Write an interactive map of the journey (self-contained HTML), a static map (PNG, SVG, PDF),
    or an export, by the output's extension."""
    from . import api

    given = {name for name in ("assets", "tiles", "embed", "lang", "size", "dpi")
             if ctx.get_parameter_source(name) not in (None, click.core.ParameterSource.DEFAULT)}
    to_stdout = is_stdout(output)  # -o -: the HTML page on stdout
    fmt = "html" if to_stdout else api.map_format(output)
    static = fmt in api.STATIC_MAP_FORMATS
    if static:
        unused = sorted(given & {"assets", "tiles", "embed"})
        if unused:
            raise click.UsageError(f"--{unused[0]} applies to .html maps only, not .{fmt}")
    else:
        unused = sorted(given & ({"size", "dpi"} | ({"lang"} if fmt != "html" else set())))
        if unused:
            where = ".png, .svg and .pdf" if unused[0] != "lang" else ".html, .png, .svg and .pdf"
            raise click.UsageError(f"--{unused[0]} applies to {where} maps only")
    opts = dict(title=title, assets=assets, tiles=tiles, lang=lang if static or fmt == "html" else None,
                size=size if static else None, dpi=dpi if static else None)
    api.check_map_options("map.html" if to_stdout else output, **opts)  # a bad option fails before the work
    geo = _make_geocoder(geocoder, user_agent, geocoder_url)
    _preflight(None if to_stdout else output, paths, gazetteers)
    rep = _Reporter(paths)
    itin = api.route(paths, gazetteers, near, country, **_opts(rep, jobs, max_size, progress, geo, engine, scheduler))
    _no_stops(itin)
    if to_stdout:
        _emit(api.map_text(itin, "html", **opts), None)
        _finish(rep)
        return
    api.write_map(itin, output, **opts)
    out = Path(output)
    click.echo(f"wrote {out}", err=True)
    if embed:
        from .render.map import embed_snippet

        click.echo(embed_snippet(out.name, title or "Journey map"))
    _finish(rep)


if __name__ == "__main__":  # pragma: no cover
    main()
