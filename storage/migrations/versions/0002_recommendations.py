"""recommendations: only-subscribed toggle, availability cache

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('profiles', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('only_subscribed', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table('availability_cache',
    sa.Column('tmdb_id', sa.Integer(), nullable=False),
    sa.Column('region', sa.String(length=8), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('tmdb_id', 'region')
    )


def downgrade() -> None:
    op.drop_table('availability_cache')
    with op.batch_alter_table('profiles', schema=None) as batch_op:
        batch_op.drop_column('only_subscribed')
