"""Scale: wall time and peak memory of each stage for 1k to 1M segments, and the stance search done three ways.

Stages, each run in a fresh Python process per size, so that its peak resident memory (ru_maxrss, read with
os.wait4) is its own and includes numpy/scipy buffers (tracemalloc would miss them):
- read: the table reader (features/read/tables.py) over a CSV of n passages;
- tokenise: text preparation and n-gram counting of every segment once (features/tfidf/token_counts.py);
- vectorise: TF-IDF of all segments from the counts (features/tfidf/count_tfidf.py, min_df 2, words 1-2);
- cluster: LSA (100 components) then MiniBatchKMeans, k = 10 (experiments/topics/clustering.py);
- stance CV: a grid of 8 settings x 5 StratifiedGroupKFold folds, three ways on the same folds, each from raw
  text (experiments/benchmarks/scale_search.py): stancelab's (counts once, `CountTfidf` fits cached per fold
  and min_df), the plain scikit-learn way (Pipeline(TfidfVectorizer, model) in GridSearchCV, the
  vectorizer preparing the text) and the plain way handed the text prepared once (hoisted: conservative);
- predict: `stancelab predict MODEL TABLE --out FILE` on the CSV of n passages (whole process).

Data (experiments/benchmarks/scale_data.py): sizes above the 17,080 UN General Debate passages repeat them; the
stance CV uses the labelled passages repeated the same way, so the printed scores are for the "all ways equal"
check only, not an estimate of accuracy. Tables, counts and predictions are written under a temporary folder in
/tmp and removed at the end.

The command (this module) -> scale_measure (a fresh process per stage and size) -> scale_stages (the stages)
-> scale_summary (tables, slopes, targets) and scale_figure.

Run: python -m experiments.benchmarks.scale [--sizes 1000,10000,100000,1000000] [--stance-sizes ...]
     [--plain-sizes 1000,10000,100000] [--n-jobs 2] [--max-seconds 900]
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from experiments.benchmarks.common import need, parser, save
from experiments.benchmarks.scale_data import RANDOM_STATE, UNGDC
from experiments.benchmarks.scale_figure import draw
from experiments.benchmarks.scale_measure import measure, run_all
from experiments.benchmarks.scale_search import GRIDS
from experiments.benchmarks.scale_stages import N_CLUSTERS, TOPICS
from experiments.benchmarks.scale_summary import comparison, comparison_table, stage_table, targets, targets_text

# What every stage process loads before its own work: the floor under each stage's peak memory.
FLOOR = "import experiments.benchmarks.scale_stages, sklearn.pipeline, scipy.sparse"


def arguments(argv=None):
    """The benchmark's options."""
    p = parser(__doc__.splitlines()[0])
    p.set_defaults(n_jobs=2)
    ints = lambda s: [int(v) for v in s.split(",")]  # noqa: E731
    p.add_argument("--sizes", type=ints, default=[1_000, 10_000, 100_000, 1_000_000], help="segments, comma-separated")
    p.add_argument("--stance-sizes", type=ints, default=[1_000, 10_000, 100_000, 1_000_000],
                   help="sizes at which stancelab's stance CV runs")
    p.add_argument("--plain-sizes", type=ints, default=[1_000, 10_000, 100_000],
                   help="sizes (among --stance-sizes) at which the plain and hoisted ways run too")
    p.add_argument("--models", type=lambda s: s.split(","), default=["logreg", "complement_nb"],
                   help=f"stance models searched ({', '.join(GRIDS)})")
    p.add_argument("--max-seconds", type=float, default=900, help="a stage still running after this is stopped")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = arguments(argv)
    need(args.data / UNGDC)
    print(f"scale benchmark: sizes {', '.join(f'{n:,}' for n in args.sizes)}; {os.cpu_count()} cores, "
          f"n_jobs {args.n_jobs}; anything else running on the machine adds to the times")
    work, load = Path(tempfile.mkdtemp(prefix="stancelab-scale-", dir="/tmp")), os.getloadavg()
    try:
        floor = measure([sys.executable, "-c", FLOOR], 120, work / "log-floor.txt")
        done = run_all(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cmp, sizes = comparison(done), args.sizes
    goals = targets(done, cmp)
    notes = (f"Seconds: the stage's own work in a fresh process (predict: the whole `stancelab predict` command). "
             f"Peak MB: ru_maxrss of that process, interpreter and imports included "
             f"(alone: {floor.get('peak_mb', '?')} MB); with n_jobs {args.n_jobs} worker processes are not summed. "
             f"{os.cpu_count()} cores; load average (1 min) {load[0]:.2f} at the start, {os.getloadavg()[0]:.2f} "
             "at the end (above 0 before the start: other work was running). "
             "Stance scores: labelled passages repeated (not new data), for the both-ways check only.")
    md = "\n\n".join([stage_table(done, sizes), comparison_table(cmp), targets_text(goals), notes])
    print(md)
    out = save(args.results, "scale", {"sizes": sizes, "stages": done, "comparison": cmp, "targets": goals,
                                        "n_jobs": args.n_jobs, "models": args.models, "grids": GRIDS,
                                        "topics": TOPICS, "n_clusters": N_CLUSTERS, "random_state": RANDOM_STATE,
                                        "interpreter_floor": floor, "notes": notes}, md)
    draw(done, out)
    if cmp and not goals["all_scores_equal"]:
        print("error: the two ways gave different scores", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
