"""Settings, from ``JUDGE_*`` environment variables.

Each field's description is the documentation: README's settings table is made
from these classes (``python -m api.settings``) and a test keeps the two equal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_PROBLEMS = Path(__file__).resolve().parents[1] / "problems"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JUDGE_")

    problems_dir: Annotated[
        Path,
        Field(
            description="the problem library: one folder per problem",
            json_schema_extra={"shown_default": "the checkout's `problems/`"},
        ),
    ] = REPO_PROBLEMS if REPO_PROBLEMS.is_dir() else Path("problems")
    runner_image: Annotated[
        str, Field(description="the image every sandbox container runs (`judge image build`)")
    ] = "pyjudge-runner:bookworm"
    debian_mirror: Annotated[
        str, Field(description="where `judge image build` bootstraps Debian from")
    ] = "http://deb.debian.org/debian"
    max_source_kb: Annotated[
        int, Field(description="a larger source is a compilation_error (413 in the API)")
    ] = 64
