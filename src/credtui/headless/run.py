"""Run one parsed headless command: the single place where errors become exit statuses.

Every failure, expected or not, ends here as one sentence on stderr and a
documented exit status; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import os
import sys
from collections.abc import Awaitable, Callable

from credtui.exit_codes import EXIT_INTERRUPTED, EXIT_OK
from credtui.headless.common import error_text, exit_status
from credtui.headless.output import message, set_quiet

Handler = Callable[[argparse.Namespace], "int | Awaitable[int]"]

_MODULES = {
    "apps": "credtui.headless.apps",
    "creds": "credtui.headless.creds",
    "auth": "credtui.headless.auth",
    "keygen": "credtui.headless.keytools",
    "test": "credtui.headless.keytools",
    "check": "credtui.headless.check",
    "profile": "credtui.headless.profiles",
}


def _handler(args: argparse.Namespace) -> Handler:
    # httpx imports its optional command-line tool, which loads rich (~140 ms), whenever
    # rich is installed (it comes with Textual); credtui never uses it, so keep it out.
    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    action = getattr(args, "action", None) or args.command
    if (args.command, action) == ("creds", "rotate"):
        module = importlib.import_module("credtui.headless.rotate")
    elif (args.command, action) == ("creds", "rotate-secret"):
        module = importlib.import_module("credtui.headless.client_secret")
    else:
        module = importlib.import_module(_MODULES[args.command])
    handler: Handler = getattr(module, f"cmd_{action.replace('-', '_')}")
    return handler


def run(args: argparse.Namespace) -> int:
    """Run the command ``args`` names; returns its exit status."""
    set_quiet(bool(getattr(args, "quiet", False)))
    try:
        result = _handler(args)(args)
        if inspect.isawaitable(result):
            return asyncio.run(_await(result))
        return result
    except KeyboardInterrupt:
        message("interrupted", error=True)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`| head`): nothing more to say, and nowhere to say it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # the entry point: every error becomes words
        message(error_text(exc), error=True)
        return exit_status(exc)


async def _await(result: Awaitable[int]) -> int:
    return await result
