#!/usr/bin/python3
"""Writes the small h5py-made NLB files under tests/Blend.Tests/TestData/nlb/ that the golden NWB fixture lacks:
2-D (dmfc_rsg) behaviour, h5py bool decode masks, eval_jitter, vlen int64 cond idx, a `_20` group, a submission,
and one dataset per dtype for Hdf5Reader. Values follow pattern(n) = ((i * 7) % 11) / 4 so the C# tests can
recompute them. Re-running writes byte-identical files.

Usage: /usr/bin/python3 tests/Blend.Tests/tools/make_nlb_h5py_fixtures.py [OUTDIR]
Needs Debian's python3-h5py and python3-numpy; the test suite itself only reads the committed files.
"""
import os
import sys

import h5py
import numpy as np


def pattern(shape, dtype=np.float32, offset=0):
    n = int(np.prod(shape))
    return (((np.arange(n) + offset) * 7 % 11) / 4).reshape(shape).astype(dtype)


def vlen(lists, dtype):
    arr = np.empty(len(lists), dtype=object)
    for i, lst in enumerate(lists):
        arr[i] = np.array(lst, dtype=dtype)
    return arr


def create(group, name, data, dtype=None, gzip=True):
    kwargs = {"compression": "gzip"} if gzip else {}
    group.create_dataset(name, data=data, dtype=dtype, **kwargs)


def main(outdir):
    os.makedirs(outdir, exist_ok=True)

    with h5py.File(os.path.join(outdir, "h5py_target_extras.h5"), "w", track_order=False) as f:
        g = f.create_group("dmfc_rsg")
        heldout = pattern((4, 6, 3))
        heldout[1, :2, :] = np.nan  # front padding, as make_jagged_array(pad='front') leaves it
        create(g, "eval_spikes_heldout", heldout)
        train_beh = pattern((5, 5), np.float64, 1)
        train_beh[2, :] = np.nan  # behavior_mask: outlier trial
        create(g, "train_behavior", train_beh)
        eval_beh = pattern((4, 5), np.float32, 2)
        eval_beh[3, :] = np.nan
        create(g, "eval_behavior", eval_beh)
        create(g, "eval_spikes_heldin_forward", pattern((4, 2, 2), offset=3))
        create(g, "eval_spikes_heldout_forward", pattern((4, 2, 3), offset=4))
        psth = pattern((3, 6, 5), offset=5)
        psth[2, :2, :] = np.nan
        create(g, "psth", psth)
        create(g, "eval_cond_idx", vlen([[0, 2], [1], [3]], np.int32), h5py.vlen_dtype(np.int32))
        create(g, "train_cond_idx", vlen([[0, 1], [2, 4], [3]], np.int64), h5py.vlen_dtype(np.int64), gzip=False)
        create(g, "eval_jitter", np.array([0, -1, 2, 1], dtype=np.int64))

        g = f.create_group("area2_bump_20")
        create(g, "eval_spikes_heldout", pattern((3, 4, 2), offset=6))
        create(g, "train_behavior", pattern((5, 4, 2), offset=7))
        create(g, "eval_behavior", pattern((3, 4, 2), offset=8))
        create(g, "eval_spikes_heldin_forward", pattern((3, 2, 3), offset=9))
        create(g, "eval_spikes_heldout_forward", pattern((3, 2, 2), offset=10))
        create(g, "train_decode_mask", np.array([[True, False], [False, True], [True, False], [True, False], [False, True]]))
        create(g, "eval_decode_mask", np.array([[False, True], [True, False], [False, True]]), gzip=False)
        create(g, "psth", pattern((2, 4, 5), offset=11))
        create(g, "eval_cond_idx", vlen([[0], [1, 2]], np.int32), h5py.vlen_dtype(np.int32))
        create(g, "train_cond_idx", vlen([[0, 1, 2], [3, 4]], np.int32), h5py.vlen_dtype(np.int32))

    with h5py.File(os.path.join(outdir, "h5py_submission.h5"), "w") as f:
        g = f.create_group("mc_maze")
        create(g, "train_rates_heldin", pattern((5, 4, 3)))
        create(g, "train_rates_heldout", pattern((5, 4, 2), offset=1))
        create(g, "eval_rates_heldin", pattern((2, 4, 3), offset=2))
        create(g, "eval_rates_heldout", pattern((2, 4, 2), offset=3))
        create(g, "eval_rates_heldin_forward", pattern((2, 3, 3), offset=4))
        create(g, "eval_rates_heldout_forward", pattern((2, 3, 2), offset=5))
        g = f.create_group("mc_rtt_20")
        create(g, "train_rates_heldin", pattern((3, 2, 2), np.float64))
        create(g, "train_rates_heldout", pattern((3, 2, 1), np.float64, 1))
        create(g, "eval_rates_heldin", pattern((1, 2, 2), np.float64, 2))
        create(g, "eval_rates_heldout", pattern((1, 2, 1), np.float64, 3))

    with h5py.File(os.path.join(outdir, "h5py_dtypes.h5"), "w") as f:
        for name, dtype in [("int8", np.int8), ("uint8", np.uint8), ("int16", np.int16), ("uint16", np.uint16),
                            ("int32", np.int32), ("uint32", np.uint32), ("int64", np.int64), ("uint64", np.uint64),
                            ("float16", np.float16), ("float32", np.float32), ("float64", np.float64)]:
            f.create_dataset(name, data=(np.arange(6) * 3 % 5).reshape(2, 3).astype(dtype))
        f.create_dataset("bool", data=np.array([[True, False, True], [False, False, True]]))
        f.create_dataset("float32_big_endian", data=np.arange(6, dtype=">f4").reshape(2, 3))
        f.create_dataset("strings", data=np.array([b"ab", b"cd"]))
        f.create_dataset("int64_too_big", data=np.array([1, 2**40], dtype=np.int64))
        f.create_dataset("mask_with_2", data=np.array([[0, 1], [2, 0]], dtype=np.uint8))
        f.create_dataset("scalar", data=3.5)
        f.create_group("empty_group")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "TestData", "nlb"))
