"""Figures drawn from a run's saved results, never by refitting: one registry, one paper style, and a
module per step (stance, topics, scores, shares)."""
