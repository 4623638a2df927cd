"""The stance step: models and baselines, evaluation protocols and splits, out-of-fold predictions with
bootstrap intervals, learning curves, the final model and its card, explanations, and `stancelab predict`."""
