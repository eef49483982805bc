import sys

from realize.cli import main

sys.exit(main())
