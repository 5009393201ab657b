"""API keys: random bearer tokens, stored only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from api.models import ApiKey, utcnow
from judge.errors import JudgeError

TOKEN_PREFIX = "pj_"


def _hash(token: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough; no salt needed.
    return hashlib.sha256(token.encode()).hexdigest()


class KeyProblem(JudgeError):
    """A key name that exists already, or none by that name."""


class Keys:
    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions

    def create(self, name: str, admin: bool = False) -> str:
        """A new key's token; an admin key may also rejudge (docs/api.md, "Rejudge")."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.sessions.begin() as session:
            if session.scalar(select(ApiKey).where(ApiKey.name == name)):
                raise KeyProblem(f"a key named {name!r} exists already")
            session.add(ApiKey(name=name, token_hash=_hash(token), prefix=token[:8], admin=admin))
        return token

    def is_admin(self, key_id: int) -> bool:
        with self.sessions() as session:
            return bool(session.scalar(select(ApiKey.admin).where(ApiKey.id == key_id)))

    def name_of(self, key_id: int) -> str:
        with self.sessions() as session:
            return session.scalar(select(ApiKey.name).where(ApiKey.id == key_id)) or "?"

    def revoke(self, name: str) -> None:
        with self.sessions.begin() as session:
            key = session.scalar(select(ApiKey).where(ApiKey.name == name))
            if key is None:
                raise KeyProblem(f"no key named {name!r}")
            key.revoked_at = key.revoked_at or utcnow()

    def list(self) -> list[ApiKey]:
        with self.sessions() as session:
            return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))

    def any_active(self) -> bool:
        with self.sessions() as session:
            count = session.scalar(
                select(func.count()).select_from(ApiKey).where(ApiKey.revoked_at.is_(None))
            )
            return bool(count)

    def owner_of(self, token: str) -> int | None:
        """The id of the active key with this token, or None."""
        with self.sessions() as session:
            return session.scalar(
                select(ApiKey.id).where(
                    ApiKey.token_hash == _hash(token), ApiKey.revoked_at.is_(None)
                )
            )
