#!/usr/bin/python3
"""Writes every PyTorch reference fixture into tests/Recurrent.Tests/Fixtures/.

Run with Debian's python3-torch (apt-get install -y python3-torch):  /usr/bin/python3 tools/reference/make_fixtures.py
Each module below owns one family of fixtures and exposes generate(out_dir).
"""
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
OUT = os.path.join(HERE, "..", "..", "tests", "Recurrent.Tests", "Fixtures")

MODULES = ["fixtures_rnn", "fixtures_losses", "fixtures_optim", "fixtures_e2e", "fixtures_audio", "fixtures_conv"]


def main():
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    wanted = sys.argv[1:] or MODULES
    for name in wanted:
        module = __import__(name)
        module.generate(os.path.abspath(OUT))
        print(f"{name}: done")


if __name__ == "__main__":
    main()
