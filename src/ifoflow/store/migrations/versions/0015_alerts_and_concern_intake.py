"""alerts; letters to organisations (a reporter's feedback); orosanmälan from the debt robot and from paper

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-28 04:07:34
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('failure', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alerts')),
    sa.UniqueConstraint('key', name=op.f('uq_alerts_key'))
    )
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alerts_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_alerts_status'), ['status'], unique=False)

    with op.batch_alter_table('concern_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reporter_address', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('document_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_concern_reports_document_id_documents'), 'documents', ['document_id'], ['id'])

    with op.batch_alter_table('debt_concerns', schema=None) as batch_op:
        batch_op.alter_column('case_id',
               existing_type=sa.INTEGER(),
               nullable=True)

    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recipient', sa.JSON(), nullable=True))
        batch_op.alter_column('person_id',
               existing_type=sa.INTEGER(),
               nullable=True)



def downgrade() -> None:
    # Down to 0014 a letter needs a person and a debt report a case: those without go (their PDFs stay stored).
    op.execute("DELETE FROM letter_events WHERE letter_id IN (SELECT id FROM letters WHERE person_id IS NULL)")
    op.execute("DELETE FROM letters WHERE person_id IS NULL")
    op.execute("DELETE FROM debt_concerns WHERE case_id IS NULL")
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.alter_column('person_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('recipient')

    with op.batch_alter_table('debt_concerns', schema=None) as batch_op:
        batch_op.alter_column('case_id',
               existing_type=sa.INTEGER(),
               nullable=False)

    with op.batch_alter_table('concern_reports', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_concern_reports_document_id_documents'), type_='foreignkey')
        batch_op.drop_column('document_id')
        batch_op.drop_column('reporter_address')

    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alerts_status'))
        batch_op.drop_index(batch_op.f('ix_alerts_kind'))

    op.drop_table('alerts')
