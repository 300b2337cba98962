"""unit: the C unit tests of tests/unit/ (each counts its own checks)"""
from harness import *  # noqa: F401,F403


def suite_unit(unit_dir, label, only=None):
    """Every unit test built in unit_dir (only: those named)."""
    exes = sorted(glob.glob(os.path.join(unit_dir, "test_*")))
    for name in only or []:
        ok(f"{label} unit {name}: is built", os.path.join(unit_dir, name) in exes,
           f"no {name} in {unit_dir}")
    for exe in exes:
        name = os.path.basename(exe)
        if only and name not in only:
            continue
        code, out, err = run([exe])
        m = re.search(r"(\d+) passed, (\d+) failed\s*$", out)
        if not m:
            ok(f"{label} unit {name}", False, f"exit {code}, no summary line\n{out}{err}")
            continue
        p, f = int(m.group(1)), int(m.group(2))
        count(p, f + (1 if code != 0 and not f else 0))
        if f or code != 0:
            print(f"FAIL {label} unit {name}: exit {code}\n{out}{err}")
