#!/usr/bin/python3
"""Compare the HDF5 layout of a BLEND-written NWB file with a golden (pynwb-written) NLB fixture.

    check_nwb_layout.py GENERATED.nwb GOLDEN.nwb [GENERATED2.nwb GOLDEN2.nwb ...]
    check_nwb_layout.py            # generates small mc_maze and mc_rtt files with ./blend and compares them
                                   # with ../shared/golden/nwb/{mc_maze_fixture,mc_rtt/mc_rtt_fixture}.nwb

Compared, path by path: groups, datasets and soft links (and link targets); dataset dtypes (class, size,
signedness, bool enums, variable-length strings and their character set), rank and every dimension but the
first (row counts differ by design), chunking and filters; attribute names, types and shapes, and the values of
the structural attributes (neurodata_type, namespace, colnames, descriptions, comments, unit, rate, ...);
where object references (VectorIndex target, DynamicTableRegion table, electrodes/group) point.

Also checked on the generated file alone: every object_id is a unique UUID; every table's columns match its
colnames and have len(id) rows; every VectorIndex is non-decreasing, ends at its data's length, has hdmf's
integer width for its largest value and targets its VectorData; TimeSeries have data, and timestamps or
starting_time with a rate; the units' spikes lie inside their obs_intervals.

Differences that PureHDF 2.2.0 cannot avoid, and the cached schema BLEND does not write, are listed as KNOWN and
do not fail the check. Exit status 1 when any other difference is found.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

VALUE_ATTRS = {"neurodata_type", "namespace", "colnames", "description", "comments", "unit", "conversion", "offset",
               "resolution", "rate", "interval", "nwb_version", "location"}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def known(kind, path, detail):
    """Why a difference is expected, or None."""
    if path == "/specifications" or path.startswith("/specifications/"):
        return "BLEND does not write the cached schema (pynwb falls back to its installed one)"
    if kind == "attr-missing" and path.endswith("@.specloc"):
        return "the .specloc reference points to the cached schema, which is not written"
    if kind == "strpad":
        return "PureHDF pads variable-length strings with NULLPAD, h5py with NULLTERM (readers see the same text)"
    if kind == "cset":
        return "PureHDF writes every string as UTF-8; pynwb writes a few date strings as ASCII"
    if kind == "enum-base":
        return "PureHDF 2.2.0 cannot write sbyte enums: h5py bool with a uint8 base (h5py still reads numpy bool)"
    if kind == "index-width":
        return "a VectorIndex's width follows its largest value (hdmf's rule, checked on the generated file alone)"
    if kind == "gzip-level":
        return "PureHDF's deflate offers levels -1 (default 6), 0, 1, 9 only, not hdmf's 4"
    return None


def describe_type(tid):
    if isinstance(tid, h5py.h5t.TypeStringID):
        return {"class": "string", "vlen": tid.is_variable_str(), "cset": tid.get_cset(), "pad": tid.get_strpad()}
    if isinstance(tid, h5py.h5t.TypeEnumID):
        names = [tid.get_member_name(i) for i in range(tid.get_nmembers())]
        base = tid.get_super()
        return {"class": "enum", "members": names, "base": (base.get_size(), base.get_sign())}
    if isinstance(tid, h5py.h5t.TypeIntegerID):
        return {"class": "int", "size": tid.get_size(), "signed": tid.get_sign()}
    if isinstance(tid, h5py.h5t.TypeFloatID):
        return {"class": "float", "size": tid.get_size()}
    if isinstance(tid, h5py.h5t.TypeReferenceID):
        return {"class": "reference"}
    return {"class": type(tid).__name__}


def type_differences(path, a, b):
    """(kind, text) for each way the generated type a differs from the golden type b."""
    out = []
    if a["class"] != b["class"]:
        return [("type", f"{a} vs golden {b}")]
    if a["class"] == "string":
        if a["vlen"] != b["vlen"]:
            out.append(("type", f"vlen {a['vlen']} vs golden {b['vlen']}"))
        if a["cset"] != b["cset"]:
            out.append(("cset", f"charset {a['cset']} vs golden {b['cset']} (0 ASCII, 1 UTF-8)"))
        if a["pad"] != b["pad"]:
            out.append(("strpad", f"string padding {a['pad']} vs golden {b['pad']}"))
    elif a["class"] == "enum":
        if a["members"] != b["members"]:
            out.append(("type", f"enum members {a['members']} vs golden {b['members']}"))
        if a["base"] != b["base"]:
            out.append(("enum-base", f"enum base (size, sign) {a['base']} vs golden {b['base']}"))
    elif a != b:
        out.append(("type", f"{a} vs golden {b}"))
    return out


def walk(f):
    """path -> ('group'|'dataset'|'softlink', object or target)."""
    items = {"/": ("group", f)}

    def visit(group, prefix):
        for name in group:
            link = group.get(name, getlink=True)
            path = prefix + "/" + name if prefix != "/" else "/" + name
            if isinstance(link, h5py.SoftLink):
                items[path] = ("softlink", link.path)
                continue
            obj = group[name]
            if isinstance(obj, h5py.Group):
                items[path] = ("group", obj)
                visit(obj, path)
            else:
                items[path] = ("dataset", obj)

    visit(f, "/")
    return items


def reference_target(f, ref):
    return f[ref].name if ref else None


def attr_summary(f, obj):
    out = {}
    for name in obj.attrs:
        aid = obj.attrs.get_id(name)
        value = obj.attrs[name]
        t = describe_type(aid.get_type())
        if t["class"] == "reference":
            value = reference_target(f, value)
        out[name] = (t, aid.shape, value)
    return out


def same_value(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(np.asarray(a), np.asarray(b))
    return a == b


def compare(generated, golden):
    problems = []

    def report(kind, path, detail):
        problems.append((kind, path, detail))

    with h5py.File(generated, "r") as fa, h5py.File(golden, "r") as fb:
        a, b = walk(fa), walk(fb)
        for path in sorted(set(a) | set(b)):
            if path not in a:
                report("missing", path, "only in the golden file")
                continue
            if path not in b:
                report("extra", path, "only in the generated file")
                continue
            (ka, oa), (kb, ob) = a[path], b[path]
            if ka != kb:
                report("kind", path, f"{ka} vs golden {kb}")
                continue
            if ka == "softlink":
                if oa != ob:
                    report("link", path, f"-> {oa} vs golden -> {ob}")
                continue
            if ka == "dataset":
                for kind, text in type_differences(path, describe_type(oa.id.get_type()), describe_type(ob.id.get_type())):
                    is_index = oa.attrs.get("neurodata_type") == "VectorIndex" and oa.dtype.kind == ob.dtype.kind == "u"
                    report("index-width" if is_index else kind, path, text)
                if oa.ndim != ob.ndim or oa.shape[1:] != ob.shape[1:]:
                    report("shape", path, f"shape {oa.shape} vs golden {ob.shape} (first dimension may differ)")
                if (oa.chunks is None) != (ob.chunks is None):
                    report("layout", path, f"chunks {oa.chunks} vs golden {ob.chunks}")
                elif oa.chunks is not None and oa.shape == ob.shape and oa.chunks != ob.chunks:
                    report("layout", path, f"chunks {oa.chunks} vs golden {ob.chunks}")
                if (oa.compression, oa.shuffle) != (ob.compression, ob.shuffle):
                    report("filters", path, f"{oa.compression}/shuffle={oa.shuffle} vs golden {ob.compression}/shuffle={ob.shuffle}")
                elif oa.compression_opts != ob.compression_opts:
                    report("gzip-level", path, f"gzip level {oa.compression_opts} vs golden {ob.compression_opts}")
                if oa.dtype.kind == "O" and describe_type(oa.id.get_type())["class"] == "reference":
                    ta = sorted({reference_target(fa, r) for r in oa[()].ravel()})
                    tb = sorted({reference_target(fb, r) for r in ob[()].ravel()})
                    if ta != tb:
                        report("reference", path, f"refers to {ta} vs golden {tb}")
            aa, ab = attr_summary(fa, oa), attr_summary(fb, ob)
            for name in sorted(set(aa) | set(ab)):
                where = f"{path}@{name}"
                if name not in aa:
                    report("attr-missing", where, "attribute only in the golden file")
                    continue
                if name not in ab:
                    report("attr-extra", where, "attribute only in the generated file")
                    continue
                (ta, sa, va), (tb, sb, vb) = aa[name], ab[name]
                for kind, text in type_differences(where, ta, tb):
                    report(kind, where, text)
                if sa != sb and not (name == "colnames" and len(sa) == len(sb) == 1):
                    report("attr-shape", where, f"shape {sa} vs golden {sb}")
                if ta["class"] == "reference" and va != vb:
                    report("reference", where, f"-> {va} vs golden -> {vb}")
                if name in VALUE_ATTRS and not same_value(va, vb):
                    report("attr-value", where, f"{va!r} vs golden {vb!r}")
    return problems


def index_width(max_value):
    for bits in (8, 16, 32, 64):
        if max_value < 2 ** bits:
            return f"uint{bits}"


def self_checks(path):
    problems = []

    def report(where, detail):
        problems.append(("self", where, detail))

    with h5py.File(path, "r") as f:
        items = walk(f)
        ids = {}
        for p, (kind, obj) in items.items():
            if kind == "softlink":
                continue
            if "object_id" in obj.attrs:
                oid = obj.attrs["object_id"]
                if not UUID.match(oid):
                    report(p, f"object_id {oid!r} is not a lowercase UUID")
                if oid in ids:
                    report(p, f"object_id {oid} also used by {ids[oid]}")
                ids[oid] = p
        for p, (kind, obj) in items.items():
            if kind != "group" or "colnames" not in obj.attrs:
                continue
            rows = len(obj["id"]) if "id" in obj else None
            if rows is None:
                report(p, "table without id")
            for col in obj.attrs["colnames"]:
                if col not in obj:
                    report(p, f"colnames lists {col}, which is missing")
                    continue
                if col + "_index" in obj:
                    index, data = obj[col + "_index"], obj[col]
                    values = index[()].astype(np.int64)
                    where = f"{p}/{col}_index"
                    if rows is not None and len(values) != rows:
                        report(where, f"{len(values)} entries for {rows} rows")
                    if len(values) and np.any(np.diff(values) < 0):
                        report(where, "decreases")
                    if len(values) and values[-1] != len(data):
                        report(where, f"ends at {values[-1]}, data has {len(data)} rows")
                    expected = index_width(int(values.max()) if len(values) else 0)
                    if index.dtype.name != expected:
                        report(where, f"dtype {index.dtype.name}, hdmf would write {expected}")
                    if f[index.attrs["target"]].name != data.name:
                        report(where, f"target is {f[index.attrs['target']].name}")
                elif rows is not None and len(obj[col]) != rows:
                    report(f"{p}/{col}", f"{len(obj[col])} rows, the table has {rows}")
            for name in obj:
                if name != "id" and not name.endswith("_index") and name not in obj.attrs["colnames"]:
                    report(f"{p}/{name}", "dataset not listed in colnames")
        for p, (kind, obj) in items.items():
            if kind == "group" and obj.attrs.get("neurodata_type") in ("TimeSeries", "SpatialSeries"):
                if "data" not in obj:
                    report(p, "time series without data")
                    continue
                n = obj["data"].shape[0]
                if "timestamps" in obj:
                    t = obj["timestamps"][()]
                    if len(t) != n:
                        report(p, f"{len(t)} timestamps for {n} samples")
                    if np.any(np.diff(t) <= 0):
                        report(p, "timestamps do not increase")
                elif "starting_time" not in obj or "rate" not in obj["starting_time"].attrs:
                    report(p, "neither timestamps nor starting_time with a rate")
                if not re.search(r"columns=\[[^\]]*\]", obj.attrs.get("comments", "")):
                    report(p, "comments has no columns=[...]")
        if "units" in f:
            u = f["units"]
            spikes, sidx = u["spike_times"][()], u["spike_times_index"][()]
            obs, oidx = u["obs_intervals"][()], u["obs_intervals_index"][()]
            s0 = o0 = 0
            outside = 0
            for k in range(len(sidx)):
                st, iv = spikes[s0:sidx[k]], obs[o0:oidx[k]]
                inside = np.zeros(len(st), bool)
                for a, b in iv:
                    inside |= (st >= a) & (st <= b)
                outside += int((~inside).sum())
                if np.any(np.diff(st) < 0):
                    report(f"/units row {k}", "spike times not sorted")
                s0, o0 = sidx[k], oidx[k]
            if outside:
                report("/units", f"{outside} spikes outside their unit's obs_intervals")
    return problems


def run_pair(generated, golden):
    print(f"== {generated}\n   vs {golden}")
    problems = compare(generated, golden) + self_checks(generated)
    unexpected = 0
    known_lines = {}
    for kind, path, detail in problems:
        why = known(kind, path, detail)
        if why is None:
            unexpected += 1
            print(f"  DIFF  [{kind}] {path}: {detail}")
        else:
            known_lines.setdefault(why, []).append(path)
    for why, paths in known_lines.items():
        shown = ", ".join(paths[:4]) + (f", ... ({len(paths) - 4} more)" if len(paths) > 4 else "")
        print(f"  KNOWN ({len(paths)}) {why}: {shown}")
    print(f"  {'OK' if unexpected == 0 else 'FAILED'}: {unexpected} unexpected difference(s), {sum(map(len, known_lines.values()))} known")
    return unexpected


def main(argv):
    if len(argv) % 2 != 0:
        print(__doc__)
        return 2
    pairs = list(zip(argv[0::2], argv[1::2]))
    out = None
    if not pairs:
        here = os.path.dirname(os.path.abspath(__file__))
        repo = os.path.abspath(os.path.join(here, "..", "..", ".."))
        golden = os.path.abspath(os.path.join(repo, "..", "shared", "golden", "nwb"))
        out = tempfile.mkdtemp(prefix="nwb-layout-")
        for dataset, fixture in (("mc_maze", "mc_maze_fixture.nwb"), ("mc_rtt", os.path.join("mc_rtt", "mc_rtt_fixture.nwb"))):
            target = os.path.join(out, f"{dataset}_small.nwb")
            subprocess.run([os.path.join(repo, "blend"), "synth", "nwb", "--dataset", dataset, "--size", "small",
                            "--seed", "0", "--out", target], check=True, stdout=subprocess.DEVNULL)
            pairs.append((target, os.path.join(golden, fixture)))
    try:
        failures = sum(run_pair(a, b) for a, b in pairs)
    finally:
        if out is not None:
            shutil.rmtree(out, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
