"""Folder-per-label collections -> records: one sub-folder per class, one document a file.

This is how 20 Newsgroups and many teaching corpora are shipped. The collection may be a folder or a
tar archive (read in place, never unpacked), and `member` picks a sub-folder such as
"20news-bydate-train". The label is the sub-folder's name and the id is "<label>/<file name>".
"""
from __future__ import annotations

import zlib
from pathlib import Path
from typing import Iterator

from features.read.documents import check_utf8_name
from features.read.encoding import CorpusError, decode_bytes
from features.read.tables import Record

ARCHIVE_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")


def is_archive(path: str | Path) -> bool:
    """Whether `path` names a tar archive by its suffix.

    >>> is_archive("20news-bydate.tar.gz")
    True
    """
    return str(path).lower().endswith(ARCHIVE_SUFFIXES)


def decode(data: bytes, name: str, encoding: str) -> str:
    """Bytes -> text with the configured encoding ("auto": UTF-8, else cp1252 with a warning).

    >>> decode(b"caf\\xe9", "x", "latin-1")
    'café'
    """
    if encoding == "auto":
        return decode_bytes(data, name)
    try:
        return data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as err:
        raise CorpusError(f"{name}: not {encoding} ({err.reason}); set [corpus] encoding") from None
    except LookupError:
        raise CorpusError(f"{name}: unknown encoding '{encoding}'; use e.g. utf-8, latin-1, cp1252") from None


def _folder_files(root: Path) -> Iterator[tuple[str, str, bytes]]:
    """(label, file name, bytes) of every file one level below `root`, sorted by label then name."""
    if not root.is_dir():
        raise CorpusError(f"{root}: not a folder; give the folder that holds one sub-folder per label")
    for label_dir in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for f in sorted(p for p in label_dir.iterdir() if p.is_file() and not p.name.startswith(".")):
            yield label_dir.name, f.name, f.read_bytes()


def _archive_files(path: Path, member: str) -> Iterator[tuple[str, str, bytes]]:
    """The same from inside a tar archive, below the folder `member` ("" for the archive's top)."""
    import tarfile  # here: a table corpus loads this module too, and only an archive is opened with it

    prefix = member.strip("/") + "/" if member else ""
    found = []
    # One pass in archive order: seeking back in a compressed stream would decompress it again each time.
    try:
        with tarfile.open(path, "r|*") as tar:
            for info in tar:
                parts = info.name[len(prefix):].split("/") if info.name.startswith(prefix) else []
                if info.isfile() and len(parts) == 2 and not parts[1].startswith("."):
                    found.append((parts[0], parts[1], tar.extractfile(info).read()))
    except (tarfile.TarError, EOFError, zlib.error, OSError) as err:  # truncated, or not a tar archive at all
        why = (str(err).splitlines() or [type(err).__name__])[0].rstrip(":")  # tarfile lists every method tried
        raise CorpusError(f"{path}: not a readable tar archive ({why}); download "
                          "or copy it again, or give the unpacked folder") from None
    if not found:
        raise CorpusError(f"{path}: no '{prefix}<label>/<file>' entries; check [corpus] member")
    yield from sorted(found, key=lambda t: (t[0], t[1]))


def iter_labelled_folders(path: str | Path, member: str = "", encoding: str = "auto") -> Iterator[Record]:
    """Every document of a folder-per-label collection as a record labelled with its folder.

    Illustration: next(iter_labelled_folders("20news-bydate.tar.gz", "20news-bydate-test", "latin-1")).id
             -> "alt.atheism/53068"
    """
    path = Path(path)
    if is_archive(path):
        files = _archive_files(path, member)
    else:
        files = _folder_files(path / member if member else path)
    for label, name, data in files:
        check_utf8_name(f"{label}/{name}", f"{path}:{member}" if member else path)
        where = f"{path}:{member + '/' if member else ''}{label}/{name}"
        yield Record(id=f"{label}/{name}", text=decode(data, where, encoding).strip(), line=1,
                     origin=where, label=label)
