"""Retiring an instance: it exits by itself at end of input, or is killed."""

from __future__ import annotations

import docker.errors
import pytest

from judge.judging import job_for
from sandbox.conversation import Conversation
from sandbox.instance import launch, retire
from sandbox.job import Status


def run_to_the_end(sandbox, problem, source: str):
    """Runs a job and returns the container's state once the run is over: the
    conversation stops the container itself, to decide OOM from a stopped container."""
    job = job_for(problem, source)
    instance = launch(sandbox.client, sandbox.image_id, job.limits, 30)
    try:
        outcome = Conversation(instance, job).run()
        assert [t.status for t in outcome.tests] == [Status.returned] * len(job.test_args)
        state = sandbox.client.api.inspect_container(instance.id)["State"]
    finally:
        retire(instance, exit_s=0.1)
    with pytest.raises(docker.errors.NotFound):
        sandbox.client.api.inspect_container(instance.id)
    return state


def test_container_exits_by_itself_at_end_of_input(sandbox, add_problem):
    state = run_to_the_end(sandbox, add_problem, "def add(a, b):\n    return a + b\n")
    assert (state["Status"], state["ExitCode"], state["OOMKilled"]) == ("exited", 0, False)


def test_container_that_will_not_exit_is_killed_and_removed_anyway(sandbox, add_problem):
    # The harness ends with os._exit; a submission can make that never return.
    source = "import os, time\nos._exit = lambda code: time.sleep(3600)\n"
    source += "def add(a, b):\n    return a + b\n"
    state = run_to_the_end(sandbox, add_problem, source)
    assert (state["Status"], state["ExitCode"]) == ("exited", 137)
