#!/usr/bin/python3
"""Optional comparison, never required by tests: time sklearn on the velocity benchmark's data.

Reproduces nlb_tools.evaluation.fit_and_eval_decoder exactly (drop NaN-behavior rows, then
GridSearchCV(Ridge(), {"alpha": np.logspace(-4, 0, 9)}) fit and score, or Ridge(alpha=1e-2) with --no-grid-search)
on the raw float64 files written by the C# benchmark:

    dotnet run -c Release --project bench/Blend.Bench -- velocity --dump /tmp/velocity
    /usr/bin/python3 bench/sklearn_velocity_reference.py /tmp/velocity

Needs numpy and scikit-learn (Debian: apt-get install python3-sklearn python3-numpy; use an optimised BLAS such as
libopenblas0-pthread for a fair timing).
"""
import json
import sys
import time

import numpy as np
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV


def load(directory):
    with open(f"{directory}/shapes.json") as f:
        shapes = json.load(f)
    p, q = shapes["features"], shapes["outputs"]
    read = lambda name, cols: np.fromfile(f"{directory}/{name}.f64", dtype="<f8").reshape(-1, cols)
    return read("train_x", p), read("train_y", q), read("eval_x", p), read("eval_y", q)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    grid_search = "--no-grid-search" not in sys.argv
    train_rates, train_behavior, eval_rates, eval_behavior = load(args[0] if args else "/tmp/velocity")
    print(f"train {train_rates.shape}, eval {eval_rates.shape}")

    start = time.perf_counter()
    if np.any(np.isnan(train_behavior)):
        keep = ~np.isnan(train_behavior)[:, 0]
        train_rates, train_behavior = train_rates[keep], train_behavior[keep]
    if np.any(np.isnan(eval_behavior)):
        keep = ~np.isnan(eval_behavior)[:, 0]
        eval_rates, eval_behavior = eval_rates[keep], eval_behavior[keep]
    assert not np.any(np.isnan(train_rates)) and not np.any(np.isnan(eval_rates))
    decoder = GridSearchCV(Ridge(), {"alpha": np.logspace(-4, 0, 9)}) if grid_search else Ridge(alpha=1e-2)
    decoder.fit(train_rates, train_behavior)
    r2 = decoder.score(eval_rates, eval_behavior)
    elapsed = time.perf_counter() - start

    print(f"R2 (eval)         {r2!r}")
    if grid_search:
        print(f"best alpha        {decoder.best_params_['alpha']!r}")
        print("mean test scores  " + " ".join(repr(s) for s in decoder.cv_results_["mean_test_score"]))
    print(f"time              {elapsed:.3f} s")


if __name__ == "__main__":
    main()
