"""Prepared segments -> TF-IDF matrices: word and character n-gram vectorizers, and token counts counted
once per corpus from which a fold's TF-IDF is fit without tokenising again (the same matrix)."""
