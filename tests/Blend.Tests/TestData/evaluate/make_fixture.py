"""Writes the `blend evaluate` end-to-end fixture: an NLB eval-target file and a submission file written with
h5py the way nlb_tools' save_to_h5 writes them (float32, gzip, vlen int32 condition indices, bool decode masks),
and expected.json = nlb_tools.evaluation.evaluate(target, submission).

Optional developer tool, never run by the tests. Needs h5py, numpy, scipy, scikit-learn and nlb_tools'
evaluation module importable (PYTHONPATH). Re-run:  python3 make_fixture.py  (seed fixed, files deterministic).
"""
import json
import os

import h5py
import numpy as np
from nlb_tools.evaluation import evaluate

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20251124)


def smooth_rates(conds, time, neurons, base=0.15):
    """Per-condition smooth log-rate trajectories (counts per bin)."""
    t = np.linspace(0, 1, time)
    curves = []
    for c in range(conds):
        phase = rng.uniform(0, 2 * np.pi, neurons)
        freq = rng.uniform(0.5, 2.0, neurons)
        gain = rng.uniform(0.3, 1.2, neurons)
        curves.append(base * np.exp(gain * np.sin(2 * np.pi * freq * t[:, None] + phase + 0.7 * c)))
    return np.array(curves)


def make_dataset(name, n_train, n_eval, time, held_in, held_out, fwd, conds, *, psth=True, decode_masks=False,
                 jitter=False, dmfc=False, zero_rate=False, nan_train_behavior=False):
    n = held_in + held_out
    curves = smooth_rates(conds, time + fwd, n)
    cond_train = np.arange(n_train) % conds
    cond_eval = rng.permutation(np.arange(n_eval) % conds)
    true_train = curves[cond_train] * rng.lognormal(0, 0.1, (n_train, 1, n))
    true_eval = curves[cond_eval] * rng.lognormal(0, 0.1, (n_eval, 1, n))
    spikes_train = rng.poisson(true_train).astype(float)
    spikes_eval = rng.poisson(true_eval).astype(float)

    readout = rng.normal(0, 40, (n, 2))
    def behavior(true):
        return true[:, :time] @ readout + rng.normal(0, 5, (true.shape[0], time, 2))

    target = {
        "eval_spikes_heldout": spikes_eval[:, :time, held_in:],
        "eval_spikes_heldin_forward": spikes_eval[:, time:, :held_in],
        "eval_spikes_heldout_forward": spikes_eval[:, time:, held_in:],
    }
    if dmfc:
        # DMFC: held-out spikes are NaN outside the set-go period; behaviour is trials x (prior, modality,
        # direction, ts, tp) and tp grows with how fast the rates move.
        for trial in range(n_eval):
            target["eval_spikes_heldout"][trial, : rng.integers(2, 6)] = np.nan
        cols = np.column_stack([cond_eval % 2, (cond_eval // 2) % 2, np.zeros(n_eval), rng.uniform(500, 900, n_eval),
                                np.zeros(n_eval)])
        speed = np.abs(np.diff(true_eval[:, :time], axis=1)).mean(axis=(1, 2))
        cols[:, 4] = 1000 * speed + rng.normal(0, 2, n_eval)
        target["eval_behavior"] = cols
        target["train_behavior"] = np.column_stack([cond_train % 2, (cond_train // 2) % 2, np.zeros(n_train),
                                                    rng.uniform(500, 900, n_train), rng.uniform(500, 900, n_train)])
    else:
        target["train_behavior"] = behavior(true_train)
        target["eval_behavior"] = behavior(true_eval)
        if nan_train_behavior:
            # nlb_tools pads short trials' behaviour with NaN at the end.
            target["train_behavior"][3, -4:] = np.nan
            target["train_behavior"][7, -2:] = np.nan
    if decode_masks:
        target["train_decode_mask"] = np.column_stack([np.arange(n_train) % 2 == 0, np.arange(n_train) % 2 == 1])
        target["eval_decode_mask"] = np.column_stack([np.arange(n_eval) % 2 == 0, np.arange(n_eval) % 2 == 1])
    if psth:
        target["psth"] = curves[:, :time].copy()
        target["psth"][1, -3:] = np.nan  # a shorter condition, NaN-padded at the end
        target["train_cond_idx"] = [np.flatnonzero(cond_train == c).astype(np.int32) for c in range(conds)]
        eval_idx = [np.flatnonzero(cond_eval == c).astype(np.int32) for c in range(conds)]
        eval_idx[-1] = np.array([], dtype=np.int32)  # a condition without eval trials
        target["eval_cond_idx"] = eval_idx
        if jitter:
            # Jitter shifts trials by up to 2 bins; the true PSTH is NaN where shifted predictions would be.
            target["eval_jitter"] = rng.integers(-2, 3, n_eval).astype(np.int32)
            target["psth"][:, :2] = np.nan
            target["psth"][:, -2:] = np.nan

    noise = lambda shape: rng.lognormal(0, 0.25, shape)
    rates_train = true_train * noise(true_train.shape)
    rates_eval = true_eval * noise(true_eval.shape)
    if zero_rate:
        rates_eval[0, 0, held_in] = 0.0
    submission = {
        "train_rates_heldin": rates_train[:, :time, :held_in],
        "train_rates_heldout": rates_train[:, :time, held_in:],
        "eval_rates_heldin": rates_eval[:, :time, :held_in],
        "eval_rates_heldout": rates_eval[:, :time, held_in:],
        "eval_rates_heldin_forward": rates_eval[:, time:, :held_in],
        "eval_rates_heldout_forward": rates_eval[:, time:, held_in:],
    }
    return target, submission


def save(group, data):
    """Like nlb_tools' save_to_h5: floats as float32, ints as int32, index lists as vlen int32, all gzip."""
    for key, value in data.items():
        if isinstance(value, list):
            ds = group.create_dataset(key, (len(value),), dtype=h5py.vlen_dtype(np.dtype("int32")), compression="gzip")
            for i, item in enumerate(value):
                ds[i] = item
        elif value.dtype == bool:
            group.create_dataset(key, data=value, compression="gzip")
        elif np.issubdtype(value.dtype, np.integer):
            group.create_dataset(key, data=value.astype(np.int32), compression="gzip")
        else:
            group.create_dataset(key, data=value.astype(np.float32), compression="gzip")


datasets = {
    "mc_maze": dict(n_train=40, n_eval=16, time=20, held_in=9, held_out=4, fwd=5, conds=4, nan_train_behavior=True),
    "mc_rtt": dict(n_train=36, n_eval=12, time=18, held_in=8, held_out=3, fwd=5, conds=3, psth=False),
    "area2_bump": dict(n_train=40, n_eval=16, time=16, held_in=8, held_out=4, fwd=4, conds=4, decode_masks=True,
                       jitter=True),
    "dmfc_rsg": dict(n_train=32, n_eval=16, time=20, held_in=10, held_out=4, fwd=4, conds=4, dmfc=True, jitter=True),
    "mc_maze_small": dict(n_train=30, n_eval=12, time=20, held_in=9, held_out=4, fwd=5, conds=3, zero_rate=True),
    "mc_maze_small_20": dict(n_train=30, n_eval=12, time=8, held_in=9, held_out=4, fwd=2, conds=3),
    "mc_maze_large": dict(n_train=44, n_eval=16, time=20, held_in=9, held_out=4, fwd=5, conds=4),
}

target_path = os.path.join(HERE, "eval_target.h5")
submission_path = os.path.join(HERE, "submission.h5")
with h5py.File(target_path, "w") as target_file, h5py.File(submission_path, "w") as submission_file:
    for name, spec in datasets.items():
        target, submission = make_dataset(name, **spec)
        save(target_file.create_group(name), target)
        save(submission_file.create_group(name), submission)
    # A submitted dataset with no target is skipped (nlb_tools logs a warning).
    _, extra = make_dataset("mc_maze_medium", n_train=6, n_eval=4, time=8, held_in=4, held_out=2, fwd=2, conds=2)
    save(submission_file.create_group("mc_maze_medium"), extra)

result = evaluate(target_path, submission_path)
with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump(result, f, indent=2)
print(json.dumps(result, indent=2))
