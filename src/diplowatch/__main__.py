"""`python -m diplowatch`: the same command line as the `diplowatch` script."""

from diplowatch.cli import main

main()
