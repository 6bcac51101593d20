"""`python -m kbgen`."""

from .cli import main

main()
