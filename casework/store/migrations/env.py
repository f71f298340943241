from alembic import context

from casework.models import Base
from casework.store.engine import make_store

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    store = make_store(config.get_main_option("sqlalchemy.url"))
    with store.engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    store.dispose()


run_migrations_online()
