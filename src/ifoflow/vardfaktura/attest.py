"""What goes back to the municipality's invoice-handling and attest system for each care invoice: the kontering and
an attest recommendation with its reason (contract in docs/vardfakturor.md). One JSON file per invoice, named by
the invoice's key, in IFOFLOW_DATA_DIR/vardfakturor/attest/: written again after a rerun with the same content, so
the system books each invoice once, there. A case number stands in for the client: never a name or personnummer."""

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ifoflow.settings import get_settings
from ifoflow.vardfaktura.models import CareInvoice

if TYPE_CHECKING:
    from ifoflow.vardfaktura.matching import Outcome


def folder() -> Path:
    return get_settings().data_dir / "vardfakturor" / "attest"


def file_for(invoice_key: str) -> Path:
    return folder() / f"{re.sub(r'[^A-Za-z0-9._-]', '_', invoice_key)}.json"


def write(inv: CareInvoice, out: "Outcome", case_number: str) -> None:
    target = file_for(inv.key)
    target.parent.mkdir(parents=True, exist_ok=True)
    placement = out.placement
    target.write_text(json.dumps({
        "leverantor": inv.supplier_id, "fakturanummer": inv.number, "typ": inv.kind,
        "rekommendation": "attestera" if out.status == "registrerad" else "avvakta", "skal": out.reason,
        "avvikelse": out.deviation, "kontering": placement.kontering if placement else "",
        "arende": case_number, "placering": placement.reference if placement else "",
        "belopp_utan_moms": str(inv.net), "att_betala": str(inv.payable),
        "forvantat": str(out.expected) if out.expected is not None else ""}, ensure_ascii=False, indent=1),
        encoding="utf-8")
