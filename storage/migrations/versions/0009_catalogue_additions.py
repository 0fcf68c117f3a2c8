"""catalogue_additions and catalogue_refresh_runs: films the daily refresh added, and which
process did each day's refresh

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 11:00:00

Both tables start empty: the first refresh adds what TMDB and KOBIS list as new.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'catalogue_additions',
        sa.Column('movie_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('movie_id'),
    )
    op.create_table(
        'catalogue_refresh_runs',
        sa.Column('run_date', sa.Date(), nullable=False),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('outcome', sa.String(length=16), nullable=True),
        sa.Column('report', sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint('run_date'),
    )


def downgrade() -> None:
    op.drop_table('catalogue_refresh_runs')
    op.drop_table('catalogue_additions')
