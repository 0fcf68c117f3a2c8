"""OST genre: a song title, audio features or a form in, film genres out (mirrors
``inference.ost``).
"""
