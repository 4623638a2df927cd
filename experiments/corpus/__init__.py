"""Config -> the corpus an experiment works on: segments from folders or tables, their labels (one
annotation reader), and the feature input (text or token counts) that every step vectorises."""
