"""One settings object, read from IFOFLOW_* environment variables."""

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "ifoflow"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IFOFLOW_")

    data_dir: Path = default_data_dir()
    database_url: str = ""  # empty: an SQLite file in data_dir
    municipality_name: str = "Exempelkommunen"
    host: str = "127.0.0.1"
    port: int = 8000
    page_size: int = 25
    broker_url: str = "redis://127.0.0.1:6379/0"  # Celery broker for `ifoflow worker` (Redis or RabbitMQ)
    robot_chunk_size: int = 500  # items per Celery task

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'ifoflow.db'}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
