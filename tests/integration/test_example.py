"""The CartPole example trains and logs what the README promises, as read back by `trainboard.read`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import trainboard

pytest.importorskip("torch")
pytest.importorskip("gymnasium")

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "reinforce_cartpole.py"


@pytest.fixture(scope="module")
def experiment(tmp_path_factory: pytest.TempPathFactory) -> trainboard.Experiment:
    logdir = tmp_path_factory.mktemp("logs") / "REINFORCE"
    subprocess.run(
        [sys.executable, str(EXAMPLE), "--episodes", "40", "--logdir", str(logdir)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return trainboard.read(str(logdir))


pytestmark = pytest.mark.slow


def test_example_logs_the_average_reward_every_20_episodes(experiment: trainboard.Experiment) -> None:
    reward = experiment.scalar_arrays(".", "reward")
    assert list(reward.step) == [20, 40]
    # CartPole pays 1 per step and an episode lasts at least a few steps.
    assert all(5 <= value <= 500 for value in reward.value)


def test_example_logs_length_and_loss_of_every_episode(experiment: trainboard.Experiment) -> None:
    assert list(experiment.scalar_arrays(".", "episode_length").step) == list(range(1, 41))
    assert len(experiment.scalar_arrays(".", "loss").step) == 40


def test_example_logs_a_histogram_of_the_policy_weights(experiment: trainboard.Experiment) -> None:
    series = experiment.tensor_series(".", "weights/net.0.weight")
    assert [datum.step for datum in series] == [20, 40]
    buckets = series[-1].value  # [k, 3]: left edge, right edge, count
    assert buckets[:, 2].sum() == 4 * 128


def test_example_logs_the_policy_graph(experiment: trainboard.Experiment) -> None:
    graph = experiment.graph(".")
    assert graph is not None
    ops = " ".join(node.op for node in graph.node)
    assert "linear" in ops or "addmm" in ops, ops
    assert "relu" in ops and "softmax" in ops, ops
