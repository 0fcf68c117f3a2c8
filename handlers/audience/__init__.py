"""Box-office audience: a release described or a KOBIS title in, a forecast out (mirrors
``inference.audience``).
"""
