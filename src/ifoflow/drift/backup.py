"""Backup and restore of a whole installation: every table and the stored files, in one zip file.

`take` reads every table inside one snapshot (PostgreSQL: a REPEATABLE READ transaction; SQLite: a copy made with
SQLite's own backup API), so a backup taken while robots run is one moment of the store. Stored files (documents,
letters' PDFs, scanned paper, the scanning model, attestation files) are content-addressed and never changed, so
those the snapshot names are all there. `restore` loads a backup into an empty database at the backup's schema
version, migrates it to the newest, copies the files back (each checked against its hash) and verifies the audit
chain: the rows are the same rows, so the chain holds. Why our own format rather than pg_dump: the same backup
restores into SQLite or PostgreSQL, and is checked file by file (docs/decisions/0008-backup-in-our-own-format.md).
"""

import base64
import hashlib
import io
import json
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Table, create_engine, insert, inspect, select, text
from sqlalchemy.sql.sqltypes import JSON, Date, DateTime, LargeBinary, Numeric

from ifoflow import __version__
from ifoflow.domain.errors import InputError
from ifoflow.settings import get_settings
from ifoflow.store import audit
from ifoflow.store.base import Base, utcnow
from ifoflow.store.db import session_factory, upgrade

FORMAT = 1
STORED = ("documents", "modeller", "vardfakturor/attest")  # folders under the data directory the store refers to
BATCH = 2000
Progress = Callable[[str], None]


@dataclass
class Summary:
    revision: str
    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0
    audit_events: int = 0
    problems: list[str] = field(default_factory=list)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def _decoder(table: Table) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Turns a backed-up row back into Python values by each column's type (JSON columns stay as they are)."""
    kinds: dict[str, Callable[[Any], Any]] = {}
    for column in table.columns:
        kind = column.type
        if isinstance(kind, JSON):
            continue
        if isinstance(kind, DateTime):
            kinds[column.name] = datetime.fromisoformat
        elif isinstance(kind, Date):
            kinds[column.name] = date.fromisoformat
        elif isinstance(kind, Numeric) and kind.asdecimal:
            kinds[column.name] = Decimal
        elif isinstance(kind, LargeBinary):
            kinds[column.name] = base64.b64decode

    def decode(row: dict[str, Any]) -> dict[str, Any]:
        return {k: (kinds[k](v) if v is not None and k in kinds else v) for k, v in row.items()}

    return decode


def tables() -> list[Table]:
    """Every table of the installation, parents before children."""
    import ifoflow.models  # noqa: F401 - registers every table on Base.metadata

    return list(Base.metadata.sorted_tables)


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection that sees one moment of the store for as long as the block runs."""
    if engine.dialect.name == "sqlite":
        source = engine.url.database
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "snapshot.db"
            with sqlite3.connect(str(source)) as live, sqlite3.connect(str(copy)) as target:
                live.backup(target)  # SQLite's own online backup: consistent while others write
            snap = create_engine(f"sqlite:///{copy}")
            try:
                with snap.connect() as conn:
                    yield conn
            finally:
                snap.dispose()
        return
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        yield conn


def _revision(conn: Connection) -> str:
    return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one())


def take(engine: Engine, target: Path, *, progress: Progress = lambda s: None) -> Summary:
    """Write the backup to `target` (a .zip). Returns what it holds."""
    data_dir = get_settings().data_dir
    manifest: dict[str, Any] = {"format": FORMAT, "ifoflow": __version__, "made_at": utcnow().isoformat(),
                                "database": engine.dialect.name, "tables": {}, "files": {}}
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".delvis")
    with _snapshot(engine) as conn, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        summary = Summary(_revision(conn))
        manifest["revision"] = summary.revision
        present = set(inspect(conn).get_table_names())
        for table in tables():
            if table.name not in present:
                continue
            progress(f"Tabell {table.name}")
            digest, count = hashlib.sha256(), 0
            order = list(table.primary_key.columns) or list(table.columns)
            with zf.open(f"tabeller/{table.name}.jsonl", "w", force_zip64=True) as out:
                for row in conn.execution_options(yield_per=BATCH).execute(select(table).order_by(*order)).mappings():
                    line = (json.dumps({k: _encode(v) for k, v in row.items()}, ensure_ascii=False) + "\n").encode()
                    out.write(line)
                    digest.update(line)
                    count += 1
            manifest["tables"][table.name] = {"rows": count, "sha256": digest.hexdigest()}
            summary.tables[table.name] = count
        for folder in STORED:
            root = data_dir / folder
            for path in sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []:
                name = f"filer/{path.relative_to(data_dir).as_posix()}"
                content = path.read_bytes()
                zf.writestr(name, content)
                manifest["files"][name] = hashlib.sha256(content).hexdigest()
        summary.files = len(manifest["files"])
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    partial.replace(target)  # a backup that stopped half-way never looks like a whole one
    return summary


def _read_manifest(zf: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(zf.read("manifest.json"))
    except KeyError:
        raise InputError("fil", "Filen är ingen ifoflow-säkerhetskopia (manifest.json saknas).") from None
    if manifest.get("format") != FORMAT:
        raise InputError("fil", f"Säkerhetskopians format {manifest.get('format')} kan inte läsas av den här "
                                "versionen av ifoflow.")
    return dict(manifest)


def check(source: Path) -> list[str]:
    """Every table and file of the backup against the checksums in its manifest; the problems, in Swedish."""
    problems = []
    with zipfile.ZipFile(source) as zf:
        manifest = _read_manifest(zf)
        for name, info in manifest["tables"].items():
            digest = hashlib.sha256()
            with zf.open(f"tabeller/{name}.jsonl") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    digest.update(chunk)
            if digest.hexdigest() != info["sha256"]:
                problems.append(f"Tabellen {name} stämmer inte med sin kontrollsumma.")
        for name, sha in manifest["files"].items():
            if hashlib.sha256(zf.read(name)).hexdigest() != sha:
                problems.append(f"Filen {name} stämmer inte med sin kontrollsumma.")
    return problems


def restore(engine: Engine, source: Path, *, progress: Progress = lambda s: None) -> Summary:
    """Load the backup into an empty database, migrate it to the newest schema, put the files back and verify the
    audit chain. Refuses a database that already holds tables."""
    if inspect(engine).get_table_names():
        raise InputError("databas", "Databasen är inte tom. Återställ till en ny, tom databas (en säkerhetskopia "
                                    "skriver aldrig över data).")
    problems = check(source)
    if problems:
        raise InputError("fil", "Säkerhetskopian är skadad: " + " ".join(problems[:5]))
    data_dir = get_settings().data_dir
    with zipfile.ZipFile(source) as zf:
        manifest = _read_manifest(zf)
        summary = Summary(manifest["revision"])
        upgrade(engine, manifest["revision"])  # the backup's own schema, then forward
        models = {t.name: t for t in tables()}
        with engine.begin() as conn:
            # The tables as they were at the backup's version (a column added since has no value to restore).
            old = MetaData()
            old.reflect(conn)
            for table in [t for t in old.sorted_tables if t.name in manifest["tables"]]:
                progress(f"Tabell {table.name}")
                decode = _decoder(models.get(table.name, table))
                batch: list[dict[str, Any]] = []
                with zf.open(f"tabeller/{table.name}.jsonl") as f:
                    for line in io.TextIOWrapper(f, encoding="utf-8"):
                        batch.append(decode(json.loads(line)))
                        if len(batch) >= BATCH:
                            conn.execute(insert(table), batch)
                            batch = []
                if batch:
                    conn.execute(insert(table), batch)
                summary.tables[table.name] = manifest["tables"][table.name]["rows"]
            if engine.dialect.name == "postgresql":
                _reset_sequences(conn, [old.tables[n] for n in summary.tables])
        for name in manifest["files"]:
            path = data_dir / name.removeprefix("filer/")
            path.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(name) as f, path.open("wb") as out:
                shutil.copyfileobj(f, out)
        summary.files = len(manifest["files"])
    upgrade(engine)
    with session_factory(engine)() as session:
        summary.audit_events, found = audit.verify(session)
        summary.problems = [str(p) for p in found]
    return summary


def _reset_sequences(conn: Connection, loaded: list[Table]) -> None:
    """PostgreSQL hands out the next id from a sequence the copied rows did not move: move it past them."""
    for table in loaded:
        if "id" in table.columns:
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                              f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))
