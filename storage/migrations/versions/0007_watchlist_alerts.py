"""watchlist.checked_at and watchlist.alert_state: the daily check of watchlisted films, so a
user hears once when a film arrives on one of their services

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 10:00:00

Existing rows start unchecked (NULL): their first check records where each film streams
without alerting, as for a film just added.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('watchlist') as batch:
        batch.add_column(sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('alert_state', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('watchlist') as batch:
        batch.drop_column('alert_state')
        batch.drop_column('checked_at')
