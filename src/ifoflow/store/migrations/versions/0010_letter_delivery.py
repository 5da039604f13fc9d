"""letters that reach people: three kinds of protected identity, delivery channel and history, print batches,
a unit's choice about info letters

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27 22:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('persons') as batch:
        batch.add_column(sa.Column('protection', sa.String(length=32), nullable=False, server_default='ingen'))
        batch.add_column(sa.Column('eservice_seen_at', sa.DateTime(), nullable=True))
    # The old yes/no could not tell the kinds apart; the mildest kind keeps every existing protection.
    op.execute("UPDATE persons SET protection = 'sekretessmarkering' WHERE protected_identity")
    with op.batch_alter_table('persons') as batch:
        batch.drop_column('protected_identity')
    with op.batch_alter_table('units') as batch:
        batch.add_column(sa.Column('info_letters', sa.Boolean(), nullable=False, server_default=sa.true()))
    op.create_table(
        'print_batches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('letters', sa.Integer(), nullable=False),
        sa.Column('pages', sa.Integer(), nullable=False),
        sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
        sa.Column('manifest_sha256', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_print_batches')),
        sa.UniqueConstraint('day', name=op.f('uq_print_batches_day')),
    )
    op.create_table(
        'letter_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('letter_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False, server_default=''),
        sa.Column('outcome', sa.String(length=32), nullable=False),
        sa.Column('detail', sa.Text(), nullable=False, server_default=''),
        sa.Column('actor', sa.String(length=64), nullable=False, server_default='system'),
        sa.ForeignKeyConstraint(['letter_id'], ['letters.id'], name=op.f('fk_letter_events_letter_id_letters')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_events')),
    )
    op.create_index(op.f('ix_letter_events_letter_id'), 'letter_events', ['letter_id'])
    with op.batch_alter_table('letters') as batch:
        batch.add_column(sa.Column('channel', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('sent_at', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('failure', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('print_batch_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f('fk_letters_print_batch_id_print_batches'), 'print_batches',
                                 ['print_batch_id'], ['id'])
        batch.create_index(batch.f('ix_letters_print_batch_id'), ['print_batch_id'])
        batch.create_index(batch.f('ix_letters_status'), ['status'])
    # Letters written before delivery existed were handed on ready to send: they wait for the delivery robot.
    op.execute("UPDATE letters SET status = 'vantar' WHERE status = 'skapad'")


def downgrade() -> None:
    op.execute("UPDATE letters SET status = 'skapad' WHERE status NOT IN ('manuell', 'skickad')")
    with op.batch_alter_table('letters') as batch:
        batch.drop_index(batch.f('ix_letters_status'))
        batch.drop_index(batch.f('ix_letters_print_batch_id'))
        batch.drop_constraint(batch.f('fk_letters_print_batch_id_print_batches'), type_='foreignkey')
        batch.drop_column('print_batch_id')
        batch.drop_column('failure')
        batch.drop_column('sent_at')
        batch.drop_column('channel')
    op.drop_index(op.f('ix_letter_events_letter_id'), table_name='letter_events')
    op.drop_table('letter_events')
    op.drop_table('print_batches')
    with op.batch_alter_table('units') as batch:
        batch.drop_column('info_letters')
    with op.batch_alter_table('persons') as batch:
        batch.add_column(sa.Column('protected_identity', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE persons SET protected_identity = (protection <> 'ingen')")
    with op.batch_alter_table('persons') as batch:
        batch.drop_column('eservice_seen_at')
        batch.drop_column('protection')
