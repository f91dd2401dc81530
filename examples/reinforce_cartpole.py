"""REINFORCE on CartPole, logged with trainboard.

    pip install -r examples/requirements.txt
    python examples/reinforce_cartpole.py --episodes 300
    trainboard --logdir logs

The policy is a small MLP (4 -> 128 -> 2, softmax) trained with Adam on the discounted return of
each episode. Every 20 episodes the average score and a histogram of each weight are logged; the
length and the loss of every episode are logged too, and the policy's graph once at the start.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import gymnasium as gym
import torch
from torch import nn
from torch.distributions import Categorical

from trainboard import SummaryWriter

LEARNING_RATE = 0.0002
GAMMA = 0.98
PRINT_EVERY = 20  # episodes between the logged average score and weight histograms


class Policy(nn.Module):
    """Maps a CartPole observation (4 numbers) to the probabilities of pushing left or right."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(4, 128), nn.ReLU(), nn.Linear(128, 2), nn.Softmax(dim=-1))

    def forward(self, observation: torch.Tensor) -> torch.Tensor:
        return self.net(observation)


def discounted_returns(rewards: Sequence[float], gamma: float) -> list[float]:
    """The return G_t = r_t + gamma * G_{t+1} of every step, computed backwards in one pass."""
    returns = [0.0] * len(rewards)
    running = 0.0
    for t in range(len(rewards) - 1, -1, -1):
        running = rewards[t] + gamma * running
        returns[t] = running
    return returns


def run_episode(env: gym.Env, policy: Policy) -> tuple[list[torch.Tensor], list[float]]:
    """Plays one episode with actions sampled from the policy; returns log-probabilities and rewards."""
    observation, _ = env.reset()
    log_probs: list[torch.Tensor] = []
    rewards: list[float] = []
    done = False
    while not done:
        probs = policy(torch.as_tensor(observation, dtype=torch.float32))
        dist = Categorical(probs=probs)
        action = dist.sample()
        observation, reward, terminated, truncated, _ = env.step(int(action.item()))
        log_probs.append(dist.log_prob(action))
        rewards.append(float(reward))
        done = terminated or truncated
    return log_probs, rewards


def train(episodes: int, logdir: str, seed: int = 0) -> float:
    """Trains for `episodes` episodes, logging to `logdir`; returns the last average score."""
    torch.manual_seed(seed)
    # A 4x128 network gains nothing from several threads; one avoids contention on small machines.
    torch.set_num_threads(1)
    env = gym.make("CartPole-v1")
    env.reset(seed=seed)
    policy = Policy()
    optimizer = torch.optim.Adam(policy.parameters(), lr=LEARNING_RATE)

    writer = SummaryWriter(log_dir=logdir)
    writer.add_graph(policy, torch.zeros(1, 4))
    score = 0.0
    avg_score = 0.0
    for n_epi in range(1, episodes + 1):
        log_probs, rewards = run_episode(env, policy)
        returns = torch.tensor(discounted_returns(rewards, GAMMA))
        loss = -(torch.stack(log_probs) * returns).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        score += sum(rewards)
        writer.add_scalar("episode_length", len(rewards), n_epi)
        writer.add_scalar("loss", loss.item(), n_epi)
        if n_epi % PRINT_EVERY == 0:
            avg_score = score / PRINT_EVERY
            writer.add_scalar("reward", avg_score, n_epi)
            for name, param in policy.named_parameters():
                writer.add_histogram(f"weights/{name}", param.detach(), n_epi)
            print(f"episode {n_epi}: average score {avg_score:.1f}")
            score = 0.0
    writer.close()
    env.close()
    return avg_score


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="REINFORCE on CartPole, logged with trainboard.")
    parser.add_argument("--episodes", type=int, default=3000, help="episodes to train (default 3000)")
    parser.add_argument("--logdir", default="logs/REINFORCE", help="where to write events")
    parser.add_argument("--seed", type=int, default=0, help="seed for torch and the environment")
    args = parser.parse_args(argv)
    train(args.episodes, args.logdir, args.seed)


if __name__ == "__main__":
    main()
