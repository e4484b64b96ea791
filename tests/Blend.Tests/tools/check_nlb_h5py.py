#!/usr/bin/python3
"""Optional dev-time cross-check: do files written by Blend's NlbFileWriter load in h5py like the reference files?

For each (written, reference) pair it checks that both hold the same groups and datasets, and per dataset:
  * the same shape;
  * the dtype nlb_tools' save_to_h5 would have written: float32 for floats, int32 for integers, numpy bool for
    bools, vlen int32 for integer lists (each element must load as a numpy int32 array);
  * the same values: floats after casting the reference to float32, with NaN in the same places; exact otherwise.
It prints one line per dataset (with its compression) and exits 1 on any difference.

Usage:
  /usr/bin/python3 check_nlb_h5py.py WRITTEN.h5 REFERENCE.h5
  /usr/bin/python3 check_nlb_h5py.py --pairs DIR/pairs.txt     # lines "written<TAB>reference"

pairs.txt is what the test suite leaves when run with BLEND_NLB_KEEP_DIR=DIR (see README.md next to this file).
Needs Debian's python3-h5py and python3-numpy; the C# tests never call it.
"""
import sys

import h5py
import numpy as np


def datasets(f):
    out = {}
    f.visititems(lambda name, obj: out.__setitem__(name, obj) if isinstance(obj, h5py.Dataset) else None)
    return out


def groups(f):
    out = []
    f.visititems(lambda name, obj: out.append(name) if isinstance(obj, h5py.Group) else None)
    return sorted(out)


def expected_dtype(ref):
    base = h5py.check_vlen_dtype(ref.dtype)
    if base is not None:
        return "vlen<int32>" if np.issubdtype(base, np.integer) else f"vlen<{np.dtype(base)}>"
    if ref.dtype == np.bool_:
        return "bool"
    if np.issubdtype(ref.dtype, np.floating):
        return "float32"
    if np.issubdtype(ref.dtype, np.integer):
        return "int32"
    return str(ref.dtype)


def actual_dtype(ds):
    base = h5py.check_vlen_dtype(ds.dtype)
    return f"vlen<{np.dtype(base)}>" if base is not None else str(ds.dtype)


def compare(written_path, reference_path):
    problems = []
    with h5py.File(written_path, "r") as w, h5py.File(reference_path, "r") as r:
        wd, rd = datasets(w), datasets(r)
        if groups(w) != groups(r):
            problems.append(f"groups differ: written {groups(w)} vs reference {groups(r)}")
        for name in sorted(set(wd) ^ set(rd)):
            problems.append(f"{name}: only in {'written' if name in wd else 'reference'}")
        for name in sorted(set(wd) & set(rd)):
            a, b = wd[name], rd[name]
            want, got = expected_dtype(b), actual_dtype(a)
            line = f"  {name}: shape {a.shape} dtype {got} compression {a.compression}"
            if a.shape != b.shape:
                problems.append(f"{name}: shape {a.shape} vs reference {b.shape}")
            if got != want:
                problems.append(f"{name}: dtype {got}, expected {want} (reference {actual_dtype(b)})")
            av, bv = a[()], b[()]
            if got.startswith("vlen"):
                for i, (x, y) in enumerate(zip(av, bv)):
                    if not isinstance(x, np.ndarray) or x.dtype != np.int32:
                        problems.append(f"{name}[{i}]: loads as {type(x).__name__} {getattr(x, 'dtype', '')}, expected int32 array")
                    elif not np.array_equal(x, y):
                        problems.append(f"{name}[{i}]: {x.tolist()} vs reference {np.asarray(y).tolist()}")
            elif np.issubdtype(b.dtype, np.floating):
                if not np.array_equal(av, bv.astype(np.float32), equal_nan=True):
                    problems.append(f"{name}: values differ from the reference cast to float32")
                line += f" nan {int(np.isnan(av).sum())}"
            elif not np.array_equal(av, bv):
                problems.append(f"{name}: values differ")
            print(line)
    return problems


def main(argv):
    if len(argv) == 3 and argv[1] == "--pairs":
        pairs = [line.rstrip("\n").split("\t") for line in open(argv[2]) if line.strip()]
    elif len(argv) == 3:
        pairs = [(argv[1], argv[2])]
    else:
        print(__doc__)
        return 2
    failed = 0
    for written, reference in pairs:
        print(f"{written}  vs  {reference}")
        problems = compare(written, reference)
        for p in problems:
            print(f"  MISMATCH {p}")
        print("  OK" if not problems else f"  FAILED ({len(problems)})")
        failed += bool(problems)
    print(f"{len(pairs) - failed}/{len(pairs)} files match")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
