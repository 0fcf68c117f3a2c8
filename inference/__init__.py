"""Inference services: pure Python APIs (typed inputs → typed results), never Telegram or SQL."""
