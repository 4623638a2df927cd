"""`stancelab predict` against the plain scikit-learn way, side by side in one run: rows per CPU-second.

The plain way is what a researcher would write: a `Pipeline(TfidfVectorizer(ngram_range=(1, 2)), LinearSVC())`
fit on the same labelled UN passages, saved with joblib, loaded in a fresh process and asked for labels only
(no probabilities, no explanations). stancelab's way is the command itself on a saved stance model (labels,
probabilities and the top n-grams of every row). Each way runs `--repeats` times in a fresh process, in
turn; CPU seconds (user + system, the child's own accounting) are robust to a loaded machine, wall
seconds are not. The input is the 17,080 distinct passages of the shared UN file.

    python -m experiments.benchmarks.predict_speed --model results/ungdc_stance/model.skops
"""
from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from experiments.benchmarks.common import ROOT, default_data_dir, need

PLAIN = """
import csv, sys, joblib
model = joblib.load(sys.argv[1])  # a file this benchmark wrote itself a moment ago
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
labels = model.predict([r["text"] for r in rows])
with open(sys.argv[3], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\\n"); w.writerow(["id", "label"])
    w.writerows(zip([r["id"] for r in rows], labels))
"""


def write_inputs(folder: Path, data: Path) -> tuple[Path, int]:
    """id,text of every UN passage: the rows both ways label."""
    source = data / "ungdc" / "ungdc_nuclear_paragraphs_1946_2024.csv"
    out, n = folder / "passages.csv", 0
    with open(source, encoding="utf-8") as f, open(out, "w", encoding="utf-8", newline="") as g:
        writer = csv.writer(g, lineterminator="\n")
        writer.writerow(["id", "text"])
        for r in csv.DictReader(f):
            writer.writerow([f"{r['country']}_{r['session']}_{r['year']}_{r['para_idx']}", r["text"]])
            n += 1
    return out, n


def train_plain(folder: Path, data: Path) -> Path:
    """The plain pipeline on the labelled passages (seeds/ungdc/labels.csv), saved with joblib."""
    import joblib
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    labels = {r["id"]: r["label"] for r in csv.DictReader(open(ROOT / "seeds/ungdc/labels.csv", encoding="utf-8"))}
    texts, y = [], []
    for r in csv.DictReader(open(data / "ungdc/ungdc_nuclear_paragraphs_1946_2024.csv", encoding="utf-8")):
        key = f"{r['country']}_{r['session']}_{r['year']}_{r['para_idx']}"
        if key in labels:
            texts.append(r["text"])
            y.append(labels[key])
    model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                          LinearSVC(C=1.0, class_weight="balanced", random_state=0)).fit(texts, y)
    path = folder / "plain.joblib"
    joblib.dump(model, path)
    return path


def timed(command: list[str]) -> tuple[float, float]:
    """(CPU seconds of the child, wall seconds) of one run in a fresh process."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env={**os.environ, "OMP_NUM_THREADS": "1"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(ROOT / "results/ungdc_stance/model.skops"))
    parser.add_argument("--data", type=Path, default=default_data_dir(), help="the shared datasets folder")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    data = need(args.data)
    need(data / "ungdc" / "ungdc_nuclear_paragraphs_1946_2024.csv")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs, n = write_inputs(folder, data)
        plain = train_plain(folder, data)
        script = folder / "plain_predict.py"
        script.write_text(PLAIN, encoding="utf-8")
        ways = {"stancelab predict": [sys.executable, "-m", "experiments.cli", "predict", args.model, str(inputs),
                                      "--out", str(folder / "ours.csv"), "--quiet"],
                "plain Pipeline(TfidfVectorizer, LinearSVC)": [sys.executable, str(script), str(plain), str(inputs),
                                                               str(folder / "plain.csv")]}
        times = {way: [] for way in ways}
        for _ in range(args.repeats):
            for way, command in ways.items():  # in turn: a drift in the machine's speed hits both
                times[way].append(timed(command))
    print(f"{n} rows, {args.repeats} runs each, load average {os.getloadavg()[0]:.2f}")
    print("| way | median CPU s | rows per CPU-second | median wall s |\n| --- | --- | --- | --- |")
    for way, runs in times.items():
        cpu = sorted(c for c, _ in runs)[len(runs) // 2]
        wall = sorted(w for _, w in runs)[len(runs) // 2]
        print(f"| {way} | {cpu:.2f} | {n / cpu:,.0f} | {wall:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
