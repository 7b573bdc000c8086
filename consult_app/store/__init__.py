"""Storage: SQLAlchemy rows, repositories, the unit of work and Alembic migrations."""
