"""The exception hierarchy. The CLI turns any ItineraryError into one line on stderr."""


class ItineraryError(Exception):
    """Base class: a problem the user can fix; its message is shown as one line."""

    exit_code = 1


class InputError(ItineraryError):
    """A path is missing, unreadable, or holds no article."""


class GazetteerError(ItineraryError):
    """A gazetteer file is malformed (the message names the file and line)."""


class FormatError(ItineraryError):
    """An unknown output format or an option value that makes no sense."""


class OutputError(ItineraryError):
    """An output file could not be written."""
