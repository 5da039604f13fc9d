"""orosanmälan: reports of concern about a child with their deadlines and decision support, and the case
worker's skyddsbedömning and förhandsbedömning

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-27 23:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('concern_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('reporter_category', sa.String(length=32), nullable=False),
    sa.Column('mandatory', sa.Boolean(), nullable=False),
    sa.Column('reporter_name', sa.String(length=200), nullable=False),
    sa.Column('reporter_contact', sa.String(length=200), nullable=False),
    sa.Column('reporter_personnummer', sa.String(length=12), nullable=False),
    sa.Column('secrecy_wish', sa.Boolean(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('danger_now', sa.Boolean(), nullable=False),
    sa.Column('guardians_told', sa.String(length=8), nullable=False),
    sa.Column('child_given', sa.JSON(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('protection_due', sa.DateTime(), nullable=False),
    sa.Column('preassessment_due', sa.Date(), nullable=True),
    sa.Column('ongoing_investigation', sa.Boolean(), nullable=False),
    sa.Column('support', sa.JSON(), nullable=False),
    sa.Column('acute_route', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_concern_reports_case_id_cases')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_concern_reports_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_concern_reports')),
    sa.UniqueConstraint('key', name=op.f('uq_concern_reports_key'))
    )
    with op.batch_alter_table('concern_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_concern_reports_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_concern_reports_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_concern_reports_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_concern_reports_reporter_category'), ['reporter_category'], unique=False)
        batch_op.create_index(batch_op.f('ix_concern_reports_status'), ['status'], unique=False)

    op.create_table('concern_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('suggested', sa.String(length=16), nullable=False),
    sa.Column('followed', sa.Boolean(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['staff_users.id'], name=op.f('fk_concern_assessments_decided_by_id_staff_users')),
    sa.ForeignKeyConstraint(['report_id'], ['concern_reports.id'], name=op.f('fk_concern_assessments_report_id_concern_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_concern_assessments'))
    )
    with op.batch_alter_table('concern_assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_concern_assessments_report_id'), ['report_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('concern_assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_concern_assessments_report_id'))

    op.drop_table('concern_assessments')
    with op.batch_alter_table('concern_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_concern_reports_status'))
        batch_op.drop_index(batch_op.f('ix_concern_reports_reporter_category'))
        batch_op.drop_index(batch_op.f('ix_concern_reports_received_at'))
        batch_op.drop_index(batch_op.f('ix_concern_reports_person_id'))
        batch_op.drop_index(batch_op.f('ix_concern_reports_case_id'))

    op.drop_table('concern_reports')
