"""The ``geoevents`` command line: a thin layer over the public functions.

Errors a user can cause are :class:`geoevents.errors.GeoeventsError`; they
print one line on standard error and exit 2.  Anything else exits 1.
"""
from __future__ import annotations

import os
import sys
import warnings

import click

from . import schema
from .errors import GeoeventsError, InputError

FORMAT_CHOICES = ["jsonl", "csv", "table"]
LEVEL_CHOICES = ["province", "district"]


def _default_format() -> str:
    return "table" if sys.stdout.isatty() else "jsonl"


def _progress() -> bool:
    return sys.stderr.isatty()


def _check_date(value: str | None, what: str) -> str | None:
    from .docs import parse_date

    return parse_date(value, what)


class _PipeClosed(Exception):
    """The reader of standard output went away (``geoevents places ... | head``)."""


def _write(frame, columns, fmt: str, first: bool) -> None:
    from .output import write_rows

    try:
        write_rows(frame, columns, fmt, sys.stdout, header=first)
    except BrokenPipeError:
        # not an OSError any more: click would turn EPIPE into exit 1
        raise _PipeClosed from None


inputs_arg = click.argument("inputs", nargs=-1, type=str)
format_opt = click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default=None,
                          help="Output format (default: table on a terminal, else jsonl).")
date_opt = click.option("--date", default=None, metavar="YYYY-MM-DD",
                        help="Publication date of documents that carry none.")
workers_opt = click.option("--workers", type=click.IntRange(1, 256), default=1, show_default=True,
                           help="Local worker processes.")
scheduler_opt = click.option("--scheduler", default=None, metavar="ADDRESS",
                             help="Run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786.")
store_opt = click.option("--store", default=None, metavar="PATH",
                         help="Event store kept across runs (added to by document commands).")
level_opt = click.option("--level", type=click.Choice(LEVEL_CHOICES), default="province", show_default=True)
as_of_opt = click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
                         help="Status as of this date (default: everything).")
overrides_opt = click.option("--overrides", default=None, metavar="CSV",
                             help="Analyst corrections (region,status,date,note,reviewer).")
title_opt = click.option("--title", default=None, help="Title of the map or graphic.")
event_files_opt = click.option("--events", "event_files", multiple=True, metavar="FILE",
                               help="Event table to use besides documents: an ACLED export, a UCDP GED CSV "
                                    "or a geoevents events file (repeatable).")


def _need_inputs(inputs, store, event_files=()) -> None:
    if not inputs and not store and not event_files:
        raise click.UsageError("give at least one INPUT (a file, a .jsonl or .csv, or - for standard input)")


def _collect(inputs, date, workers, scheduler, store, event_files=()):
    from .pipeline import collect_events

    return collect_events(inputs, date=_check_date(date, "--date"), workers=workers, scheduler=scheduler,
                          progress=_progress(), store=store, event_files=event_files)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="geoevents")
def cli() -> None:
    """Turn conflict news into maps: places, control-status events, status maps."""


@cli.command()
@inputs_arg
@format_opt
@date_opt
@workers_opt
@scheduler_opt
@store_opt
def places(inputs, fmt, date, workers, scheduler, store) -> None:
    """Print every place mention in INPUT documents, one row each."""
    from .pipeline import iter_places

    _need_inputs(inputs, None)
    fmt = fmt or _default_format()
    first = True
    for frame in iter_places(inputs, date=_check_date(date, "--date"), workers=workers, scheduler=scheduler,
                             progress=_progress()):
        _write(frame, schema.PLACE_COLUMNS, fmt, first)
        first = False
    if store:
        # places commands also feed the store with the documents' events
        from .pipeline import iter_events

        for _ in iter_events(inputs, date=_check_date(date, "--date"), workers=workers, scheduler=scheduler,
                             store=store):
            pass


@cli.command()
@inputs_arg
@format_opt
@date_opt
@workers_opt
@scheduler_opt
@store_opt
def events(inputs, fmt, date, workers, scheduler, store) -> None:
    """Print every control-status event in INPUT documents, one row each."""
    from .pipeline import iter_events

    _need_inputs(inputs, None)
    fmt = fmt or _default_format()
    first = True
    for frame in iter_events(inputs, date=_check_date(date, "--date"), workers=workers, scheduler=scheduler,
                             progress=_progress(), store=store):
        _write(frame, schema.EVENT_COLUMNS, fmt, first)
        first = False


@cli.command()
@inputs_arg
@click.option("--by", type=click.Choice(["doc", "all"]), default="all", show_default=True,
              help="Status per document, or folded over all documents.")
@as_of_opt
@level_opt
@format_opt
@date_opt
@workers_opt
@scheduler_opt
@store_opt
@overrides_opt
@event_files_opt
def status(inputs, by, as_of, level, fmt, date, workers, scheduler, store, overrides, event_files) -> None:
    """Print the status of each region named by events in INPUT documents (or the store)."""
    from .pipeline import region_status

    _need_inputs(inputs, store, event_files)
    fmt = fmt or _default_format()
    as_of = _check_date(as_of, "--as-of")
    evs = _collect(inputs, date, workers, scheduler, store, event_files)
    frame = region_status(evs, as_of=as_of, level=level, by=by, overrides=overrides)
    columns = schema.STATUS_COLUMNS if by == "doc" else [c for c in schema.STATUS_COLUMNS if c != "doc"]
    _write(frame, columns, fmt, True)


@cli.command()
@click.argument("queries", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default=None)
@click.option("--online", default=None, metavar="NAME",
              help="Fall back to this geopy geocoder (e.g. nominatim) for names the gazetteer lacks.")
def geocode(queries, fmt, online) -> None:
    """Geocode place names as conflict-data coders write them, one row per query."""
    from .pipeline import geocode_rows

    fmt = fmt or _default_format()
    frame = geocode_rows(list(queries), online=online)
    _write(frame, ["query"] + schema.PLACE_COLUMNS[4:], fmt, True)


@cli.command(name="map")
@inputs_arg
@click.option("-o", "--output", "output", required=True, metavar="OUT.html")
@level_opt
@as_of_opt
@click.option("--offline", is_flag=True, help="One self-contained HTML file that loads nothing from the network.")
@title_opt
@click.option("--tiles", default=None, help="Add a tile basemap (folium tiles name or URL); none by default.")
@date_opt
@workers_opt
@scheduler_opt
@store_opt
@overrides_opt
@event_files_opt
def map_(inputs, output, level, as_of, offline, title, tiles, date, workers, scheduler, store, overrides,
         event_files) -> None:
    """Write an interactive status map of INPUT documents (or the store) to OUT.html."""
    from .mapping import make_map, save_map
    from .output import check_output_path
    from .pipeline import region_status

    _need_inputs(inputs, store, event_files)
    check_output_path(output, (".html", ".htm"))
    as_of = _check_date(as_of, "--as-of")
    evs = _collect(inputs, date, workers, scheduler, store, event_files)
    frame = region_status(evs, as_of=as_of, level=level, overrides=overrides)
    m = make_map(frame, evs, title=title, offline=offline, tiles=tiles, level=level, as_of=as_of, overrides=overrides)
    save_map(m, output, offline=offline)
    click.echo(f"wrote {output}", err=True)


EXPORT_SUFFIXES = (".png", ".svg", ".pdf", ".geojson", ".gpkg", ".csv")


@cli.command()
@inputs_arg
@click.option("-o", "--output", "output", required=True, metavar="OUT")
@level_opt
@as_of_opt
@title_opt
@click.option("--subtitle", default=None)
@click.option("--preset", type=click.Choice(["web", "square", "print"]), default=None,
              help="Graphic size and style (default: web for PNG, print for PDF/SVG).")
@click.option("--highlight", multiple=True, metavar="PLACE", help="Label this place on the graphic (repeatable).")
@click.option("--events-csv", "events_only", is_flag=True, help="With a .csv output: write the events, not the regions.")
@date_opt
@workers_opt
@scheduler_opt
@store_opt
@overrides_opt
@event_files_opt
def export(inputs, output, level, as_of, title, subtitle, preset, highlight, events_only, date, workers, scheduler,
           store, overrides, event_files) -> None:
    """Write a static graphic (png, svg, pdf) or a data file (geojson, gpkg, csv)."""
    import importlib

    # not `from . import export`: the package attribute is the ge.export function
    export_mod = importlib.import_module(".export", __package__)
    from .output import check_output_path
    from .pipeline import region_status

    _need_inputs(inputs, store, event_files)
    check_output_path(output, EXPORT_SUFFIXES)
    as_of = _check_date(as_of, "--as-of")
    evs = _collect(inputs, date, workers, scheduler, store, event_files)
    if events_only:
        if not output.lower().endswith(".csv"):
            raise InputError(f"{output}: --events-csv needs a .csv output")
        export_mod.export_events_csv(evs, output)
    else:
        frame = region_status(evs, as_of=as_of, level=level, overrides=overrides)
        export_mod.export(frame, output, events=evs, title=title, subtitle=subtitle, preset=preset,
                          highlight=list(highlight) or None, level=level, as_of=as_of)
    click.echo(f"wrote {output}", err=True)


@cli.command()
@click.argument("points", type=str)
@click.option("--lat", default=None, help="Latitude column (default: lat, latitude, y).")
@click.option("--lon", default=None, help="Longitude column (default: lon, lng, longitude, x).")
@click.option("--level", type=click.Choice(LEVEL_CHOICES), default="district", show_default=True)
@click.option("-o", "--output", "output", required=True, metavar="OUT.(csv|parquet|geojson)")
def join(points, lat, lon, level, output) -> None:
    """Add province, province_code and district to every point of a table."""
    from .join import join as join_points
    from .output import check_output_path
    from .tables import read_points, write_points

    check_output_path(output, (".csv", ".parquet", ".geojson"))
    frame, lat_col, lon_col = read_points(points, lat=lat, lon=lon)
    try:
        joined = join_points(frame, level=level, lat=lat_col, lon=lon_col)
    except InputError as exc:
        raise InputError(f"{points}: {exc}") from None
    write_points(joined, output)
    click.echo(f"wrote {output} ({len(joined)} points)", err=True)


def _one_line(message: object) -> str:
    """``message`` on one line, without control characters (ids and names come from the input)."""
    import re

    return " ".join(re.sub("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", " ",
                           str(message)).split())


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:
    sys.stderr.write(f"geoevents: warning: {_one_line(message)}\n")


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``geoevents`` console script."""
    warnings.showwarning = _one_line_warning
    warnings.filterwarnings("default", category=UserWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)
    debug = bool(os.environ.get("GEOEVENTS_DEBUG"))
    try:
        cli.main(args=argv, prog_name="geoevents", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        sys.stderr.write("geoevents: interrupted\n")
        sys.exit(130)
    except click.ClickException as exc:
        sys.stderr.write(f"geoevents: error: {_one_line(exc.format_message())}\n")
        sys.exit(2)
    except GeoeventsError as exc:
        if debug:
            raise
        sys.stderr.write(f"geoevents: error: {_one_line(exc)}\n")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.stderr.write("geoevents: interrupted\n")
        sys.exit(130)
    except (BrokenPipeError, _PipeClosed):
        # downstream closed the pipe (e.g. `| head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001 - last resort: one line, exit 1
        if debug:
            raise
        sys.stderr.write(f"geoevents: internal error: {type(exc).__name__}: {_one_line(exc)} "
                         "(set GEOEVENTS_DEBUG=1 for details)\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
