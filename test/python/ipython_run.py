"""%profburst through IPython's own API (an InteractiveShell, as a kernel runs it): the line magic,
the cell magic and the line magic with -e (the page and the profile inside the output), each
output's HTML printed as JSON on one line; then the process stays up (its server serves the
iframes) until stdin closes."""
import json
import sys

from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

shell = InteractiveShell.instance()
shell.run_cell("""
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
""")
out = {}
with capture_output() as line:
    shell.run_line_magic("load_ext", "profburst")
    shell.run_line_magic("profburst", "fib(18)")
with capture_output() as cell:
    shell.run_cell_magic("profburst", "", "total = 0\nfor k in range(12):\n    total += fib(k)\n")
with capture_output() as embedded:
    shell.run_line_magic("profburst", "-e fib(15)")
out["line"] = [o.data.get("text/html") for o in line.outputs]
out["embed"] = [o.data.get("text/html") for o in embedded.outputs]
out["cell"] = [o.data.get("text/html") for o in cell.outputs]
out["total"] = shell.user_ns.get("total")
out["stderr"] = line.stderr + cell.stderr + embedded.stderr
print(json.dumps(out), flush=True)
sys.stdin.read()
