"""`python -m credtui`."""

from credtui.cli import main

raise SystemExit(main())
