"""unit: the C unit tests of tests/unit/ (each counts its own checks)"""
from harness import *  # noqa: F401,F403


def suite_unit(unit_dir, label):
    for exe in sorted(glob.glob(os.path.join(unit_dir, "test_*"))):
        name = os.path.basename(exe)
        code, out, err = run([exe])
        m = re.search(r"(\d+) passed, (\d+) failed\s*$", out)
        if not m:
            ok(f"{label} unit {name}", False, f"exit {code}, no summary line\n{out}{err}")
            continue
        p, f = int(m.group(1)), int(m.group(2))
        count(p, f + (1 if code != 0 and not f else 0))
        if f or code != 0:
            print(f"FAIL {label} unit {name}: exit {code}\n{out}{err}")
