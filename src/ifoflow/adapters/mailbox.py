"""Digital mailbox (Mina meddelanden, the national infrastructure Kivra, Min myndighetspost and others deliver
through): is this person reachable, and deliver one letter. The contract is in docs/adapters.md.

Delivery carries the letter's own key as the message id: the mailbox keeps the first message under an id and
answers a repeat with the same receipt, so a crash between delivery and our commit never sends twice.
"""

import base64
from typing import Any

import httpx

from ifoflow.adapters.clients import Endpoint, _send


class MailboxClient:
    SYSTEM = "Mina meddelanden"

    def __init__(self, endpoint: Endpoint, *, sender: str) -> None:
        self.endpoint, self.sender = endpoint, sender
        self.http = httpx.Client(base_url=endpoint.base_url, timeout=endpoint.timeout_s, cert=endpoint.cert,
                                 verify=endpoint.verify)

    def reachable(self, numbers: list[str]) -> dict[str, bool]:
        """Which of the people have a digital mailbox that accepts mail from us."""
        response = _send(self.http, self.SYSTEM, self.endpoint.timeout_s, "POST", "/mina-meddelanden/nabarhet",
                         json={"avsandare": self.sender, "mottagare": numbers})
        response.raise_for_status()
        return {str(r["mottagare"]): bool(r["nabar"]) for r in response.json()["svar"]}

    def deliver(self, personnummer: str, message_id: str, subject: str, pdf: bytes) -> dict[str, Any]:
        """Deliver one PDF; the receipt names the mailbox that took it. Refused (4xx) is a ValueError."""
        response = _send(self.http, self.SYSTEM, self.endpoint.timeout_s, "POST", "/mina-meddelanden/meddelanden",
                         json={"avsandare": self.sender, "mottagare": personnummer, "meddelande_id": message_id,
                               "rubrik": subject, "pdf": base64.b64encode(pdf).decode()})
        if 400 <= response.status_code < 500:
            raise ValueError(f"Brevlådan tog inte emot brevet: {response.text[:200]}")
        return dict(response.json())
