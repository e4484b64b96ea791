#!/usr/bin/python3
# Copied from the project's shared benchmark folder (bench/torch_ndt_step.py there) so that this repository runs
# the comparison on its own; run it through bench/compare-pytorch.sh.
"""PyTorch anchor for Blend's training-step benchmark: one NDT training step at MC_Maze scale, in stock PyTorch.

Same work as the BLEND/NDT reference step: batch 64 x 180 bins (140 + 40 forward) x 182 neurons (137 held-in + 45
held-out), identity embedding x sqrt(N) + learned positions, 4 pre-norm encoder layers (d_model 182, 2 heads, FFN 128,
ReLU, dropout 0.1) with a banded attention mask (4 bins ahead, 8 behind), final LayerNorm, rate dropout 0.2, linear
readout to log-rates, Poisson NLL on the masked entries (25 % of time bins masked), AdamW, global-norm clipping 200.
Prints one JSON line: mean / median / min seconds per step, steps/s, peak RSS.

Run it on the same machine and in the same command as Blend's benchmark, so the two numbers are a ratio:
  OB=<folder with OpenBLAS's libblas.so.3>   # Debian's python3-torch uses the slow reference BLAS otherwise:
  #   apt-get download libopenblas0-pthread && dpkg -x libopenblas0-pthread_*.deb /tmp/ob
  #   OB=/tmp/ob/usr/lib/x86_64-linux-gnu/openblas-pthread
  LD_LIBRARY_PATH=$OB OPENBLAS_NUM_THREADS=1 /usr/bin/python3 torch_ndt_step.py --steps 16 --threads 2
Needs Debian's python3-torch (apt-get install python3-torch).
"""
import argparse, json, resource, time
import torch
import torch.nn as nn

p = argparse.ArgumentParser()
p.add_argument("--steps", type=int, default=16)
p.add_argument("--warmup", type=int, default=3)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--batch", type=int, default=64)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
B, T, TF, NI, NO = a.batch, 140, 40, 137, 45
L, N = T + TF, NI + NO

class Ndt(nn.Module):
    def __init__(self):
        super().__init__()
        self.pos = nn.Parameter(torch.zeros(1, L, N))
        self.drop_in = nn.Dropout(0.2)
        layer = nn.TransformerEncoderLayer(N, 2, 128, dropout=0.1, activation="relu", batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, 4, norm=nn.LayerNorm(N), enable_nested_tensor=False)
        self.drop_rates = nn.Dropout(0.2)
        self.readout = nn.Linear(N, N)
        i = torch.arange(L)
        allowed = (i[None, :] <= i[:, None] + 4) & (i[None, :] >= i[:, None] - 8)
        self.register_buffer("mask", torch.zeros(L, L).masked_fill(~allowed, float("-inf")))

    def forward(self, x):
        h = self.drop_in(x * N ** 0.5 + self.pos)
        return self.readout(self.drop_rates(self.encoder(h, mask=self.mask)))

model = Ndt().train()
opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=5e-5, eps=1e-6)
loss_fn = nn.PoissonNLLLoss(log_input=True, full=False, reduction="none")
spikes = torch.poisson(torch.full((B, L, N), 0.3))

def step():
    masked_bins = torch.rand(B, L) < 0.25
    x = spikes.clone()
    x[:, :, NI:] = 0                      # held-out neurons are never input
    x[:, T:, :] = 0                       # nor the forward bins
    x[masked_bins.unsqueeze(-1).expand(-1, -1, N) & (torch.arange(N) < NI)] = 0
    scored = masked_bins.unsqueeze(-1).expand(-1, -1, N).clone()
    scored[:, :, NI:] = True
    scored[:, T:, :] = True
    loss = loss_fn(model(x), spikes)[scored].mean()
    opt.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 200.0)
    opt.step()

for _ in range(a.warmup):
    step()
ts = []
for _ in range(a.steps):
    t = time.perf_counter(); step(); ts.append(time.perf_counter() - t)
ts.sort()
print(json.dumps(dict(bench="torch_ndt_step", torch=torch.__version__, threads=torch.get_num_threads(), batch=B, bins=L,
                      neurons=N, layers=4, params=sum(p.numel() for p in model.parameters()), steps=a.steps,
                      mean_s=sum(ts) / len(ts), median_s=ts[len(ts) // 2], min_s=ts[0], steps_per_s=len(ts) / sum(ts),
                      peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)))
