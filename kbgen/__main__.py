"""`python -m kbgen`, and the `kbgen` command (`run`): Ctrl-C and SIGTERM handled from the first import on."""

import signal
import sys

# Until `stopping` is in place, Ctrl-C ends the process as the signal's own default does: at once, with no
# traceback (a shell reports it as 130, like the exit code `stopping` gives).
signal.signal(signal.SIGINT, signal.SIG_DFL)

from kbgen.util.interrupts import Interrupted, interrupted, leave, stopping


def run() -> None:
    """Load the command line and run it; a signal while it loads ends with one line, exit 128 + its number."""
    with stopping():
        try:
            from kbgen.cli import main
        except Interrupted as stop:  # the command line (which reports interrupts) is not loaded yet
            stop.outcome = "nothing was done"
            sys.stderr.write(stop.line() + "\n")
            leave(stop.exit_code)
        try:
            main()
        except SystemExit as done:
            if interrupted():  # the command line said so in its one line
                leave(done.code if isinstance(done.code, int) else 1)
            raise


if __name__ == "__main__":
    run()
