"""The errors a user can fix: one base class, so that the command line prints one line and exits with 2.

Every message names the file (and line, or config key) where the problem is, the cause and what to do.
"""
from __future__ import annotations


class UserError(Exception):
    """A failure the user can fix (bad config, bad corpus, unwritable results): one line, exit status 2."""


class CorpusError(UserError, ValueError):
    """Bad input the user must fix: the message names the file, the line where it applies, and the cause."""


class ConfigError(UserError, ValueError):
    """A config the user must fix; the message is one line naming the file and the key."""


# What JSON and TOML parsers raise besides their own DecodeError: an integer of 4,300+ digits (ValueError)
# and arrays or tables nested thousands deep (RecursionError). Readers of user files catch these too.
PARSE_LIMITS = (ValueError, RecursionError)


def parse_reason(err: Exception) -> str:
    """Why a parser refused a text, in the user's words (not Python's advice on its own limits).

    >>> parse_reason(RecursionError("maximum recursion depth exceeded"))
    'nested too deeply'
    """
    if isinstance(err, RecursionError):
        return "nested too deeply"
    if "integer string conversion" in str(err):
        return "a number too long to read"
    return (str(err).splitlines() or [type(err).__name__])[0]


class RunError(UserError, RuntimeError):
    """A run that cannot be written (results folder); the message says where and what to do."""
