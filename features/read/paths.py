"""What a path given as an input is, in the user's words (for one-line messages): what a path that should
name a regular file is instead, and the files a folder holds below its top, which its reader skips.

A named pipe or a device given as an input would block a read for ever or read without end (/dev/zero), and
"not found" would misname a folder or a link to nothing; `not_a_file` says which it is.
"""
from __future__ import annotations

import os
from pathlib import Path


def not_a_file(path: str | Path) -> str:
    """"" when `path` is a regular file (or a link to one), else what it is.

    >>> not_a_file("/dev/null"), not_a_file("/nowhere"), not_a_file("/")
    ('a pipe or device, not a file', 'no such file', 'a folder, not a file')
    """
    path = Path(path)
    if path.is_file():
        return ""
    if path.is_dir():
        return "a folder, not a file"
    if os.path.lexists(path) and not path.exists():
        return "a symbolic link to nothing"
    return "a pipe or device, not a file" if path.exists() else "no such file"


def nested_article(folder: Path, suffixes: tuple[str, ...]) -> Path | None:
    """The first file of one of `suffixes` in a (not hidden) sub-folder of `folder`, links to folders not
    followed; None when there is none (a reader of the folder's top would skip it silently)."""
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        hits = [n for n in names if Path(n).suffix.lower() in suffixes and not n.startswith(".")]
        if Path(root) != folder and hits:
            return Path(root, hits[0])
    return None
