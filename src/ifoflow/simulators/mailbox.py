"""A digital mailbox to test against (Mina meddelanden): some people have none, calls wait a configured latency,
and a share of calls fail. A repeated message id gets the first receipt, as the real service does."""

import asyncio
import base64
import hashlib
import random
import threading
from typing import Any

from fastapi import APIRouter, HTTPException, Request

MAILBOXES = ("Kivra", "Min myndighetspost", "Fortnox")
WITHOUT_SHARE = 0.2  # share of people without a digital mailbox (about one in five adults in Sweden lacks one)


def has_mailbox(personnummer: str) -> bool:
    """Fixed per person (from the number), so runs and tests agree on who has one."""
    return int(hashlib.sha256(personnummer.encode()).hexdigest()[:8], 16) % 100 >= WITHOUT_SHARE * 100


class MailboxState:
    """What the simulator has received: message id -> (personnummer, subject, pdf bytes)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: dict[str, dict[str, Any]] = {}

    def receive(self, body: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        with self.lock:
            known = self.messages.get(body["meddelande_id"])
            if known:
                return known["kvitto"], False
            pnr = str(body["mottagare"])
            receipt = {"meddelande_id": body["meddelande_id"], "brevlada": MAILBOXES[int(pnr[-2:]) % 3]}
            self.messages[body["meddelande_id"]] = {"mottagare": pnr, "rubrik": body.get("rubrik", ""),
                                                    "pdf": base64.b64decode(body["pdf"]), "kvitto": receipt}
            return receipt, True


def mailbox_router(state: MailboxState, *, latency_ms: int = 0, fault_rate: float = 0.0,
                   seed: int | None = None) -> APIRouter:
    router = APIRouter()
    rng = random.Random(seed)

    async def delay() -> None:
        if latency_ms:
            await asyncio.sleep(latency_ms / 1000)
        if rng.random() < fault_rate:
            raise HTTPException(503, "Mina meddelanden svarar inte")

    @router.post("/mina-meddelanden/nabarhet")
    async def reachable(request: Request) -> dict[str, Any]:
        await delay()
        numbers = [str(n) for n in (await request.json()).get("mottagare", [])][:1000]
        return {"svar": [{"mottagare": n, "nabar": has_mailbox(n)} for n in numbers]}

    @router.post("/mina-meddelanden/meddelanden")
    async def deliver(request: Request) -> dict[str, Any]:
        await delay()
        body = await request.json()
        if not has_mailbox(str(body.get("mottagare", ""))):
            raise HTTPException(422, "Mottagaren har ingen digital brevlåda")
        if not body.get("meddelande_id") or not body.get("pdf"):
            raise HTTPException(400, "meddelande_id och pdf krävs")
        receipt, _ = state.receive(body)
        return receipt

    return router
