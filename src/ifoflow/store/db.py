"""Engine, sessions and migrations. The caller's unit of work commits, never a repository function."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.settings import get_settings

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str) -> Engine:
    """Engine with SQLite set up for safe concurrent use (WAL, foreign keys on)."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # PostgreSQL's default random_page_cost (4) prices disks that seek; on SSD storage (1.1 is the usual advice)
    # the planner looks up a unit's persons by key instead of scanning all 200 000 of them: a name search went
    # from 135 ms to 11 ms with 100 000 households. IFOFLOW_PG_OPTIONS="" leaves the server's own settings.
    options = get_settings().pg_options
    return create_engine(url, pool_pre_ping=True, connect_args={"options": options} if options else {})


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@contextmanager
def _migration_connection(engine: Engine) -> Iterator[Connection]:
    """SQLite rebuilds tables in batch migrations; foreign keys must be off meanwhile (Alembic's advice)."""
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()  # end the autobegun transaction; the pragma only works outside one
        try:
            with conn.begin():
                yield conn
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` with Alembic."""
    cfg = alembic_config(str(engine.url.render_as_string(hide_password=False)))
    with _migration_connection(engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade_all(engine: Engine) -> None:
    """Remove every table the migrations made (used by `seed --reset` and tests)."""
    cfg = alembic_config(str(engine.url.render_as_string(hide_password=False)))
    with _migration_connection(engine) as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")


def recreate(engine: Engine) -> None:
    """An empty store at the newest schema (benchmarks and tests): drop what the migrations made, migrate again."""
    if is_migrated(engine):
        downgrade_all(engine)
    upgrade(engine)


def is_migrated(engine: Engine) -> bool:
    return inspect(engine).has_table("alembic_version")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: commit on success, roll back everything on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
