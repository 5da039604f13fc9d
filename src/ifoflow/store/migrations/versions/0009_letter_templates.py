"""a letter is a template plus data (was a text body)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 19:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
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
            template='brev/fritext.html', template_version='0009', data={'text': body or ''}))
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.alter_column('data', existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column('template', server_default=None)
        batch_op.alter_column('template_version', server_default=None)
        batch_op.drop_column('body')


def downgrade() -> None:
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
