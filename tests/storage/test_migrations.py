from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from storage import Base, current_revision, head_revision, upgrade_database
from tests.storage.conftest import DatabaseUnderTest


def _schema(connection: Connection) -> dict[str, object]:
    inspector = inspect(connection)
    return {
        table: (
            [column["name"] for column in inspector.get_columns(table)],
            sorted(index["name"] or "" for index in inspector.get_indexes(table)),
            sorted(unique["name"] or "" for unique in inspector.get_unique_constraints(table)),
        )
        for table in sorted(inspector.get_table_names())
    }


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


async def test_upgrade_creates_every_table_of_the_models(database: DatabaseUnderTest):
    engine = database.create_engine()
    try:
        assert await current_revision(engine) is None

        await upgrade_database(engine)

        assert await current_revision(engine) == head_revision() == "0006_outcome_markdown"
        async with engine.connect() as connection:
            tables = set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))
        assert set(Base.metadata.tables) <= tables
    finally:
        await engine.dispose()


async def test_models_and_migrations_agree(database: DatabaseUnderTest):
    engine = database.create_engine()
    try:
        await upgrade_database(engine)

        async with engine.connect() as connection:
            differences = await connection.run_sync(_differences)
    finally:
        await engine.dispose()

    assert differences == []


async def test_upgrading_twice_changes_nothing(database: DatabaseUnderTest):
    engine = database.create_engine()
    try:
        await upgrade_database(engine)
        async with engine.connect() as connection:
            before = await connection.run_sync(_schema)

        await upgrade_database(engine)

        async with engine.connect() as connection:
            after = await connection.run_sync(_schema)
        assert await current_revision(engine) == "0006_outcome_markdown"
    finally:
        await engine.dispose()

    assert after == before


async def test_upgrade_accepts_a_url_from_inside_a_running_loop(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"

    await upgrade_database(url)

    assert await current_revision(url) == "0006_outcome_markdown"
