"""Shared fixtures: the real seed articles, and the public datasets beside the project when present."""
import os
import signal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
# Beside the project by default; STANCELAB_SHARED_DATA points elsewhere (e.g. from a git worktree).
SHARED_DATA = Path(os.environ.get("STANCELAB_SHARED_DATA", ROOT.parent / "shared" / "data"))
DOC_000, DOC_003 = "000_109b279601610553", "003_83fc1e9fc7e21474"

# A shell starts background jobs (`pytest &` in a script) with SIGINT ignored, and Python then never raises
# KeyboardInterrupt; the Ctrl-C tests need the handler a terminal session has (children inherit it too).
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def seed_docs():
    from features.read.documents import read_folder

    return read_folder(SEEDS)


@pytest.fixture(scope="session")
def seed_segments(seed_docs):
    from features.text.segments import segment_documents

    return segment_documents(seed_docs, "sentence")


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test with the reason."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the public datasets beside the project); not present here")
    return path
