"""Run every benchmark: ``python benchmarks/run.py``. Figures, not pass/fail."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in sorted(HERE.glob("*.py")):
    if script.name in ("run.py", "__init__.py"):
        continue
    print(f"== {script.stem}", flush=True)
    subprocess.run([sys.executable, str(script)], check=True)
