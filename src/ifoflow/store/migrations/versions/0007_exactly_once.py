"""one decision per application, tasks about an application and their closing note, sign-in attempts

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 12:16:46
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('sign_in_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_attempts'))
    )
    op.create_index('ix_sign_in_attempts_address_at', 'sign_in_attempts', ['address', 'at'], unique=False)
    op.create_index('ix_sign_in_attempts_username_at', 'sign_in_attempts', ['username', 'at'], unique=False)

    # Stores made before this release may hold a second decision for one application (the bug this release
    # fixes). The first stays the application's decision; later ones are kept, detached, for the record.
    op.execute("""UPDATE decisions SET application_id = NULL WHERE application_id IS NOT NULL AND id > (
                  SELECT MIN(d2.id) FROM decisions d2 WHERE d2.application_id = decisions.application_id)""")
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_decisions_application_id', ['application_id'])

    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_letters_decision_id'), ['decision_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_letters_decision_id_decisions'), 'decisions', ['decision_id'], ['id'])
    op.execute("""UPDATE letters SET decision_id = (SELECT d.id FROM decisions d
                  WHERE letters.idempotency_key = 'letter:beslut:' || CAST(d.id AS VARCHAR))
                  WHERE idempotency_key LIKE 'letter:beslut:%'""")

    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('locked_until')

    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('application_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('closed_by', sa.String(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('closed_note', sa.Text(), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_tasks_application_id'), ['application_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_tasks_application_id_applications'), 'applications', ['application_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_tasks_application_id_applications'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_tasks_application_id'))
        batch_op.drop_column('closed_note')
        batch_op.drop_column('closed_by')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('application_id')

    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False))

    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_letters_decision_id_decisions'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_letters_decision_id'))
        batch_op.drop_column('decision_id')

    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_constraint('uq_decisions_application_id', type_='unique')

    op.drop_index('ix_sign_in_attempts_username_at', table_name='sign_in_attempts')
    op.drop_index('ix_sign_in_attempts_address_at', table_name='sign_in_attempts')
    op.drop_table('sign_in_attempts')
