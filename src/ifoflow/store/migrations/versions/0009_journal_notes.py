"""journal notes as SOSFS 2014:5 asks: date, author, what happened, what was decided; drafts, signing, corrections

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 19:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('journal_notes') as batch:
        batch.add_column(sa.Column('author_name', sa.String(length=100), nullable=False, server_default=''))
        batch.add_column(sa.Column('occurred_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('heading', sa.String(length=200), nullable=False, server_default=''))
        batch.add_column(sa.Column('decided', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('status', sa.String(length=16), nullable=False, server_default='utkast'))
        batch.add_column(sa.Column('signed_at', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('corrects_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('key', sa.String(length=128), nullable=True))
        batch.add_column(sa.Column('updated_at', sa.DateTime(), nullable=True))
        batch.create_foreign_key(batch.f('fk_journal_notes_corrects_id_journal_notes'), 'journal_notes',
                                 ['corrects_id'], ['id'])
        batch.create_unique_constraint(batch.f('uq_journal_notes_key'), ['key'])
    op.execute("UPDATE journal_notes SET updated_at = created_at")
    with op.batch_alter_table('journal_notes') as batch:
        batch.alter_column('updated_at', nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('journal_notes') as batch:
        batch.drop_constraint(batch.f('uq_journal_notes_key'), type_='unique')
        batch.drop_constraint(batch.f('fk_journal_notes_corrects_id_journal_notes'), type_='foreignkey')
        for column in ('updated_at', 'key', 'corrects_id', 'signed_at', 'status', 'decided', 'heading',
                       'occurred_on', 'author_name'):
            batch.drop_column(column)
