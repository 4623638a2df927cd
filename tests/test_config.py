"""Config validation: every mistake is one line naming the key or file, exit status 2, before any work."""
import subprocess
import sys
from pathlib import Path

import pytest

from experiments.config import schema as cfg
from tests.conftest import ROOT

TOPICS = ROOT / "experiments" / "configs" / "seeds_topics.toml"
STANCE = ROOT / "experiments" / "configs" / "seeds_stance.toml"


def write(tmp_path, text, name="c.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def stancelab(*args):
    return subprocess.run([sys.executable, "-m", "experiments.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


SEEDS = (ROOT / "seeds").as_posix()  # a config's paths resolve against its own folder (here tmp_path)
BASE = f'[experiment]\nname = "x"\n[corpus]\npath = "{SEEDS}"\n'


@pytest.mark.parametrize("text, named, cause", [
    (BASE + "[topics]\nn_clustres = 3\n", "n_clustres", "did you mean 'n_clusters'"),        # unknown key
    (BASE + "[topicz]\nn_clusters = 3\n", "[topicz]", "did you mean 'topics'"),             # unknown section
    (BASE + "[topics]\nn_clusters = \"four\"\n", "[topics] n_clusters", "expected int"),     # wrong type
    (BASE + "[preprocess]\nlemmatize = 1\n", "[preprocess] lemmatize", "expected bool"),     # 1 is not a bool
    ('[experiment]\nname = "x"\n[corpus]\npath = "no_such_folder"\n', "[corpus] path", "not found"),
    (BASE + f'annotations = "{SEEDS}/nope.csv"\n', "annotations", "not found"),
    (BASE + "[topics]\nn_clusters = 1\n", "[topics] n_clusters", "below the minimum 2"),    # impossible value
    (BASE + "[features]\nmax_df = 1.5\n", "[features] max_df", "above the maximum"),
    (BASE + "[features]\nword_ngram_range = [3, 1]\n", "word_ngram_range", "must not exceed"),
    (BASE + "[features]\nwords = false\n", "[features] words and chars", "at least one"),
    (BASE + "[stance]\nkeep_none = true\n", "[corpus] annotations", "[stance] needs"),
    (BASE + '[stance]\n[evaluation]\nprotocols = ["leave_one_out"]\n', "[evaluation] protocols", "not one of"),
    (BASE + f'annotations = "{SEEDS}/annotations.csv"\n' + '[stance]\nmodels = ["logreg", '
     '"logreg"]\n', "[stance] models", "repeated"),
    (BASE + "[logreg]\nC = 1.0\n", "[logreg]", "no [stance] section"),
    (BASE + f'annotations = "{SEEDS}/annotations.csv"\n' + '[stance]\nmodels = []\nfinal_model = "best"\n',
     "[stance] final_model", "chooses among [stance] models"),
    (BASE + f'annotations = "{SEEDS}/annotations.csv"\n' + '[stance]\nfinal_fit = "none"\nshare_by = ["doc"]\n',
     "[stance] share_by", "final_fit = \"none\" fits none"),
    (BASE.replace('"x"', '"../escape"'), "[experiment] name", "names the results folder"),
    (f'[corpus]\npath = "{SEEDS}"\n', "[experiment] name", "missing required key"),
    ("[experiment\nname = 1\n", "not valid TOML", ".toml:1: "),
])
def test_each_mistake_is_one_line_naming_the_key(tmp_path, text, named, cause):
    path = write(tmp_path, text)
    with pytest.raises(cfg.ConfigError) as err:
        cfg.load(path)
    message = str(err.value)
    assert "\n" not in message and str(path) in message
    assert named in message and cause in message


def test_missing_config_file_names_it(tmp_path):
    with pytest.raises(cfg.ConfigError, match="nope.toml: config file not found"):
        cfg.load(tmp_path / "nope.toml")


def test_set_overrides_a_value_and_names_itself_when_wrong():
    assert cfg.load(TOPICS, ["topics.n_clusters=5"]).topics.n_clusters == 5
    assert cfg.load(STANCE, ["logreg.C=3"]).logreg.C == 3.0  # an int where a float is expected
    with pytest.raises(cfg.ConfigError, match=r"^--set topics.n_clusters: expected int, got str 'many'$"):
        cfg.load(TOPICS, ["topics.n_clusters=many"])
    with pytest.raises(cfg.ConfigError, match=r"^--set: unknown key \[topics\] n_clustr \(did you mean"):
        cfg.load(TOPICS, ["topics.n_clustr=5"])
    with pytest.raises(cfg.ConfigError, match="expected section.key=value"):
        cfg.load(TOPICS, ["n_clusters=5"])


def test_reference_configs_are_valid_and_resolved_in_full():
    for path in sorted((ROOT / "experiments" / "configs").glob("seeds_*.toml")):
        config = cfg.load(path)
        for section, fields in cfg.SCHEMA.items():
            if getattr(config, section) is not None:
                assert list(cfg.table(getattr(config, section))) == list(fields), (path, section)


def test_cli_stops_before_any_work_with_status_2(tmp_path):
    """Two configs, the second one wrong: nothing at all is run, not even the first."""
    bad = write(tmp_path, BASE + "[topics]\nn_clusters = 0\n")
    out = tmp_path / "out"
    res = stancelab("run", str(TOPICS), str(bad), "--results", str(out))
    assert res.returncode == 2 and not out.exists()
    assert res.stderr.count("\n") == 1 and "[topics] n_clusters: 0 is below the minimum 2" in res.stderr
    res = stancelab("run", str(TOPICS), "--set", "topics.n_clusters=0", "--results", str(out))
    assert res.returncode == 2 and "--set topics.n_clusters" in res.stderr and not out.exists()


def test_a_config_finds_its_data_from_any_working_directory(tmp_path):
    """Paths resolve against the config file's folder; the run folder's config.toml names them relative to
    itself (no absolute path), so it reloads from anywhere; a `--set` path is relative to the current folder."""
    import os
    import shutil

    data, configs, elsewhere = tmp_path / "project" / "data", tmp_path / "project" / "configs", tmp_path / "elsewhere"
    for folder in (data, configs, elsewhere):
        folder.mkdir(parents=True)
    for src in sorted((ROOT / "seeds").glob("*.txt"))[:3]:
        shutil.copy(src, data / src.name)
    path = write(configs, '[experiment]\nname = "moved"\n[corpus]\npath = "../data"\n')
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    res = subprocess.run([sys.executable, "-m", "experiments.cli", "run", str(path), "--results", "out", "--quiet"],
                         cwd=elsewhere, capture_output=True, text=True, timeout=300, env=env)
    assert res.returncode == 0, res.stderr
    written = (elsewhere / "out" / "moved" / "config.toml").read_text(encoding="utf-8")
    assert 'path = "../../../project/data"' in written and str(tmp_path) not in written
    run_dir = elsewhere / "out" / "moved"
    for cwd in (ROOT, tmp_path):  # `stancelab verify` reloads it from any working directory
        os.chdir(cwd)
        try:
            assert Path(os.path.abspath(cfg.load(run_dir / "config.toml").corpus.path)) == data
        finally:
            os.chdir(ROOT)
    os.chdir(tmp_path / "project")
    try:  # --set: relative to the working directory, not to the config's folder
        assert cfg.load(path, ["corpus.path=data"]).corpus.path == "data"
        with pytest.raises(cfg.ConfigError, match=r"^--set corpus.path: file or folder not found"):
            cfg.load(path, ["corpus.path=../data"])
    finally:
        os.chdir(ROOT)
