"""Run every benchmark in bench/ and print its figures (make bench)."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SKIP = {"run.py", "load.py", "fault.py"}  # load and fault tests start servers: run them on their own

for script in sorted(HERE.glob("*.py")):
    if script.name in SKIP:
        continue
    print(f"== {script.stem}", flush=True)
    subprocess.run([sys.executable, str(script)], check=False)
