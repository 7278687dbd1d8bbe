"""The few named exceptions geoevents raises.

Every error a user can cause (bad input, bad option, broken data file) is a
:class:`GeoeventsError`; the command line turns it into one line on standard
error and exit code 2.  Anything else is a bug and exits 1.
"""
from __future__ import annotations


class GeoeventsError(Exception):
    """Base class of every error caused by input, options or data files."""


class InputError(GeoeventsError, ValueError):
    """A document, table or option value cannot be used (names the input and the problem)."""


class PackError(GeoeventsError):
    """A country pack in ``shapes/`` is missing, incomplete or corrupt (names the file)."""


class GeocoderError(GeoeventsError):
    """An online geocoder failed in a way that the run cannot recover from."""


class OutputError(GeoeventsError):
    """An output file cannot be written (missing folder, unknown extension, no permission)."""
