"""avvikelser: deviation reports (avvikelse, Lex Sarah, personal-data incident), their entries and actions

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-28 01:45:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('deviation_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('immediate_actions', sa.Text(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('serious', sa.Boolean(), nullable=True),
    sa.Column('high_risk', sa.Boolean(), nullable=True),
    sa.Column('cause', sa.Text(), nullable=False),
    sa.Column('analysis', sa.Text(), nullable=False),
    sa.Column('authority_report', sa.Boolean(), nullable=True),
    sa.Column('authority_reason', sa.Text(), nullable=False),
    sa.Column('authority_decided_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('aware_at', sa.DateTime(), nullable=True),
    sa.Column('classified_at', sa.DateTime(), nullable=True),
    sa.Column('investigated_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_deviation_reports_person_id_persons')),
    sa.ForeignKeyConstraint(['reporter_id'], ['staff_users.id'], name=op.f('fk_deviation_reports_reporter_id_staff_users')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_deviation_reports_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deviation_reports'))
    )
    with op.batch_alter_table('deviation_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deviation_reports_aware_at'), ['aware_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_deviation_reports_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_deviation_reports_reporter_id'), ['reporter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deviation_reports_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_deviation_reports_unit_id'), ['unit_id'], unique=False)

    op.create_table('deviation_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['staff_users.id'], name=op.f('fk_deviation_actions_owner_id_staff_users')),
    sa.ForeignKeyConstraint(['report_id'], ['deviation_reports.id'], name=op.f('fk_deviation_actions_report_id_deviation_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deviation_actions'))
    )
    with op.batch_alter_table('deviation_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deviation_actions_report_id'), ['report_id'], unique=False)

    op.create_table('deviation_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['staff_users.id'], name=op.f('fk_deviation_entries_author_id_staff_users')),
    sa.ForeignKeyConstraint(['report_id'], ['deviation_reports.id'], name=op.f('fk_deviation_entries_report_id_deviation_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deviation_entries'))
    )
    with op.batch_alter_table('deviation_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deviation_entries_report_id'), ['report_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('deviation_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deviation_entries_report_id'))

    op.drop_table('deviation_entries')
    with op.batch_alter_table('deviation_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deviation_actions_report_id'))

    op.drop_table('deviation_actions')
    with op.batch_alter_table('deviation_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deviation_reports_unit_id'))
        batch_op.drop_index(batch_op.f('ix_deviation_reports_status'))
        batch_op.drop_index(batch_op.f('ix_deviation_reports_reporter_id'))
        batch_op.drop_index(batch_op.f('ix_deviation_reports_kind'))
        batch_op.drop_index(batch_op.f('ix_deviation_reports_aware_at'))

    op.drop_table('deviation_reports')
