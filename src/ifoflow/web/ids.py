"""Ids in addresses: whole numbers the store can hold. Anything else is 'not found', never a server error."""

from typing import Annotated

from fastapi import Path

MAX_ID = 2_147_483_647  # the largest integer id PostgreSQL's INTEGER (and the rows here) can have

Id = Annotated[int, Path(ge=1, le=MAX_ID)]

