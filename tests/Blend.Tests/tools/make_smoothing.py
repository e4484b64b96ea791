"""Makes TestData/smoothing/smoothing_sklearn.json: NLB's smoothing baseline steps computed as nlb_tools'
examples/baselines/smoothing/run_smoothing.py computes them (scipy.signal.gaussian window, np.convolve 'same',
log(smoothed + 1e-4) features, one sklearn PoissonRegressor per held-out neuron, rates clipped to [1e-9, 1e20]).

PoissonRegressor is run with solver="newton-cholesky", tol=1e-12 so its optimum is exact to rounding (the default
lbfgs stops at tol=1e-4, a looser approximation of the same strictly convex optimum).
Run with Debian's python3-scipy 1.10.1 and python3-sklearn 1.2.1:
    /usr/bin/python3 tests/Blend.Tests/tools/make_smoothing.py
The tests read only the JSON; nothing in the build or CI needs Python.
"""
import json, os
import numpy as np
import scipy, sklearn
import scipy.signal as signal
from sklearn.linear_model import PoissonRegressor

rng = np.random.default_rng(2021)

windows = []
for m, sd in [(6, 1), (9, 1), (12, 2), (15, 2), (7, 3), (1, 1), (18, 3)]:
    w = signal.gaussian(m, sd, sym=True)
    w = w / np.sum(w)
    x = rng.poisson(1.5, 20).astype(float)
    windows.append({"length": m, "sd": sd, "weights": w.tolist(), "x": x.tolist(),
                    "same": np.convolve(x, w, "same").tolist()})

def fit(X, y, alpha):
    pr = PoissonRegressor(alpha=alpha, solver="newton-cholesky", tol=1e-12, max_iter=10000)
    pr.fit(X, y)
    return pr

glms = []
for n, p, alpha in [(400, 4, 1e-3), (400, 4, 1.0), (250, 7, 1e-2), (600, 3, 0.1)]:
    X = rng.normal(0, 0.7, (n, p))
    w = rng.normal(0, 0.4, p)
    y = rng.poisson(np.exp(-0.5 + X @ w)).astype(float)
    pr = fit(X, y, alpha)
    glms.append({"alpha": alpha, "x": X.ravel().tolist(), "rows": n, "columns": p, "y": y.tolist(),
                 "intercept": float(pr.intercept_), "weights": pr.coef_.tolist()})

# One fixed-kernel run of run_smoothing.py's steps on a small population.
trials, eval_trials, time, heldin, heldout = 16, 6, 24, 5, 3
kern_sd, bin_size_ms, alpha, log_offset = 40, 10, 0.01, 1e-4
drive = rng.normal(0, 1, (trials + eval_trials, time, 2)).cumsum(axis=1) * 0.15
load_in = rng.normal(0, 0.8, (2, heldin))
load_out = rng.normal(0, 0.8, (2, heldout))
spikes_in = rng.poisson(np.exp(-0.3 + drive @ load_in)).astype(float)
spikes_out = rng.poisson(np.exp(-0.6 + drive @ load_out)).astype(float)
train_spikes_heldin, eval_spikes_heldin = spikes_in[:trials], spikes_in[trials:]
train_spikes_heldout = spikes_out[:trials]
window = signal.gaussian(int(6 * kern_sd / bin_size_ms), int(kern_sd / bin_size_ms), sym=True)
window /= np.sum(window)
filt = lambda x: np.convolve(x, window, "same")
train_smth = np.apply_along_axis(filt, 1, train_spikes_heldin)
eval_smth = np.apply_along_axis(filt, 1, eval_spikes_heldin)
flat = lambda x: x.reshape(-1, x.shape[2])
train_log = np.log(flat(train_smth) + log_offset)
eval_log = np.log(flat(eval_smth) + log_offset)
train_out_s = flat(train_spikes_heldout)
train_pred, eval_pred = [], []
for chan in range(heldout):
    pr = fit(train_log, train_out_s[:, chan], alpha)
    train_pred.append(pr.predict(train_log))
    eval_pred.append(pr.predict(eval_log))
train_rates_heldout = np.clip(np.vstack(train_pred).T, 1e-9, 1e20).reshape(trials, time, heldout)
eval_rates_heldout = np.clip(np.vstack(eval_pred).T, 1e-9, 1e20).reshape(eval_trials, time, heldout)

pipeline = {
    "kern_sd_ms": kern_sd, "bin_ms": bin_size_ms, "alpha": alpha,
    "trials": trials, "eval_trials": eval_trials, "time": time, "heldin": heldin, "heldout": heldout,
    "train_spikes_heldin": train_spikes_heldin.ravel().tolist(),
    "train_spikes_heldout": train_spikes_heldout.ravel().tolist(),
    "eval_spikes_heldin": eval_spikes_heldin.ravel().tolist(),
    "train_rates_heldin": train_smth.ravel().tolist(),
    "eval_rates_heldin": eval_smth.ravel().tolist(),
    "train_rates_heldout": train_rates_heldout.ravel().tolist(),
    "eval_rates_heldout": eval_rates_heldout.ravel().tolist(),
}

out = {"generator": "tests/Blend.Tests/tools/make_smoothing.py",
       "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__},
       "windows": windows, "glms": glms, "pipeline": pipeline}
path = os.path.join(os.path.dirname(__file__), "..", "TestData", "smoothing", "smoothing_sklearn.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
