"""`python -m planpub` runs the command line."""

from planpub.cli import main

main()
