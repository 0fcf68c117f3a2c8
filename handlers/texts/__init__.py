"""Per-language message catalogues keyed by message id (see :func:`handlers.i18n.t`)."""
