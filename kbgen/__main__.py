"""`python -m kbgen`, and the `kbgen` command (`run`): Ctrl-C and SIGTERM handled from the first import on."""

import gc
import signal
import sys

# Until `stopping` is in place, Ctrl-C ends the process as the signal's own default does: at once, with no
# traceback (a shell reports it as 130, like the exit code `stopping` gives).
signal.signal(signal.SIGINT, signal.SIG_DFL)

from kbgen.util.interrupts import Interrupted, interrupted, leave, stopping


def run() -> None:
    """Load the command line and run it; a signal while it loads ends with one line, exit 128 + its number."""
    # What the imports make (modules, functions, classes) lives until the process ends: the collector would walk
    # it on every full collection of the build, and at exit. It is set aside (`freeze`) once loaded.
    gc.disable()
    with stopping():
        try:
            from kbgen.cli import main
        except Interrupted as stop:  # the command line (which reports interrupts) is not loaded yet
            stop.outcome = "nothing was done"
            sys.stderr.write(stop.line() + "\n")
            leave(stop.exit_code)
        gc.freeze()
        gc.enable()
        try:
            main()
        except SystemExit as done:
            if interrupted():  # the command line said so in its one line
                leave(done.code if isinstance(done.code, int) else 1)
            if done.code is None or isinstance(done.code, int):
                # finished: nothing is left to close (files are written in `with` blocks, threads and workers are
                # done), so the heap is not torn down object by object (a tenth of a second on the shipped site)
                leave(done.code or 0)
            raise


if __name__ == "__main__":
    run()
