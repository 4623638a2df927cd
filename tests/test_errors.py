"""The catalogue of bad inputs and faults (tests/catalogue.py, docs/ERRORS.md), and experiments.errors.

Every case runs as the user would run it; each must give its exit status, exactly one line on stderr
naming the file and the cause, no traceback, and the message docs/ERRORS.md shows.
"""
import errno
import re

import pytest

from experiments import cli, errors
from experiments.config.schema import ConfigError
from features.read.encoding import CorpusError
from tests.catalogue import CASES, document, run_all
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def outcomes():
    return dict(zip((c.name for c in CASES), run_all(), strict=True))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_case_gives_its_status_and_one_line(case, outcomes):
    out = outcomes[case.name]
    assert out.status == case.status, out.stderr
    assert "Traceback" not in out.stderr
    lines = out.stderr.splitlines()
    assert all(ln.startswith("warning: ") for ln in lines[:-1]), out.stderr  # warnings may come first
    if case.status != 0:
        error = lines[-1]
        assert error.startswith("error: ") and sum(ln.startswith("error: ") for ln in lines) == 1, out.stderr
        assert out.stdout == "" or case.argv[0] == "run"  # segments prints nothing before its error
        where = error.removeprefix("error: ").split(": ", 1)[0]
        named = " " not in where.replace("--set ", "") or where.startswith("--") or \
            re.search(r"\s[\w./-]+\.\w+:\d+ ", error)  # a file, a --set, an option and its value
        assert named, f"no file or option named: {error}"
    assert case.expect in out.stderr


def test_the_documentation_shows_what_users_see(outcomes):
    page = (ROOT / "docs" / "ERRORS.md").read_text(encoding="utf-8")
    assert page == document(list(outcomes.values())), "regenerate: python tests/catalogue.py --write docs/ERRORS.md"
    assert "docs/ERRORS.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_catalogue_covers_every_kind_of_input():
    assert {c.group for c in CASES} >= {"corpus", "annotations", "config", "run", "cache", "model card", "outputs",
                                        "saved run", "segments", "tables", "predict", "saved runs", "annotate"}
    commands = {c.argv[0] if c.argv[0] != "annotate" else " ".join(c.argv[:2]) for c in CASES}
    assert commands >= {"run", "verify", "report", "plot", "segments", "predict", "annotate check", "annotate agree",
                        "annotate merge", "annotate sample", "annotate second-pass"}
    assert len(CASES) >= 180 and len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("err,line", [
    (OSError(errno.ENOSPC, "No space left on device", "out/x.csv"),
     "out/x.csv: disk full (no space left on device); free some space and run again"),
    (PermissionError(errno.EACCES, "Permission denied", "corpus/a.txt"),
     "corpus/a.txt: permission denied; fix the permissions or choose another place"),
    (FileNotFoundError(errno.ENOENT, "No such file or directory", "a.csv"),
     "a.csv: no such file or folder; check the path"),
    (CorpusError("a.txt: empty file; remove it"), "a.txt: empty file; remove it"),
])
def test_one_line_for_expected_failures(err, line):
    assert errors.one_line(err) == line
    assert errors.exit_status(err) == 2 and not errors.is_bug(err)


def test_statuses_of_interrupts_and_bugs():
    assert errors.exit_status(KeyboardInterrupt()) == 130 and errors.exit_status(errors.Terminated()) == 143
    assert errors.exit_status(ConfigError("x")) == 2
    assert errors.exit_status(TypeError("x")) == 1 and errors.is_bug(KeyError("k"))


def test_an_unforeseen_error_is_one_line_asking_for_a_report_and_debug_shows_it(monkeypatch, capsys, tmp_path):
    def broken(args):
        raise TypeError("unsupported operand type(s) for +: 'int' and 'str'")

    monkeypatch.setattr(cli, "cmd_segments", broken)
    assert cli.main(["segments", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        "error: internal error (TypeError: unsupported operand type(s) for +: 'int' and 'str'); this is a bug in "
        "stancelab: run again with --debug and report the traceback\n")
    with pytest.raises(TypeError):
        cli.main(["--debug", "segments", str(tmp_path)])


def test_debug_shows_the_traceback_of_a_user_error(tmp_path):
    with pytest.raises(CorpusError, match="no article files"):
        cli.main(["--debug", "segments", str(tmp_path)])


def test_a_write_failure_names_the_run_but_a_read_failure_keeps_its_file(tmp_path):
    run = tmp_path / "results" / "x"
    with pytest.raises(errors.RunError, match=r"results/x: disk full \(no space left on device\) while writing "
                                              r"this run; free some space and run again; results written before"):
        with errors.writing_run(run):
            raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "results" / ".x.tmp-1" / "a"))
    with pytest.raises(PermissionError) as err:
        with errors.writing_run(run):
            raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "corpus" / "a.txt"))
    assert errors.one_line(err.value) == f"{tmp_path}/corpus/a.txt: permission denied; fix the permissions or " \
                                         "choose another place"
