"""Trained models: one folder per capability with ``train.py``, the artifact and metadata.json."""
