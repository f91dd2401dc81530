# ruff: noqa: N806, N812, RUF059 - the program as its users write it
# The REINFORCE-on-CartPole program of the classic "TensorBoard with PyTorch" walk-through, with one line
# changed: the import of SummaryWriter. (gym became gymnasium, whose reset() returns (state, info) and
# whose step() returns (state, reward, terminated, truncated, info).)
#
#     python examples/reinforce_blog.py
#     trainboard --logdir=logs/REINFORCE          # open http://localhost:6006: the reward chart grows live
import gymnasium as gym
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.distributions import Categorical

from trainboard import SummaryWriter  # was: from torch.utils.tensorboard import SummaryWriter

# Hyperparameters
learning_rate = 0.0002
gamma = 0.98


class Policy(nn.Module):
    def __init__(self):
        super().__init__()
        self.data = []

        self.fc1 = nn.Linear(4, 128)
        self.fc2 = nn.Linear(128, 2)
        self.optimizer = optim.Adam(self.parameters(), lr=learning_rate)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = F.softmax(self.fc2(x), dim=0)
        return x

    def put_data(self, item):
        self.data.append(item)

    def train_net(self):
        R = 0
        self.optimizer.zero_grad()
        for r, prob in self.data[::-1]:
            R = r + gamma * R
            loss = -torch.log(prob) * R
            loss.backward()
        self.optimizer.step()
        self.data = []


def main():
    env = gym.make("CartPole-v1")
    pi = Policy()
    writer = SummaryWriter("logs/REINFORCE")
    writer.add_graph(pi, torch.rand(4))
    score = 0.0
    print_interval = 20

    for n_epi in range(10000):
        s, _ = env.reset()
        done = False

        while not done:
            prob = pi(torch.from_numpy(s).float())
            m = Categorical(prob)
            a = m.sample()
            s_prime, r, terminated, truncated, info = env.step(a.item())
            done = terminated or truncated
            pi.put_data((r, prob[a]))
            s = s_prime
            score += r

        pi.train_net()

        if n_epi % print_interval == 0 and n_epi != 0:
            print(f"# of episode :{n_epi}, avg score : {score / print_interval}")
            writer.add_scalar("reward", score / print_interval, global_step=n_epi)
            score = 0.0
    writer.close()
    env.close()


if __name__ == "__main__":
    main()
