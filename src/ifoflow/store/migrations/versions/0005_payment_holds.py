"""payment holds (monthly control)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 20:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('payment_holds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('cleared_at', sa.DateTime(), nullable=True),
    sa.Column('cleared_by', sa.String(length=64), nullable=False),
    sa.Column('clear_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_payment_holds_case_id_cases')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_payment_holds_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_holds')),
    sa.UniqueConstraint('key', name=op.f('uq_payment_holds_key'))
    )
    op.create_index(op.f('ix_payment_holds_case_id'), 'payment_holds', ['case_id'], unique=False)
    op.create_index(op.f('ix_payment_holds_household_id'), 'payment_holds', ['household_id'], unique=False)
    op.create_index(op.f('ix_payment_holds_cleared_at'), 'payment_holds', ['cleared_at'], unique=False)
    op.create_index('ix_payments_household_month', 'payments', ['household_id', 'month'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_payments_household_month', table_name='payments')
    op.drop_index(op.f('ix_payment_holds_cleared_at'), table_name='payment_holds')
    op.drop_index(op.f('ix_payment_holds_household_id'), table_name='payment_holds')
    op.drop_index(op.f('ix_payment_holds_case_id'), table_name='payment_holds')
    op.drop_table('payment_holds')
