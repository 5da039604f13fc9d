"""one quarantine for every file intake (was the debt notices' own); a letter is a template plus data (was a body)

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
    _quarantine_upgrade()
    _letters_upgrade()


def downgrade() -> None:
    _letters_downgrade()
    _quarantine_downgrade()


def _quarantine_upgrade() -> None:
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


def _quarantine_downgrade() -> None:
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


def _letters_upgrade() -> None:
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('template', sa.String(length=128), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('template_version', sa.String(length=16), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('data', sa.JSON(), nullable=True))
    # Letters written before keep their words: the plain-text template shows the old body.
    letters = sa.table('letters', sa.column('id', sa.Integer), sa.column('body', sa.Text),
                       sa.column('template', sa.String), sa.column('template_version', sa.String),
                       sa.column('data', sa.JSON))
    conn = op.get_bind()
    rows = conn.execute(sa.select(letters.c.id, letters.c.body)).all()
    for letter_id, body in rows:
        conn.execute(letters.update().where(letters.c.id == letter_id).values(
            template='brev/fritext.html', template_version='0008', data={'text': body or ''}))
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.alter_column('data', existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column('template', server_default=None)
        batch_op.alter_column('template_version', server_default=None)
        batch_op.drop_column('body')


def _letters_downgrade() -> None:
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body', sa.Text(), nullable=False, server_default=''))
    letters = sa.table('letters', sa.column('id', sa.Integer), sa.column('body', sa.Text),
                       sa.column('data', sa.JSON))
    conn = op.get_bind()
    for letter_id, data in conn.execute(sa.select(letters.c.id, letters.c.data)).all():
        conn.execute(letters.update().where(letters.c.id == letter_id).values(body=(data or {}).get('text', '')))
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_column('data')
        batch_op.drop_column('template_version')
        batch_op.drop_column('template')
