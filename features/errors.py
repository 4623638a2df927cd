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


class RunError(UserError, RuntimeError):
    """A run that cannot be written (results folder); the message says where and what to do."""
