"""Prepared segments -> TF-IDF matrices: word and character n-gram vectorizers, token counts counted once per
corpus (a fold's TF-IDF fit from them without tokenising again), and the one FeatureInput every step reads."""
