"""Docstring examples: every `>>>` example in experiments/ and features/ runs here; the others say they are
illustrations (a docstring line "Illustration: ..." shows a call whose inputs a doctest cannot build cheaply:
a fitted partition, a run folder, a shared dataset)."""
from __future__ import annotations

import doctest
import importlib
import re

import pytest

from tests.conftest import ROOT
from tests.test_layout import module_files

WITH_EXAMPLES = sorted(name for name, path in module_files().items() if ">>>" in path.read_text(encoding="utf-8"))


def test_the_modules_with_examples_are_found():
    assert "experiments.output.tables" in WITH_EXAMPLES and "features.text.language" in WITH_EXAMPLES


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples_run(name, monkeypatch):
    monkeypatch.chdir(ROOT)  # examples name files of the project (seeds/...) as a user in its folder would
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.attempted > 0 and result.failed == 0, f"{name}: {result.failed} docstring example(s) failed"


def test_every_example_runs_or_says_it_is_an_illustration():
    unmarked = [f"{path}:{n}" for path in module_files().values()
                for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if re.search(r"\bExamples?:", line)]
    assert unmarked == [], "write these as `>>>` doctests, or start them with 'Illustration:'"
