"""`python -m realize`: the command line (realize.cli).

Once the command is done (its stores closed by `main`, its readers stopped) and its output flushed, the
process ends at once: the interpreter's own clean-up of pandas, Arrow and DuckDB takes 0.3 to 0.9 s here,
longer than many commands. An unexpected error still ends the ordinary way, with its traceback.
"""

import os
import sys

from realize.cli import main

exit_code = main()
sys.stdout.flush()
sys.stderr.flush()
os._exit(exit_code)
