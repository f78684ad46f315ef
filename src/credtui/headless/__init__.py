"""The headless command line: every action of the TUI as a command, for scripts and CI.

:mod:`~credtui.headless.parsers` builds the argparse subcommands (standard library
only, so ``credtui --help`` stays fast); :func:`credtui.headless.run.run` runs one
parsed command and returns its exit status. One module per command group
(``apps``, ``creds``, ``auth``, ``keytools``, ``check``, ``profiles``), all over
the same core as the TUI (:mod:`credtui.ops`, :mod:`credtui.api`). Nothing here
imports Textual.
"""
