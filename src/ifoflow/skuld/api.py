"""Machine intake: landlords, power companies and debt collectors post notice files with a bearer token."""

import secrets
from datetime import date

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import JSONResponse

from ifoflow.intag import service as intag
from ifoflow.settings import get_settings
from ifoflow.skuld.intake import NOTICES
from ifoflow.web.deps import SessionDep

router = APIRouter(prefix="/api")
MAX_BYTES = 20 * 1024 * 1024


def _authorised(request: Request) -> bool:
    expected = get_settings().notice_api_token
    sent = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    return bool(expected) and secrets.compare_digest(sent, expected)


@router.post("/skuldaviseringar")
async def receive_notices(request: Request, session: SessionDep, fil: UploadFile) -> JSONResponse:
    """A CSV, Excel, XML or PDF file; answers what was registered, duplicated or quarantined."""
    if not _authorised(request):
        return JSONResponse({"fel": "Ogiltig eller saknad API-nyckel."}, status_code=401)
    content = await fil.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        return JSONResponse({"fel": "Filen är större än 20 MB."}, status_code=413)
    got = intag.receive(session, NOTICES, content, fil.filename or "api", today=date.today())
    return JSONResponse(got.as_dict(), status_code=202)
