"""one quarantine for every file intake (was the debt notices' own)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 18:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('intake_quarantine',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('intake', sa.String(length=32), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('raw', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('fixed_by', sa.String(length=64), nullable=False),
    sa.Column('item_key', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_quarantine'))
    )
    with op.batch_alter_table('intake_quarantine', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intake_quarantine_intake'), ['intake'], unique=False)
        batch_op.create_index(batch_op.f('ix_intake_quarantine_status'), ['status'], unique=False)
    # Entries kept as they were; a fixed one names the notice it became by the notice's key.
    op.execute("""INSERT INTO intake_quarantine (id, intake, source, raw, reason, status, created_at, fixed_by,
                                                 item_key)
                  SELECT q.id, 'skuldaviseringar', q.source, q.raw, q.reason, q.status, q.created_at, q.fixed_by,
                         COALESCE((SELECT n.key FROM debt_notices n WHERE n.id = q.notice_id), '')
                  FROM notice_quarantine q""")
    if op.get_bind().dialect.name == "postgresql":  # the copied ids must not be handed out again
        op.execute("SELECT setval(pg_get_serial_sequence('intake_quarantine', 'id'), "
                   "COALESCE((SELECT MAX(id) FROM intake_quarantine), 0) + 1, false)")
    with op.batch_alter_table('notice_quarantine', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_quarantine_status'))
    op.drop_table('notice_quarantine')


def downgrade() -> None:
    op.create_table('notice_quarantine',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('raw', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('fixed_by', sa.String(length=64), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['notice_id'], ['debt_notices.id'], name=op.f('fk_notice_quarantine_notice_id_debt_notices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice_quarantine'))
    )
    with op.batch_alter_table('notice_quarantine', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_quarantine_status'), ['status'], unique=False)
    op.execute("""INSERT INTO notice_quarantine (id, source, raw, reason, status, created_at, fixed_by, notice_id)
                  SELECT q.id, q.source, q.raw, q.reason, q.status, q.created_at, q.fixed_by,
                         (SELECT n.id FROM debt_notices n WHERE n.key = q.item_key)
                  FROM intake_quarantine q WHERE q.intake = 'skuldaviseringar'""")
    with op.batch_alter_table('intake_quarantine', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intake_quarantine_status'))
        batch_op.drop_index(batch_op.f('ix_intake_quarantine_intake'))
    op.drop_table('intake_quarantine')
