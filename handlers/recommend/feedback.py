"""👍 👎 ✓ ➕ on one film, taken back by a second tap: the same for the list and the cards."""

from __future__ import annotations

from handlers.shared.context import CineContext
from handlers.shared.i18n import t


async def toggle_feedback(context: CineContext, user_id: int, movie_id: int, kind: str) -> str:
    """Store ``kind`` (like, dislike, watched or watchlist) for the film, or take it back when
    it is already marked; returns the toast that says which happened."""
    repo = context.bot_data.repo
    before = await repo.get_taste(user_id)
    if before.marked(kind, movie_id):
        if kind == "watchlist":
            await repo.remove_from_watchlist(user_id, movie_id)
        else:
            await repo.remove_feedback(user_id, movie_id, kind)
        return t(context.lang, "rec.undone")
    if kind == "watchlist":
        await repo.add_to_watchlist(user_id, movie_id)
    else:
        await repo.record_feedback(user_id, movie_id, kind)
    return t(context.lang, f"rec.noted_{kind}")
