"""Vårdfakturor: care invoices (EN 16931: PEPPOL BIS 3.0 UBL, UN/CEFACT CII) matched to placements and registered
for cost follow-up (Norrtälje 2023, process 3)."""
