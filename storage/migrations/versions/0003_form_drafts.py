"""form drafts: values of a form being filled in (OST features, audience release)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('form_drafts',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('form', sa.String(length=32), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'form')
    )


def downgrade() -> None:
    op.drop_table('form_drafts')
