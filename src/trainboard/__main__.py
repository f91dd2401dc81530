"""`python -m trainboard ...` is the `trainboard` command."""

import sys

from trainboard.cli import main

if __name__ == "__main__":
    sys.exit(main())
