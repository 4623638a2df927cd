"""Running a config: the steps in order, the run folder written atomically (staging, publish, history),
provenance (manifest), `stancelab verify`, progress and the run log, and where folds run (joblib or Dask)."""
