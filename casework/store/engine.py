"""Engine and session factory for SQLite (embedded) and PostgreSQL (production)."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from .group_commit import GroupCommit, Prelude

T = TypeVar("T")


@dataclass
class Store:
    engine: Engine
    sessions: sessionmaker[Session]
    writer_sessions: sessionmaker[Session]
    # SQLite has one writer at a time; queueing writers here avoids its busy-handler back-off sleeps
    write_lock: threading.Lock | None = field(default=None)
    group: GroupCommit = field(init=False)

    def __post_init__(self) -> None:
        self.group = GroupCommit(self.transaction)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        with self.write_lock or nullcontext(), self.writer_sessions.begin() as session:
            yield session

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A writer's transaction on a Core connection: for the relay's few plain statements, without a
        Session's bookkeeping (and without its after-commit hooks)."""
        with self.write_lock or nullcontext(), self.writer_sessions.kw["bind"].begin() as connection:
            yield connection

    def grouped(self, work: Callable[[Session], T], *, prelude: Prelude | None = None) -> T:
        """`work(session)` in a transaction shared with the other writers waiting now (group commit);
        returns once that transaction committed. For the intake paths: many small independent writes.
        `prelude`: `(step, item)`, one `step(items)` call for the whole batch first (`GroupCommit`)."""
        return self.group.run(work, prelude=prelude)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _sqlite_begin(connection) -> None:  # noqa: ANN001
    # writers take the write lock up front, so two never deadlock upgrading a read lock
    immediate = connection.get_execution_options().get("sqlite_writer", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_store(url: str) -> Store:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10},
                               pool_size=20, max_overflow=20)
        event.listen(engine, "connect", _sqlite_pragmas)
        # let SQLAlchemy, not pysqlite, open transactions, and open them as writers
        event.listen(engine, "connect", lambda conn, _r: setattr(conn, "isolation_level", None))
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
    writer = engine.execution_options(sqlite_writer=True)
    return Store(
        engine=engine,
        sessions=sessionmaker(engine, expire_on_commit=False),
        writer_sessions=sessionmaker(writer, expire_on_commit=False),
        write_lock=threading.Lock() if engine.dialect.name == "sqlite" else None,
    )
