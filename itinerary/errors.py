"""The exception hierarchy. The CLI turns any ItineraryError into one line on stderr.

    ItineraryError            a problem the user can fix (exit status 1)
    ├── InputError            a path is missing, a folder empty, a file unreadable, or the API's
    │   │                     `paths` is not a path or list of paths (None, a number, [])
    │   ├── NothingReadableError   no file of the run could be read (names them in `skipped`)
    │   └── ValidationError   an edited journey (route JSON, GeoJSON or CSV read back, see
    │                         itinerary/edited.py) breaks its schema: one line per problem, each
    │                         naming the file, the stop and the field (`problems`)
    ├── GazetteerError        a gazetteer file is malformed (file and line: a coordinate that is
    │                         not on Earth, 999, nan or inf, is malformed too)
    ├── FormatError           an unknown format or a bad option value (--near, --country, jobs,
    │                         max_bytes, a callback that is not callable, ...), or an optional
    │                         extra the option needs is missing (--engine dask without Dask,
    │                         a .parquet corpus without pyarrow, geodataframe without geopandas),
    │                         or --scheduler cannot be reached
    ├── OutputError           an output file cannot be written (or is not a path)
    └── GeocoderError         the optional online geocoder cannot be used as configured (no
                              User-Agent given for Nominatim)

Anything else reaching the CLI is a bug: it is reported as one `internal error` line (exit 3),
with the traceback only under --debug. A bug met on one document is not raised: that document is
skipped ("internal error while ...; please report it") and the run goes on.
"""


class ItineraryError(Exception):
    """Base class: a problem the user can fix; its message is shown as one line."""

    exit_code = 1


class InputError(ItineraryError):
    """A path is missing, unreadable, or holds no article."""


class NothingReadableError(InputError):
    """Every file of a run was skipped; `skipped` holds them (Skipped values) for the report."""

    def __init__(self, message: str, skipped: tuple = ()):
        super().__init__(message)
        self.skipped = tuple(skipped)


class ValidationError(InputError):
    """An itinerary file (route JSON, its GeoJSON or CSV, edited by hand) that cannot be read as a
    journey. `problems` holds one line per problem, each naming the file, the stop and the field
    (`trip.json: stop 3: date: '2023-13-40' is not a date (YYYY-MM-DD)`); the message is those
    lines joined by newlines (at most MAX_SHOWN of them, then how many more)."""

    MAX_SHOWN = 20

    def __init__(self, problems):
        problems = tuple(str(p) for p in problems) or ("invalid itinerary file",)
        self.problems = problems
        shown = list(problems[: self.MAX_SHOWN])
        if len(problems) > self.MAX_SHOWN:
            shown.append(f"... and {len(problems) - self.MAX_SHOWN} more problems")
        self.lines = tuple(shown)
        super().__init__("\n".join(shown))


class GazetteerError(ItineraryError):
    """A gazetteer file is malformed (the message names the file and line)."""


class FormatError(ItineraryError):
    """An unknown output format or an option value that makes no sense."""


class OutputError(ItineraryError):
    """An output file could not be written."""


class GeocoderError(ItineraryError):
    """The online geocoder (--geocoder) is misconfigured: no User-Agent. A service that cannot be
    reached is not an error: the run goes on offline, with a note per document."""


class ItineraryWarning(UserWarning):
    """A file was read with a caveat (another encoding, broken front matter); Python API only —
    the CLI prints these as `path: note: ...` lines on stderr."""


INTERNAL_ERROR_EXIT = 3
