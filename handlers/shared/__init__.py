"""Shared parts of the handlers: the typed context, flow machinery, texts, keyboards, charts."""
