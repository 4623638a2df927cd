"""The 20 Newsgroups "bydate" tarball -> one segment per message, labelled by its newsgroup.

A minimal, self-contained reader for the public benchmark (`20news-bydate.tar.gz`, members
`20news-bydate-<subset>/<group>/<number>`, Latin-1 text). It does what scikit-learn's
`fetch_20newsgroups(subset="all", remove=...)` does, without a download: the message metadata is removed
with scikit-learn's own functions so the documents are the ones its examples cluster.
"""
from __future__ import annotations

import tarfile
import zlib
from pathlib import Path

from sklearn.datasets._twenty_newsgroups import (
    strip_newsgroup_footer,
    strip_newsgroup_header,
    strip_newsgroup_quoting,
)

from features.read.encoding import CorpusError
from features.text.segments import Segment

SUBSETS = ("train", "test")
STRIPPERS = {"headers": strip_newsgroup_header, "footers": strip_newsgroup_footer,
             "quotes": strip_newsgroup_quoting}


def member_key(name: str) -> tuple[str, str, str] | None:
    """`20news-bydate-train/sci.space/60804` -> ("train", "sci.space", "60804"); None for other members.

    >>> member_key("20news-bydate-test/comp.graphics/38758")
    ('test', 'comp.graphics', '38758')
    """
    parts = name.split("/")
    if len(parts) != 3 or not parts[0].startswith("20news-bydate-"):
        return None
    return parts[0].removeprefix("20news-bydate-"), parts[1], parts[2]


def strip(text: str, remove: list[str]) -> str:
    """Remove message metadata in scikit-learn's order (headers, then footers, then quotes).

    >>> strip("From: a@b\\nSubject: x\\n\\nHello", ["headers"])
    'Hello'
    """
    for part in ("headers", "footers", "quotes"):
        if part in remove:
            text = STRIPPERS[part](text)
    return text


def read_newsgroups(path: str | Path, categories: list[str] = (), subsets: list[str] = SUBSETS,
                    remove: list[str] = ("headers", "footers", "quotes")) -> list[Segment]:
    """Messages of the chosen groups and subsets, sorted by (subset, group, number); `label` and `source` are the group.

    An empty `categories` means all 20 groups. The segment id is `<subset>/<group>/<number>`.

    Illustration: read_newsgroups(tar, ["sci.space"], ["test"])[0].id -> "test/sci.space/61242"  (394 messages)
    """
    rows = []
    try:
        with tarfile.open(path, "r:*") as tar:
            for member in tar:
                key = member_key(member.name) if member.isfile() else None
                if key and key[0] in subsets and (not categories or key[1] in categories):
                    # The messages are Latin-1, as scikit-learn reads them: every byte decodes.
                    rows.append((key, tar.extractfile(member).read().decode("latin-1")))
    except (tarfile.TarError, EOFError, zlib.error, OSError) as err:  # truncated or not a tarball
        why = (str(err).splitlines() or [type(err).__name__])[0].rstrip(":")  # tarfile lists every method tried
        raise CorpusError(f"{path}: not a readable 20 Newsgroups tarball ({why}); "
                          "expected 20news-bydate.tar.gz") from None
    found = {key[1] for key, _ in rows}
    missing = [c for c in categories if c not in found]
    if missing or not rows:
        raise CorpusError(f"{path}: no messages for group(s) {', '.join(missing) or '(any)'}; "
                          "check [corpus] categories against the folder names in the tarball")
    # (length, text) orders message numbers numerically without assuming they are digits.
    rows.sort(key=lambda r: (SUBSETS.index(r[0][0]) if r[0][0] in SUBSETS else 9, r[0][1], len(r[0][2]), r[0][2]))
    return [Segment(f"{s}/{g}/{n}", f"{s}/{g}/{n}", 0, 0, g, "", strip(text, remove), label=g, split=s)
            for (s, g, n), text in rows]
