"""rate_windows and rate_limit_processes: the send budget and per-user limits shared by every
process on one PostgreSQL

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-20 10:00:00

Both tables start empty; a window is created by its first event and a process by its first
heartbeat. On SQLite (one process, limits in memory) they exist but stay empty.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'rate_windows',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column(
            'stamps',
            sa.ARRAY(sa.Double()).with_variant(sa.JSON(), 'sqlite'),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint('key'),
    )
    op.create_table(
        'rate_limit_processes',
        sa.Column('process_id', sa.String(length=64), nullable=False),
        sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('process_id'),
    )


def downgrade() -> None:
    op.drop_table('rate_limit_processes')
    op.drop_table('rate_windows')
