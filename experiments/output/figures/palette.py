"""One colour, hatch, marker and line style per model, baseline, label and cluster: the same in every figure.

A run's styles come from its saved config alone, so every figure of the run, and every run of the same
config, draws an entity alike: models in [stance] `models` order, then any other scored model (`selected`) by
name, then baselines in [stance] `baselines` order; labels in [stance] `labels` order (the codebook's
when the config has no [stance]), then [corpus] `labels`, then any other label value the run saved (a
topics run scored against sources) by name; clusters by their index. The i-th entity of a kind takes the
i-th Okabe-Ito colour (style.PALETTE); past eight the hatch and marker shift, so no two entities of a
kind look alike. Every artist drawn for an entity carries the gid "<kind>:<name>", which the figure test
reads to check that an entity has one colour across figures (and an SVG export names it).

>>> p = Palette(models=("logreg", "sgd", "majority"), labels=("deterrence", "none"))
>>> p.style("model", "majority")["color"], p.style("label", "none")["color"], p.style("cluster", 0)["color"]
('#000000', '#E69F00', '#0072B2')
"""
from __future__ import annotations

from dataclasses import dataclass

from experiments.config.sections import BASELINES, LABELS, MODELS
from experiments.output.figures.style import HATCHES, LINESTYLES, MARKERS, PALETTE

KINDS = ("model", "label", "cluster")


def _names_in(metrics: dict) -> tuple[dict, set]:
    """({model name: kind}, label values) the run saved: stance results and topics contingency classes."""
    stance, topics = metrics.get("stance") or {}, metrics.get("topics") or {}
    models = {m: r.get("kind", "model") for p in (stance.get("protocols") or {}).values()
              for m, r in p.get("results", {}).items()}
    labels = set(stance.get("labels") or [])
    labels |= {c for table in (topics.get("contingency") or {}).values() for c in table.get("classes", [])}
    return models, labels


@dataclass(frozen=True)
class Palette:
    """The ordered models (with baselines) and labels of a run; clusters need no list (their index)."""

    models: tuple[str, ...]
    labels: tuple[str, ...]

    @classmethod
    def of_run(cls, config: dict, metrics: dict | None = None) -> Palette:
        """The palette of a saved run: its config's lists, then the other names its metrics hold, by name.

        >>> config = {"stance": {"models": ["sgd"], "baselines": ["keyword"]}}
        >>> saved = {"stance": {"protocols": {"cv": {"results": {"selected": {"kind": "model"}}}}}}
        >>> Palette.of_run(config, saved).models
        ('sgd', 'selected', 'keyword')
        """
        stance, corpus = config.get("stance") or {}, config.get("corpus") or {}
        models, baselines = list(stance.get("models", MODELS)), list(stance.get("baselines", BASELINES))
        labels = list(dict.fromkeys([*(stance.get("labels") or LABELS), *(corpus.get("labels") or [])]))
        saved_models, saved_labels = _names_in(metrics or {})
        extra = sorted(set(saved_models) - set(models) - set(baselines))
        return cls(tuple(models + [m for m in extra if saved_models[m] == "model"] + baselines
                         + [m for m in extra if saved_models[m] != "model"]),
                   tuple(labels + sorted(saved_labels - set(labels))))

    def order(self, kind: str, names) -> list:
        """`names` in the palette's order (unknown names last, by name).

        >>> Palette(("logreg", "majority"), ()).order("model", ["majority", "selected", "logreg"])
        ['logreg', 'majority', 'selected']
        """
        known = {"model": self.models, "label": self.labels}.get(kind)
        if known is None:
            return sorted(names, key=int)
        return [n for n in known if n in names] + sorted(n for n in names if n not in known)

    def index(self, kind: str, name) -> int:
        """The entity's place in its kind: a cluster's index, else its place in the ordered list."""
        if kind == "cluster":
            return int(name)
        known = self.models if kind == "model" else self.labels
        return known.index(name) if name in known else len(known) + sum(map(ord, str(name)))

    def style(self, kind: str, name) -> dict:
        """Colour, hatch, marker and line style of one entity, and its gid."""
        if kind not in KINDS:
            raise ValueError(f"kind {kind!r} is not one of {KINDS}")
        i = self.index(kind, name)
        shift = i + i // len(PALETTE)  # past eight colours, the hatch and marker move on by one
        return {"color": PALETTE[i % len(PALETTE)], "hatch": HATCHES[shift % len(HATCHES)],
                "marker": MARKERS[shift % len(MARKERS)], "linestyle": LINESTYLES[i % len(LINESTYLES)],
                "gid": f"{kind}:{name}"}

    def bar(self, kind: str, name, linewidth: float = 0.6) -> dict:
        """Keyword arguments of `ax.bar`/`ax.barh` for one entity (black edges keep hatches visible)."""
        s = self.style(kind, name)
        return {"color": s["color"], "hatch": s["hatch"], "edgecolor": "black", "linewidth": linewidth,
                "gid": s["gid"]}

    def line(self, kind: str, name) -> dict:
        """Keyword arguments of `ax.plot`/`ax.errorbar` for one entity."""
        s = self.style(kind, name)
        return {"color": s["color"], "marker": s["marker"], "linestyle": s["linestyle"], "gid": s["gid"]}

    def points(self, kind: str, name) -> dict:
        """Keyword arguments of `ax.scatter` for one entity."""
        s = self.style(kind, name)
        return {"c": s["color"], "marker": s["marker"], "gid": s["gid"], "edgecolors": "black", "linewidths": 0.2}
