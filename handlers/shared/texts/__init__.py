"""Per-language message catalogues keyed by message id (see :func:`handlers.shared.i18n.t`)."""
