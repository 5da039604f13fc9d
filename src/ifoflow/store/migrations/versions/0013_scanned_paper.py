"""skanning: scanned files, each kept by its hash, and the documents found in them with their type, person,
route and the manual queue's answers

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28 00:28:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('scan_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('arrived_on', sa.Date(), nullable=False),
    sa.Column('received_by', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scan_files')),
    sa.UniqueConstraint('sha256', name=op.f('uq_scan_files_sha256'))
    )
    with op.batch_alter_table('scan_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scan_files_status'), ['status'], unique=False)

    op.create_table('scan_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('first_page', sa.Integer(), nullable=False),
    sa.Column('page_count', sa.Integer(), nullable=False),
    sa.Column('page_images', sa.JSON(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('arrived_on', sa.Date(), nullable=False),
    sa.Column('doc_type', sa.String(length=32), nullable=False),
    sa.Column('type_confidence', sa.Float(), nullable=False),
    sa.Column('cover_sheet', sa.Boolean(), nullable=False),
    sa.Column('extracted', sa.JSON(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('route', sa.String(length=16), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('retention', sa.String(length=200), nullable=False),
    sa.Column('confirmed_type', sa.String(length=32), nullable=True),
    sa.Column('confirmed_by', sa.String(length=64), nullable=False),
    sa.Column('routed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_scan_documents_case_id_cases')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_scan_documents_document_id_documents')),
    sa.ForeignKeyConstraint(['file_id'], ['scan_files.id'], name=op.f('fk_scan_documents_file_id_scan_files')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_scan_documents_person_id_persons')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_scan_documents_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scan_documents')),
    sa.UniqueConstraint('key', name=op.f('uq_scan_documents_key'))
    )
    with op.batch_alter_table('scan_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scan_documents_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scan_documents_file_id'), ['file_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scan_documents_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scan_documents_route'), ['route'], unique=False)
        batch_op.create_index(batch_op.f('ix_scan_documents_unit_id'), ['unit_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('scan_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scan_documents_unit_id'))
        batch_op.drop_index(batch_op.f('ix_scan_documents_route'))
        batch_op.drop_index(batch_op.f('ix_scan_documents_person_id'))
        batch_op.drop_index(batch_op.f('ix_scan_documents_file_id'))
        batch_op.drop_index(batch_op.f('ix_scan_documents_case_id'))

    op.drop_table('scan_documents')
    with op.batch_alter_table('scan_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scan_files_status'))

    op.drop_table('scan_files')
