"""Catalogue 2.0: a region per user, the TMDB film cache, and the ml-latest-small ids that
MovieLens ml-latest renumbered

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 10:00:00

The catalogue moved from ml-latest-small (2018) to ml-latest (2023). MovieLens ids are stable
between releases, except that 12 films of ml-latest-small come back in ml-latest under a new
id (same IMDb id; ``data/catalogue/id_map.csv``). Favourites, feedback and watchlist rows that
name an old id are moved to the new one, so a user's saved films stay the same films. The 276
films ml-latest dropped altogether stay in the catalogue under their old ids.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# old ml-latest-small id → ml-latest id (copied from data/catalogue/id_map.csv at this revision;
# a migration must not change when the data is rebuilt).
ID_MAP = {
    106642: 214320,
    115877: 252320,
    117192: 241346,
    140359: 250858,
    147372: 229449,
    147376: 242150,
    147380: 258469,
    147382: 261799,
    150548: 205303,
    152173: 214772,
    172875: 246262,
    182639: 233203,
}
# Each table with the columns that, with movie_id, make a row unique.
TABLES = {'favourites': ('user_id',), 'feedback': ('user_id', 'kind'), 'watchlist': ('user_id',)}


def _move_ids(mapping: dict[int, int]) -> None:
    connection = op.get_bind()
    for table, unique in TABLES.items():
        rows = sa.table(table, sa.column('movie_id'), *(sa.column(c) for c in unique))
        same = ' AND '.join(f'n.{c} = {table}.{c}' for c in unique)
        for old, new in mapping.items():
            # A user cannot already hold the new id (the old catalogue did not know it), but a
            # duplicate would violate the unique keys: the old row goes then.
            connection.execute(
                sa.text(
                    f'DELETE FROM {table} WHERE movie_id = :old AND EXISTS '
                    f'(SELECT 1 FROM {table} n WHERE n.movie_id = :new AND {same})'
                ),
                {'old': old, 'new': new},
            )
            connection.execute(
                rows.update().where(rows.c.movie_id == old).values(movie_id=new)
            )


def upgrade() -> None:
    with op.batch_alter_table('profiles') as batch:
        batch.add_column(sa.Column('region', sa.String(length=8), nullable=True))
    op.create_table(
        'tmdb_films',
        sa.Column('tmdb_id', sa.Integer(), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('tmdb_id'),
    )
    _move_ids(ID_MAP)


def downgrade() -> None:
    _move_ids({new: old for old, new in ID_MAP.items()})
    op.drop_table('tmdb_films')
    with op.batch_alter_table('profiles') as batch:
        batch.drop_column('region')
