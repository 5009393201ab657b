"""Retiring an instance: it exits by itself at end of input, or is killed."""

from __future__ import annotations

import docker.errors
import pytest

from judge.judging import job_for
from sandbox.conversation import Conversation
from sandbox.instance import launch, retire
from sandbox.job import Status


def run_then_end_input(sandbox, problem, source: str, wait_s: float):
    job = job_for(problem, source)
    instance = launch(sandbox.client, sandbox.image_id, job.limits, 30)
    try:
        outcome = Conversation(instance, job).run()
        assert [t.status for t in outcome.tests] == [Status.returned] * len(job.test_args)
        exited = instance.stream.finish(wait_s)
        state = sandbox.client.api.inspect_container(instance.id)["State"]
    finally:
        retire(instance, exit_s=0.1)
    with pytest.raises(docker.errors.NotFound):
        sandbox.client.api.inspect_container(instance.id)
    return exited, state


def test_retired_container_exits_by_itself_at_end_of_input(sandbox, add_problem):
    exited, state = run_then_end_input(
        sandbox, add_problem, "def add(a, b):\n    return a + b\n", wait_s=10
    )
    assert exited
    assert (state["Status"], state["ExitCode"], state["OOMKilled"]) == ("exited", 0, False)


def test_retired_container_that_will_not_exit_is_removed_anyway(sandbox, add_problem):
    # The harness ends with os._exit; a submission can make that never return.
    source = "import os, time\nos._exit = lambda code: time.sleep(3600)\n"
    source += "def add(a, b):\n    return a + b\n"
    exited, state = run_then_end_input(sandbox, add_problem, source, wait_s=1)
    assert not exited
    assert state["Status"] == "running"
