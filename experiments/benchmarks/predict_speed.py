"""`stancelab predict` against the plain scikit-learn way, side by side in one run: rows per CPU-second.

The plain way (experiments/benchmarks/predict_plain.py) is the Pipeline(FeatureUnion of TfidfVectorizers,
classifier) a researcher would write with the model card's features (n-grams and cue counts) and classifier,
fit on the same labelled UN passages, saved with joblib, loaded in a fresh process and asked for labels only
(the card's class offsets added to the decision values; no probabilities, no explanations). stancelab's way is
the command itself on the saved model (written again by the current code, `resaved`: the same fitted model in
today's file format): labels, probabilities and the top n-grams of every row. Each way runs
`--repeats` times in a fresh process, in turn, on two inputs: the 17,080 UN passages and `--paragraphs`
distinct paragraphs of the whole 2014-2024 UN speeches. CPU seconds (user + system of the child alone) are
robust to a loaded machine; wall seconds are not. Written to results/predict_speed/ (metrics.json, table.md)
with the commit and load averages.

    python -m experiments.benchmarks.predict_speed [--model results/ungdc_stance/model.skops] [--repeats 3]
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from experiments.benchmarks import common, predict_plain
from experiments.benchmarks.predict_plain import PLAIN_SCRIPT, train_plain, write_paragraphs, write_passages

OURS, PLAIN = "stancelab predict", "plain Pipeline(FeatureUnion, classifier)"


def timed(command: list[str]) -> dict:
    """CPU seconds, wall seconds and peak memory (MB) of one run of `command` in a fresh process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, env={**os.environ, "OMP_NUM_THREADS": "1"})
    _, status, usage = os.wait4(child.pid, 0)  # this child's own accounting, not every child's so far
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"error: {' '.join(command[:4])} … exited with status {child.returncode}")
    return {"cpu": usage.ru_utime + usage.ru_stime, "wall": time.perf_counter() - start,
            "peak_mb": usage.ru_maxrss / 1024}


def median(runs: list[dict], key: str) -> float:
    """The median of one measure over runs (the middle one; the lower middle for an even count)."""
    return sorted(r[key] for r in runs)[(len(runs) - 1) // 2]


def agreement(ours: Path, plain: Path) -> float:
    """Share of rows both ways label alike (different text preparation, so not 1)."""
    import csv

    with open(ours, encoding="utf-8") as f, open(plain, encoding="utf-8") as g:
        pairs = [(a["label"], b["label"]) for a, b in zip(csv.DictReader(f), csv.DictReader(g), strict=True)]
    return sum(a == b for a, b in pairs) / len(pairs)


def measure(folder: Path, name: str, inputs: Path, model: str, plain: Path, repeats: int) -> dict:
    """Both ways on one input, `repeats` times in turn (a drift in the machine's speed hits both)."""
    outs = {OURS: folder / f"{name}.ours.csv", PLAIN: folder / f"{name}.plain.csv"}
    commands = {OURS: [sys.executable, "-m", "experiments.cli", "predict", model, str(inputs), "--out",
                       str(outs[OURS]), "--quiet"],
                PLAIN: [sys.executable, str(folder / "plain_predict.py"), str(plain), str(inputs), str(outs[PLAIN])]}
    runs = {way: [] for way in commands}
    for _ in range(repeats):
        for way, command in commands.items():
            runs[way].append(timed(command))
    return {way: {"runs": r, **{k: round(median(r, k), 3) for k in ("cpu", "wall", "peak_mb")}}
            for way, r in runs.items()} | {"label_agreement": round(agreement(outs[OURS], outs[PLAIN]), 4)}


def table(results: dict) -> str:
    """One markdown row per input and way, and the ratio of rows per CPU-second (stancelab / plain)."""
    lines = ["| input | rows | way | median CPU s | rows per CPU-second | median wall s | peak MB |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for name, r in results.items():
        for way in (OURS, PLAIN):
            lines.append(f"| {name} | {r['rows']:,} | {way} | {r[way]['cpu']:.2f} | {r['rows'] / r[way]['cpu']:,.0f} | "
                         f"{r[way]['wall']:.2f} | {r[way]['peak_mb']:.0f} |")
    lines.append("")
    lines += [f"{name}: stancelab / plain rows per CPU-second = {r['ratio']:.2f} "
              f"({'met' if r['ratio'] >= 1 else 'not met'}: stancelab >= plain); labels alike on "
              f"{r['label_agreement']:.1%} of rows" for name, r in results.items()]
    return "\n".join(lines)


def resaved(model: Path, folder: Path) -> Path:
    """The same fitted model and card written by the current code into `folder` (the model file format of
    today: a model saved before it loads the same, only slower), so that the benchmark measures what a run
    of this commit writes."""
    from experiments.stance import modelfile

    fitted, card = modelfile.load(model)
    fields = {k: v for k, v in card.items() if k not in ("format", "model_file", "model_sha256", "libraries")}
    return modelfile.save(fitted, folder / "model.skops", fields)[0]


def main(argv=None) -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--model", default=str(common.ROOT / "results/ungdc_stance/model.skops"))
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--paragraphs", type=int, default=100_000, help="distinct speech paragraphs to label")
    args = p.parse_args(argv)
    data = common.need(args.data)
    card = json.loads(Path(args.model).with_suffix(".json").read_text(encoding="utf-8"))
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "plain_predict.py").write_text(PLAIN_SCRIPT, encoding="utf-8")
        plain = train_plain(card, data, folder / "plain.joblib", predict_plain.model_cues(Path(args.model)))
        model = resaved(Path(args.model), folder)
        resaved_sha = json.loads(model.with_suffix(".json").read_text(encoding="utf-8"))["model_sha256"]
        inputs = {"UN passages": write_passages(data, folder / "passages.csv"),
                  "speech paragraphs": write_paragraphs(data, folder / "paragraphs.csv", args.paragraphs)}
        results = {}
        for (name, rows), path in zip(inputs.items(), ("passages.csv", "paragraphs.csv"), strict=True):
            r = measure(folder, path.split(".")[0], folder / path, str(model), plain, args.repeats)
            results[name] = {"rows": rows, **r, "ratio": round(r[PLAIN]["cpu"] / r[OURS]["cpu"], 3)}
    load = {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in os.getloadavg()]}
    text = table(results)
    print(f"{args.repeats} runs each, in turn; load average before {load['before']}, after {load['after']}\n{text}")
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=common.ROOT, capture_output=True, text=True).stdout
    common.save(args.results, "predict_speed", {
        "command": "python -m experiments.benchmarks.predict_speed " + " ".join(argv or sys.argv[1:]),
        "commit": commit.strip(), "model": os.path.relpath(Path(args.model).resolve(), common.ROOT),
        "model_sha256": card["model_sha256"], "resaved_sha256": resaved_sha, "repeats": args.repeats,
        "load_average": load, "results": results}, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
