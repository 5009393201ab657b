"""A judge with no Docker behind it, for tests of the service around the sandbox
(queue, workers, storage); never for tests of isolation, limits or verdicts."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from judge.verdicts import Judgement


class FakeSandbox:
    def busy(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()

    def close(self) -> None:
        pass


class FakeJudge:
    """``judge`` makes each judgement, as Judge.judge(problem, source) would."""

    def __init__(self, judge: Callable[..., Judgement]):
        self.sandbox = FakeSandbox()
        self.judge = judge
