"""One settings model for the whole product, from the environment or a `.env` file."""
from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="forbid"
    )

    database_url: str = Field("sqlite:///var/smartbrain.db", alias="DATABASE_URL")
    redis_url: str | None = Field(None, alias="REDIS_URL")
    region: str = Field("qu-county", alias="SMARTBRAIN_REGION")
    secret_key: str = Field("dev-only-change-me", alias="SMARTBRAIN_SECRET_KEY")
    lang: Literal["zh-CN", "en"] = Field("zh-CN", alias="SMARTBRAIN_LANG")
    demo_token: str | None = Field(None, alias="SMARTBRAIN_DEMO_TOKEN")
    timezone: str = Field("Asia/Shanghai", alias="SMARTBRAIN_TIMEZONE")
    open311_config: str | None = Field(None, alias="SMARTBRAIN_OPEN311_CONFIG")
    max_body_bytes: int = Field(2 * 1024 * 1024, alias="SMARTBRAIN_MAX_BODY_BYTES")
    # SLA policy file (YAML); unset: the shipped casework/sla/policies.yaml
    sla_policies: str | None = Field(None, alias="SMARTBRAIN_SLA_POLICIES")
    # Redis pub/sub channels are global across database numbers: ours are named `smartbrain:<namespace>:…`.
    # Unset: `db<N>` from REDIS_URL, so centers sharing one Redis on different databases never cross.
    redis_namespace: str | None = Field(None, alias="SMARTBRAIN_REDIS_NAMESPACE", pattern=r"^[A-Za-z0-9_.-]{1,40}$")
    # seconds a leader (outbox relay, SLA timers, periodic jobs) holds its lease without renewing
    leader_ttl: float = Field(10.0, alias="SMARTBRAIN_LEADER_TTL", gt=0.2, le=300)
    # Frigate over MQTT, started by the leading worker: mqtt://[user:password@]host[:port]; unset: off
    frigate_mqtt_url: str | None = Field(None, alias="SMARTBRAIN_FRIGATE_MQTT_URL")
    frigate_topic_prefix: str = Field("frigate", alias="SMARTBRAIN_FRIGATE_TOPIC_PREFIX")
    # insight: the classifier's model folder (`smartbrain train --model DIR`); unset: the shipped model
    classifier_model: str | None = Field(None, alias="SMARTBRAIN_MODEL")
    # seconds between early-warning passes in the live process; 0: not run here (a worker runs them)
    warnings_interval: float = Field(600.0, alias="SMARTBRAIN_WARNINGS_INTERVAL", ge=0)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
