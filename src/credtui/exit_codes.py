"""The exit statuses of every ``credtui`` command, the TUI's start-up included.

0 success, 1 a check found problems, 2 bad usage or input refused before anything
was sent, 3 the tenant answered with an error (or a change stopped part-way), 4 the
tenant could not be reached or stopped answering (``--timeout``). Standard library
only: the command line, the headless commands and the TUI's launcher all import it.
"""

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2
EXIT_TENANT_ERROR = 3
EXIT_UNREACHABLE = 4
EXIT_INTERRUPTED = 130
"""Ctrl+C: 128 + SIGINT, as a shell reports it."""
