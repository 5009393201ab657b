"""Settings, from ``JUDGE_*`` environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_PROBLEMS = Path(__file__).resolve().parents[1] / "problems"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JUDGE_")

    problems_dir: Path = REPO_PROBLEMS if REPO_PROBLEMS.is_dir() else Path("problems")
    runner_image: str = "pyjudge-runner:bookworm"
    debian_mirror: str = "http://deb.debian.org/debian"
    max_source_kb: int = 64
