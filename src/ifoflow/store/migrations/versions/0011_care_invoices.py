"""care invoices: providers, placements (beslut om insats) with agreed prices, received invoices and credit notes,
costs per placement and month, placement budgets per unit and year

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27 22:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('providers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('org_number', sa.String(length=10), nullable=False),
    sa.Column('peppol_id', sa.String(length=64), nullable=False),
    sa.Column('bankgiro', sa.String(length=9), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_providers')),
    sa.UniqueConstraint('org_number', name=op.f('uq_providers_org_number'))
    )
    with op.batch_alter_table('providers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_providers_peppol_id'), ['peppol_id'], unique=False)

    op.create_table('placement_budgets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_placement_budgets_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement_budgets')),
    sa.UniqueConstraint('unit_id', 'year', name='uq_placement_budgets_unit_year')
    )
    op.create_table('placements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('insats', sa.String(length=32), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=True),
    sa.Column('price_unit', sa.String(length=8), nullable=False),
    sa.Column('price', sa.Integer(), nullable=False),
    sa.Column('extras', sa.JSON(), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=True),
    sa.Column('kontering', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_placements_case_id_cases')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_placements_person_id_persons')),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_placements_provider_id_providers')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_placements_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placements')),
    sa.UniqueConstraint('reference', name=op.f('uq_placements_reference'))
    )
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placements_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_insats'), ['insats'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_unit_id'), ['unit_id'], unique=False)

    op.create_table('care_invoices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('number', sa.String(length=64), nullable=False),
    sa.Column('issue_date', sa.Date(), nullable=False),
    sa.Column('supplier_id', sa.String(length=64), nullable=False),
    sa.Column('supplier_name', sa.String(length=200), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('original_number', sa.String(length=64), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('quantity', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('net', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('vat', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('payable', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('bankgiro', sa.String(length=9), nullable=False),
    sa.Column('hint', sa.String(length=200), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=True),
    sa.Column('placement_id', sa.Integer(), nullable=True),
    sa.Column('expected', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('deviation', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('attest', sa.String(length=16), nullable=False),
    sa.Column('handled_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_care_invoices_placement_id_placements')),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_care_invoices_provider_id_providers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_care_invoices')),
    sa.UniqueConstraint('key', name=op.f('uq_care_invoices_key'))
    )
    with op.batch_alter_table('care_invoices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_care_invoices_placement_id'), ['placement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_care_invoices_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_care_invoices_received_on'), ['received_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_care_invoices_reference'), ['reference'], unique=False)
        batch_op.create_index(batch_op.f('ix_care_invoices_status'), ['status'], unique=False)

    op.create_table('placement_costs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['invoice_id'], ['care_invoices.id'], name=op.f('fk_placement_costs_invoice_id_care_invoices')),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_placement_costs_placement_id_placements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement_costs')),
    sa.UniqueConstraint('key', name='uq_placement_costs_key')
    )
    with op.batch_alter_table('placement_costs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placement_costs_month'), ['month'], unique=False)
        batch_op.create_index(batch_op.f('ix_placement_costs_placement_id'), ['placement_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('placement_costs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placement_costs_placement_id'))
        batch_op.drop_index(batch_op.f('ix_placement_costs_month'))

    op.drop_table('placement_costs')
    with op.batch_alter_table('care_invoices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_care_invoices_status'))
        batch_op.drop_index(batch_op.f('ix_care_invoices_reference'))
        batch_op.drop_index(batch_op.f('ix_care_invoices_received_on'))
        batch_op.drop_index(batch_op.f('ix_care_invoices_provider_id'))
        batch_op.drop_index(batch_op.f('ix_care_invoices_placement_id'))

    op.drop_table('care_invoices')
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placements_unit_id'))
        batch_op.drop_index(batch_op.f('ix_placements_provider_id'))
        batch_op.drop_index(batch_op.f('ix_placements_person_id'))
        batch_op.drop_index(batch_op.f('ix_placements_insats'))
        batch_op.drop_index(batch_op.f('ix_placements_case_id'))

    op.drop_table('placements')
    op.drop_table('placement_budgets')
    with op.batch_alter_table('providers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_providers_peppol_id'))

    op.drop_table('providers')
