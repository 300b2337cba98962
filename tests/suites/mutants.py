"""mutants: the mutation suite's rules (tests/mutants.txt) still apply to the
sources, each text exactly once, and results/mutation.md has a row for each
(make mutate runs them against make check; CI does not)
"""
from harness import *  # noqa: F401,F403


def suite_mutants(checker, label):
    # In the copy make mutate judges a mutant in, MUTATE_APPLIED names it:
    # its own rule then no longer applies, and that is no failure.
    cmd = [sys.executable, "tests/mutate.py", "--check"]
    if os.environ.get("MUTATE_APPLIED"):
        cmd.append("--applied=" + os.environ["MUTATE_APPLIED"])
    code, out, err = run(cmd)
    ok(f"{label} mutants: every rule of tests/mutants.txt applies once, and "
       f"results/mutation.md records each", code == 0, f"exit {code}\n{out}{err}")
