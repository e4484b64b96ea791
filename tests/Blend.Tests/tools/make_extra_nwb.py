#!/usr/bin/env python3
"""Write two small synthetic NWB files laid out like the Neural Latents Benchmark
DANDI training files for Area2_Bump (DANDI 000127) and DMFC_RSG (DANDI 000130).

    python3 make_extra_nwb.py OUTDIR [SEED]

Writes OUTDIR/area2_bump_fixture.nwb and OUTDIR/dmfc_rsg_fixture.nwb. Only numpy and h5py
are used; a re-run with the same seed writes byte-identical files (fixed object ids, no
timestamps of the run, deterministic RNG streams).

The layout follows the conventions of the MC_Maze / MC_RTT fixtures (golden/nwb):
  * NWB 2.x core groups with `namespace` / `neurodata_type` / `object_id` attributes;
  * DynamicTable columns as VectorData, ragged columns as flat data + `<name>_index`
    VectorIndex with cumulative end offsets (smallest unsigned width: uint8 / uint16);
  * booleans as HDF5 enums {FALSE, TRUE} (h5py's numpy bool mapping);
  * strings as variable-length UTF-8;
  * times as float64 seconds on whole milliseconds; spike times on a 1/30000 s clock;
  * behaviour TimeSeries/SpatialSeries in /processing/behavior with
    `comments = "columns=[...]"`.
No cached specification (/specifications) is written.
"""
import sys
import os
import uuid

import numpy as np
import h5py

STR = h5py.string_dtype('utf-8')
ASCII = h5py.string_dtype('ascii')


# --------------------------------------------------------------------------- writers
class Writer:
    def __init__(self, path, rng_ids):
        self.f = h5py.File(path, 'w', libver='earliest', track_order=False)
        self.rng_ids = rng_ids

    def oid(self):
        return str(uuid.UUID(bytes=self.rng_ids.bytes(16), version=4))

    def tag(self, obj, ndt, ns='core', **attrs):
        obj.attrs['namespace'] = ns
        obj.attrs['neurodata_type'] = ndt
        obj.attrs['object_id'] = self.oid()
        for k, v in attrs.items():
            obj.attrs[k] = v
        return obj

    def scalar_str(self, parent, name, value, ascii_=False):
        return parent.create_dataset(name, data=value, dtype=ASCII if ascii_ else STR)

    def close(self):
        self.f.close()


def _index_dtype(n_max):
    if n_max < 2 ** 8:
        return np.uint8
    if n_max < 2 ** 16:
        return np.uint16
    return np.uint32


def write_table(w, grp, columns, ids, descriptions, ragged=(), table_type=('DynamicTable', 'hdmf-common'),
                description='', compress=()):
    """columns: list of (name, values). Ragged columns: values is a list of arrays."""
    ndt, ns = table_type
    w.tag(grp, ndt, ns=ns, description=description,
          colnames=np.array([c for c, _ in columns], dtype=object))
    for name, vals in columns:
        desc = descriptions[name]
        if name in ragged:
            flat = np.concatenate([np.asarray(v) for v in vals]) if len(vals) else np.zeros(0)
            if flat.ndim == 1 and len(vals) and np.asarray(vals[0]).ndim == 2:
                flat = flat.reshape(-1, np.asarray(vals[0]).shape[1])
            ends = np.cumsum([len(v) for v in vals])
            kw = {}
            if name in compress:
                kw = dict(compression='gzip', shuffle=True)
            d = grp.create_dataset(name, data=flat, **kw)
            w.tag(d, 'VectorData', ns='hdmf-common', description=desc)
            di = grp.create_dataset(name + '_index', data=ends.astype(_index_dtype(ends.max() if len(ends) else 0)))
            w.tag(di, 'VectorIndex', ns='hdmf-common', description=f"Index for VectorData '{name}'", target=d.ref)
        else:
            vals = np.asarray(vals)
            if vals.dtype.kind in 'UO':
                d = grp.create_dataset(name, data=np.array(vals, dtype=object), dtype=STR)
            else:
                d = grp.create_dataset(name, data=vals)
            w.tag(d, 'VectorData', ns='hdmf-common', description=desc)
    d = grp.create_dataset('id', data=np.asarray(ids, dtype=np.int64))
    w.tag(d, 'ElementIdentifiers', ns='hdmf-common')


def write_file_skeleton(w, identifier, session_description, experiment_description, session_id,
                        devices, groups):
    f = w.f
    f.attrs['namespace'] = 'core'
    f.attrs['neurodata_type'] = 'NWBFile'
    f.attrs['nwb_version'] = '2.6.0'
    f.attrs['object_id'] = w.oid()
    f.create_dataset('file_create_date', data=np.array(['2024-01-01T00:00:00+00:00'], dtype=object), dtype=ASCII)
    w.scalar_str(f, 'identifier', identifier)
    w.scalar_str(f, 'session_description', session_description)
    w.scalar_str(f, 'session_start_time', '2017-01-01T00:00:00-06:00', ascii_=True)
    w.scalar_str(f, 'timestamps_reference_time', '2017-01-01T00:00:00-06:00', ascii_=True)
    for g in ['acquisition', 'analysis', 'processing', 'stimulus/presentation', 'stimulus/templates',
              'intervals', 'general/devices', 'general/extracellular_ephys']:
        f.require_group(g)
    gen = f['general']
    w.scalar_str(gen, 'experiment_description', experiment_description)
    gen.create_dataset('experimenter', data=np.array(['Synthetic fixture generator'], dtype=object), dtype=STR)
    gen.create_dataset('keywords', data=np.array(['Neural Latents Benchmark', 'synthetic', 'test fixture'],
                                                 dtype=object), dtype=STR)
    w.scalar_str(gen, 'institution', 'none (synthetic)')
    w.scalar_str(gen, 'lab', 'none (synthetic)')
    w.scalar_str(gen, 'session_id', session_id)
    subj = gen.create_group('subject')
    w.tag(subj, 'Subject')
    w.scalar_str(subj, 'description', 'synthetic subject')
    w.scalar_str(subj, 'species', 'Macaca mulatta')
    w.scalar_str(subj, 'subject_id', 'synthetic')
    for name, desc in devices:
        d = gen['devices'].create_group(name)
        w.tag(d, 'Device', description=desc)
    for name, desc, loc, dev in groups:
        g = gen['extracellular_ephys'].create_group(name)
        w.tag(g, 'ElectrodeGroup', description=desc, location=loc)
        g['device'] = h5py.SoftLink(f'/general/devices/{dev}')


def write_electrodes(w, n_per_group, group_names, locations, rng):
    grp = w.f['general/extracellular_ephys'].create_group('electrodes')
    n = sum(n_per_group)
    loc, gref, gname = [], [], []
    for k, cnt in enumerate(n_per_group):
        g = w.f[f'general/extracellular_ephys/{group_names[k]}']
        loc += [locations[k]] * cnt
        gref += [g.ref] * cnt
        gname += [group_names[k]] * cnt
    w.tag(grp, 'DynamicTable', ns='hdmf-common', description='metadata about extracellular electrodes',
          colnames=np.array(['location', 'group', 'group_name', 'x', 'y', 'z', 'imp', 'filtering'], dtype=object))
    cols = [
        ('location', np.array(loc, dtype=object), 'the location of channel within the subject e.g. brain region'),
        ('group', None, 'a reference to the ElectrodeGroup this electrode is a part of'),
        ('group_name', np.array(gname, dtype=object), 'the name of the ElectrodeGroup this electrode is a part of'),
        ('x', np.round(rng.uniform(-2, 2, n), 3), 'the x coordinate of the position (+x is posterior)'),
        ('y', np.round(rng.uniform(-2, 2, n), 3), 'the y coordinate of the position (+y is inferior)'),
        ('z', np.round(rng.uniform(0, 1.5, n), 3), 'the z coordinate of the position (+z is right)'),
        ('imp', np.round(rng.uniform(1e5, 8e5, n), 0), 'the impedance of the electrode, in ohms'),
        ('filtering', np.array(['0.3-7500 Hz'] * n, dtype=object),
         'description of hardware filtering, including the filter name and frequency cutoffs'),
    ]
    for name, vals, desc in cols:
        if name == 'group':
            d = grp.create_dataset(name, data=np.array(gref, dtype=object), dtype=h5py.ref_dtype)
        elif vals.dtype == object:
            d = grp.create_dataset(name, data=vals, dtype=STR)
        else:
            d = grp.create_dataset(name, data=vals)
        w.tag(d, 'VectorData', ns='hdmf-common', description=desc)
    d = grp.create_dataset('id', data=np.arange(n, dtype=np.int64))
    w.tag(d, 'ElementIdentifiers', ns='hdmf-common')
    return grp


def write_units(w, unit_ids, heldout, spike_times, obs_intervals, electrode_idx, electrodes_grp):
    grp = w.f.create_group('units')
    w.tag(grp, 'Units', description='data on spiking units',
          colnames=np.array(['heldout', 'spike_times', 'obs_intervals', 'electrodes'], dtype=object))
    d = grp.create_dataset('heldout', data=np.asarray(heldout, dtype=bool))
    w.tag(d, 'VectorData', ns='hdmf-common',
          description='Whether the unit is held out in the test data (True) or not (False) in the '
                      'Neural Latents Benchmark')
    st = np.concatenate(spike_times)
    d = grp.create_dataset('spike_times', data=st)
    w.tag(d, 'VectorData', ns='hdmf-common', description='the spike times for each unit')
    ends = np.cumsum([len(s) for s in spike_times])
    di = grp.create_dataset('spike_times_index', data=ends.astype(_index_dtype(ends.max())))
    w.tag(di, 'VectorIndex', ns='hdmf-common', description="Index for VectorData 'spike_times'", target=d.ref)
    oi = np.concatenate(obs_intervals, axis=0)
    d = grp.create_dataset('obs_intervals', data=oi)
    w.tag(d, 'VectorData', ns='hdmf-common', description='the observation intervals for each unit')
    ends = np.cumsum([len(o) for o in obs_intervals])
    di = grp.create_dataset('obs_intervals_index', data=ends.astype(_index_dtype(ends.max())))
    w.tag(di, 'VectorIndex', ns='hdmf-common', description="Index for VectorData 'obs_intervals'", target=d.ref)
    d = grp.create_dataset('electrodes', data=np.asarray(electrode_idx, dtype=np.int64))
    w.tag(d, 'DynamicTableRegion', ns='hdmf-common', description='the electrodes that each spike unit came from',
          table=electrodes_grp.ref)
    ends = np.arange(1, len(electrode_idx) + 1)
    di = grp.create_dataset('electrodes_index', data=ends.astype(_index_dtype(ends.max())))
    w.tag(di, 'VectorIndex', ns='hdmf-common', description="Index for VectorData 'electrodes'", target=d.ref)
    d = grp.create_dataset('id', data=np.asarray(unit_ids, dtype=np.int64))
    w.tag(d, 'ElementIdentifiers', ns='hdmf-common')


def write_regular_series(w, parent, name, ndt, data, unit, description, comments, compress,
                         reference_frame=None):
    g = parent.create_group(name)
    w.tag(g, ndt, comments=comments, description=description)
    kw = dict(compression='gzip', shuffle=True, chunks=(min(len(data), 2048), 1)) if compress else {}
    d = g.create_dataset('data', data=data, **kw)
    d.attrs['conversion'] = 1.0
    d.attrs['offset'] = 0.0
    d.attrs['resolution'] = -1.0
    d.attrs['unit'] = unit
    st = g.create_dataset('starting_time', data=np.float64(0.0))
    st.attrs['rate'] = 1000.0
    st.attrs['unit'] = 'seconds'
    if reference_frame is not None:
        w.scalar_str(g, 'reference_frame', reference_frame)
    return g


# --------------------------------------------------------------------------- spikes
def draw_spikes(rng, rate_hz, t0_ms, observed):
    """Poisson spikes from a 1 ms rate array starting at t0_ms; only where `observed`.
    Times are on a 1/30000 s clock: t = (30*ms + k)/30000, k in 0..29."""
    counts = rng.poisson(np.clip(rate_hz, 0, None) / 1000.0)
    counts[~observed] = 0
    ms = np.repeat(np.arange(len(rate_hz)) + t0_ms, counts)
    ticks = 30 * ms + rng.integers(0, 30, size=ms.size)
    return np.sort(ticks) / 30000.0


def observed_mask(n_ms, intervals_ms):
    m = np.zeros(n_ms, dtype=bool)
    for a, b in intervals_ms:
        m[a:b] = True
    return m


def min_jerk(n, amp):
    s = np.linspace(0.0, 1.0, n)
    return amp * (10 * s ** 3 - 15 * s ** 4 + 6 * s ** 5)


def unit_ids_and_heldout(rng, n_units, n_heldout):
    electrodes = rng.choice(np.arange(1, 97), size=n_units, replace=False)
    sorts = rng.integers(1, 4, size=n_units)
    ids = electrodes * 10 + sorts
    order = rng.permutation(n_units)           # non-ascending row order
    ids = ids[order]
    heldout = np.zeros(n_units, dtype=bool)
    heldout[rng.choice(np.arange(1, n_units), size=n_heldout, replace=False)] = True  # row 0 held-in
    return ids.astype(np.int64), heldout, (electrodes[order] - 1) % 32


# --------------------------------------------------------------------------- Area2_Bump
def make_area2(path, seed):
    rng = np.random.default_rng([seed, 2])
    w = Writer(path, np.random.default_rng([seed, 2, 99]))
    write_file_skeleton(
        w, f'nlb-fixture-area2_bump-seed{seed}',
        'Synthetic Area2_Bump-like session for testing NWB -> NLB tensor conversion. Continuous behaviour '
        'at 1 kHz, spikes observed in three recording chunks.',
        'Center-out reaching with mechanical bumps during center hold (synthetic)', 'full',
        [('electrode_array_area2', '96-electrode Utah array in area 2 (synthetic)')],
        [('electrode_group_area2', 'Electrodes in area 2', 'area 2', 'electrode_array_area2')])

    # ---- trials: 3 chunks of consecutive trials -------------------------------------
    n_per_chunk = [15, 14, 15]
    chunk_starts_ms = [150, None, None]
    dirs = np.arange(8) * 45.0
    bump_dirs = np.array([0.0, 90.0, 180.0, 270.0])
    rows = []
    chunks = []
    t = chunk_starts_ms[0]
    tid = 0
    short_tail_every = 4
    for c, n in enumerate(n_per_chunk):
        if c > 0:
            t = chunks[-1][1] + int(rng.integers(180, 260))
            t += 3 if c == 1 else 7                      # chunk 2/3 start off the 5 ms grid
        c_start = t
        t = c_start + int(rng.integers(0, 40))
        for k in range(n):
            start = t
            hold = int(rng.integers(300, 620))
            is_bump = bool(rng.random() < 0.35)
            aborted = bool(rng.random() < 0.08) and 0 < k < n - 1
            r = dict(start=start, bump=is_bump)
            if aborted:
                r.update(result='A', onset=np.nan, target_on=np.nan, go=np.nan, bump_time=np.nan,
                         bump_dir=np.nan, target_dir=float(rng.choice(dirs)), stop=start + hold + int(rng.integers(50, 150)))
                r['cond_dir'] = r['target_dir']
                r['bump'] = False
            elif is_bump:
                bd = float(rng.choice(bump_dirs))
                bt = start + hold
                onset = bt + int(rng.integers(0, 3))     # passive movement starts with the bump
                tail = int(rng.integers(720, 900))
                r.update(result='R', onset=onset, target_on=np.nan, go=np.nan, bump_time=bt, bump_dir=bd,
                         target_dir=np.nan, cond_dir=bd, stop=onset + tail)
            else:
                td = float(rng.choice(dirs))
                ton = start + hold
                go = ton + int(rng.integers(0, 200))
                onset = go + int(rng.integers(140, 320))
                short = tid % short_tail_every == 1 and k < n - 1
                tail = int(rng.integers(360, 400)) if short else int(rng.integers(720, 950))
                r.update(result='R', onset=onset, target_on=ton, go=go, bump_time=np.nan, bump_dir=np.nan,
                         target_dir=td, cond_dir=td, stop=onset + tail)
                r['short_tail'] = short
            r['ctr_hold'] = hold / 1000.0
            rows.append(r)
            tid += 1
            gap = int(rng.integers(20, 40)) if r.get('short_tail') else int(rng.integers(20, 90))
            t = int(np.ceil((r['stop'] + gap) / 10.0) * 10)
        last = rows[-1]
        c_end = max(last['stop'], (0 if np.isnan(last['onset']) else last['onset'] + 760)) + int(rng.integers(20, 80))
        chunks.append((c_start, c_end))
    n_trials = len(rows)
    end_ms = chunks[-1][1]
    # splits: aborted -> none; the rest train/val (about 3:1), plus one successful 'none' trial
    split = []
    for i, r in enumerate(rows):
        if r['result'] != 'R':
            split.append('none')
        else:
            split.append('val' if rng.random() < 0.27 else 'train')
    # one 'none' bump trial in a direction used only there (condition must be ignored)
    succ_bump = [i for i, r in enumerate(rows) if r['result'] == 'R' and r['bump']]
    j = succ_bump[len(succ_bump) // 2]
    rows[j]['bump_dir'] = rows[j]['cond_dir'] = 45.0
    split[j] = 'none'
    split = np.array(split, dtype=object)

    # ---- behaviour on the full 1 kHz grid [0, end_ms) ---------------------------------
    pos = np.zeros((end_ms, 2))
    cur = np.zeros(2)
    seg_start = 0
    for r in rows:
        if np.isnan(r['onset']):
            continue
        on = int(r['onset'])
        # hold still until onset, then reach (active) or get pushed (bump) and come back
        pos[seg_start:on] = cur
        ang = np.deg2rad(r['cond_dir'])
        u = np.array([np.cos(ang), np.sin(ang)])
        if r['bump']:
            n1 = 150
            out = min_jerk(n1, 25.0 + 5 * rng.random())
            back = out[-1] - min_jerk(250, out[-1])
            traj = np.concatenate([out, back])
            seg = cur + traj[:, None] * u[None, :]
        else:
            n1 = int(rng.integers(260, 340))
            amp = 80.0 + 20 * rng.random()
            out = min_jerk(n1, amp)
            hold = np.full(int(rng.integers(150, 250)), amp)
            back = amp - min_jerk(300, amp)
            traj = np.concatenate([out, hold, back])
            bend = 6.0 * np.sin(np.linspace(0, np.pi, traj.size)) * (1 if r['cond_dir'] % 90 else -1)
            seg = cur + traj[:, None] * u[None, :] + bend[:, None] * np.array([-u[1], u[0]])[None, :]
        e = min(on + len(seg), end_ms)
        pos[on:e] = seg[:e - on]
        cur = pos[e - 1].copy()
        seg_start = e
    pos[seg_start:] = cur
    pos += 0.05 * np.cumsum(rng.normal(size=pos.shape), axis=0) / np.sqrt(end_ms)  # tiny drift
    # values are rounded to dyadic fractions so that shuffle+gzip keeps the file small
    dy = lambda x, k: np.round(x * 2.0 ** k) / 2.0 ** k
    pos = dy(pos, 12)
    vel = dy(np.gradient(pos, axis=0) * 1000.0, 8)
    force = dy(np.column_stack([0.02 * vel[:, 0] + 0.3 * np.sin(np.arange(end_ms) / 700.0),
                                0.02 * vel[:, 1] + 0.3 * np.cos(np.arange(end_ms) / 900.0),
                                1.5 + 0.01 * np.abs(vel).sum(1)]), 10)

    # ---- units ------------------------------------------------------------------------
    n_units, n_ho = 25, 7
    ids, heldout, elec = unit_ids_and_heldout(rng, n_units, n_ho)
    obs = observed_mask(end_ms, chunks)
    pd_ang = rng.uniform(0, 2 * np.pi, n_units)
    base = rng.uniform(5, 16, n_units)
    gain = rng.uniform(0.02, 0.06, n_units)
    vel_lag = np.vstack([np.zeros((20, 2)), vel[:-20]])   # rates follow velocity by 20 ms
    spikes = []
    for u in range(n_units):
        pdv = np.array([np.cos(pd_ang[u]), np.sin(pd_ang[u])])
        rate = base[u] + gain[u] * np.clip(vel_lag @ pdv, -300, 600) + 8 * (np.linalg.norm(vel_lag, axis=1) > 50)
        spikes.append(draw_spikes(rng, rate, 0, obs))
    # edge spikes: just below a ms boundary (rounds up), exactly at the end of chunk 1
    # (lost: sample is unobserved -> "Spikes found outside of observed interval"), a double count
    r0 = [i for i, r in enumerate(rows) if not np.isnan(r['onset'])][3]
    m = int(rows[r0]['onset']) + 37
    spikes[2] = np.sort(np.concatenate([spikes[2], [m / 1000 - 3e-10, (m + 2) / 1000 + 1 / 30000,
                                                      (m + 2) / 1000 + 2 / 30000]]))
    spikes[5] = np.sort(np.concatenate([spikes[5], [chunks[0][1] / 1000.0]]))
    obs_iv = [np.array([[a / 1000.0, b / 1000.0] for a, b in chunks])] * n_units
    electrodes = write_electrodes(w, [32], ['electrode_group_area2'], ['area 2'], rng)
    write_units(w, ids, heldout, spikes, obs_iv, elec, electrodes)

    # ---- trials table ----------------------------------------------------------------------
    s = lambda key: np.array([r[key] / 1000.0 for r in rows])
    cols = [
        ('start_time', s('start')), ('stop_time', s('stop')),
        ('move_onset_time', s('onset')),
        ('split', split),
        ('result', np.array([r['result'] for r in rows], dtype=object)),
        ('ctr_hold', np.array([r['ctr_hold'] for r in rows])),
        ('ctr_hold_bump', np.array([r['bump'] for r in rows], dtype=bool)),
        ('bump_dir', np.array([r['bump_dir'] for r in rows])),
        ('target_on_time', s('target_on')),
        ('target_dir', np.array([r['target_dir'] for r in rows])),
        ('go_cue_time', s('go')),
        ('bump_time', s('bump_time')),
        ('cond_dir', np.array([r['cond_dir'] for r in rows])),
    ]
    desc = {
        'start_time': 'Start time of epoch, in seconds', 'stop_time': 'Stop time of epoch, in seconds',
        'move_onset_time': 'Time of movement onset, calculated offline',
        'split': 'Trial split that the trial belongs to for the Neural Latents Benchmark. Can be "train", '
                 '"val", "test", or "none"',
        'result': 'Outcome of trial: R = reward, A = abort, F = fail, I = incomplete',
        'ctr_hold': 'Center hold time before target presentation or bump, in seconds',
        'ctr_hold_bump': 'Whether a bump was delivered during the center hold (passive trial)',
        'bump_dir': 'Direction of the bump, in degrees (NaN if no bump)',
        'target_on_time': 'Time of target presentation', 'target_dir': 'Direction of the target, in degrees',
        'go_cue_time': 'Time of go cue', 'bump_time': 'Time of bump onset (NaN if no bump)',
        'cond_dir': 'Direction of the condition: target_dir for active trials, bump_dir for bump trials',
    }
    trials = w.f['intervals'].create_group('trials')
    write_table(w, trials, cols, np.arange(n_trials), desc, table_type=('TimeIntervals', 'core'),
                description='experimental trials')

    # ---- behaviour ------------------------------------------------------------------------
    pm = w.f['processing'].create_group('behavior')
    w.tag(pm, 'ProcessingModule', description='Processed behavioral data')
    write_regular_series(w, pm, 'force', 'TimeSeries', force, 'N', 'Forces on the manipulandum handle (x, y, z)',
                         'columns=[x,y,z]', True)
    write_regular_series(w, pm, 'hand_pos', 'SpatialSeries', pos, 'mm', 'Hand position in mm (x, y)',
                         'columns=[x,y]', True, reference_frame='center target')
    write_regular_series(w, pm, 'hand_vel', 'TimeSeries', vel, 'mm/s',
                         'Hand velocity in mm/s, gradient of hand_pos', 'columns=[x,y]', True)
    w.close()
    return dict(n_trials=n_trials, chunks_ms=[list(map(int, c)) for c in chunks], end_ms=int(end_ms),
                unit_ids_row_order=ids.tolist(), heldout_row_order=heldout.tolist(),
                splits={k: int((split == k).sum()) for k in ['train', 'val', 'test', 'none']},
                edge_spikes={'unit_row2_near_ms': int(m), 'unit_row5_at_chunk1_end_s': chunks[0][1] / 1000.0})


# --------------------------------------------------------------------------- DMFC_RSG
def make_dmfc(path, seed):
    rng = np.random.default_rng([seed, 3])
    w = Writer(path, np.random.default_rng([seed, 3, 99]))
    write_file_skeleton(
        w, f'nlb-fixture-dmfc_rsg-seed{seed}',
        'Synthetic DMFC_RSG-like session for testing NWB -> NLB tensor conversion. Spikes only; '
        'observed in two recording chunks.',
        'Ready-Set-Go time interval reproduction task (synthetic)', 'full',
        [('electrode_array_dmfc', 'Linear probe in DMFC (synthetic)')],
        [('electrode_group_dmfc', 'Electrodes in DMFC', 'DMFC', 'electrode_array_dmfc')])

    # conditions (is_eye, theta, is_short, ts). ts=800 occurs in both priors.
    conds = [(True, 0.0, True, 560.0), (True, 0.0, True, 800.0), (True, 180.0, False, 800.0),
             (True, 180.0, False, 1100.0), (False, 0.0, True, 560.0), (False, 180.0, True, 800.0),
             (False, 0.0, False, 900.0), (False, 180.0, False, 1100.0)]
    weights = np.array([6, 5, 5, 7, 5, 4, 6, 7], dtype=float)
    plan = []       # (cond, split, kind)
    n_trials = 50
    cidx = rng.choice(len(conds), size=n_trials, p=weights / weights.sum())
    for i in range(n_trials):
        plan.append([conds[cidx[i]], None, 'normal'])
    # splits
    for i in range(n_trials):
        u = rng.random()
        plan[i][1] = 'val' if u < 0.25 else 'train'
    plan[3][1] = 'none'; plan[3][2] = 'nogo'          # failed trials: no go
    plan[27][1] = 'none'; plan[27][2] = 'nogo'
    plan[40][1] = 'none'                               # successful but unused
    plan[12][1] = 'test'; plan[33][1] = 'test'; plan[34][1] = 'test'
    plan[8][2] = 'outlier_long'; plan[8][1] = 'train'  # tp > 1500, is_outlier
    plan[21][2] = 'outlier_short'; plan[21][1] = 'val'
    plan[30][2] = 'outlier_long'; plan[30][1] = 'val'
    plan[17][2] = 'nonoutlier_long'; plan[17][1] = 'train'; plan[17][0] = conds[3]   # tp ~ 1520, kept
    plan[44][2] = 'nonoutlier_long'; plan[44][1] = 'val'; plan[44][0] = conds[7]
    plan[10] = [conds[7], 'val', 'nonoutlier_short']       # kept as non-outlier, but < 0.8 x mean length
    # a condition present only in outlier trials (train/val) -> dropped from the PSTH
    only_out = (True, 0.0, False, 1200.0)
    plan[36] = [only_out, 'train', 'outlier_long']
    plan[47] = [only_out, 'val', 'outlier_long']

    rows = []
    chunks = []
    t = 90
    c_start = t
    for i, (cond, sp, kind) in enumerate(plan):
        if i == 26:   # second chunk, starting off the 5 ms grid
            chunks.append((c_start, rows[-1]['stop'] + int(rng.integers(30, 90))))
            t = chunks[-1][1] + int(rng.integers(300, 500)) + 2
            c_start = t
            t += int(rng.integers(0, 30))
        is_eye, theta, is_short, ts = cond
        start = t
        fix_on = start
        fix = fix_on + int(rng.integers(150, 300))
        ton = fix + int(rng.integers(200, 350))
        ready = ton + int(rng.integers(300, 500))
        set_ = ready + int(ts)
        if kind == 'normal':
            tp = float(np.round(ts * (1.0 + 0.08 * rng.normal()) + 40 * rng.normal()))
            tp = float(np.clip(tp, 0.55 * ts, 1495.0))
        elif kind == 'outlier_long':
            tp = float(int(rng.integers(1530, 1750)))
        elif kind == 'outlier_short':
            tp = float(int(rng.integers(150, 260)))
        elif kind == 'nonoutlier_long':
            tp = float(int(rng.integers(1503, 1540)))
        elif kind == 'nonoutlier_short':
            tp = float(int(round(0.6 * ts)))
        else:
            tp = np.nan
        go = set_ + tp if kind != 'nogo' else np.nan
        reward = go + int(rng.integers(60, 120)) if kind in ('normal', 'nonoutlier_long', 'nonoutlier_short') else np.nan
        stop = int((go if kind != 'nogo' else set_ + 2000) + int(rng.integers(350, 600)))
        rows.append(dict(start=start, stop=stop, fix_on=fix_on, fix=fix, ton=ton, ready=ready, set=set_,
                         go=go, reward=reward, is_eye=is_eye, theta=theta, is_short=is_short, ts=ts,
                         tp=tp if sp != 'test' else np.nan,
                         is_outlier=kind.startswith('outlier'), split=sp))
        t = int(np.ceil((stop + int(rng.integers(40, 160))) / 10.0) * 10)
    chunks.append((c_start, rows[-1]['stop'] + int(rng.integers(30, 90))))
    n_trials = len(rows)
    end_ms = chunks[-1][1]

    n_units, n_ho = 22, 6
    ids, heldout, elec = unit_ids_and_heldout(rng, n_units, n_ho)
    obs = observed_mask(end_ms, chunks)
    # rates: ramp between set and go whose slope scales with 1/tp, plus a response after ready/go
    tgrid = np.arange(end_ms)
    base = rng.uniform(4, 14, n_units)
    amp = rng.uniform(5, 25, n_units) * rng.choice([-1, 1], n_units)
    eye_mod = rng.uniform(-4, 4, n_units)
    theta_mod = rng.uniform(-4, 4, n_units)
    drive = np.zeros((end_ms, 4))
    for r in rows:
        a, b = int(r['set']), int(r['go']) if not np.isnan(r['go']) else int(r['set']) + 1500
        drive[a:b, 0] = np.linspace(0, 1, b - a)
        rd = int(r['ready'])
        drive[rd:rd + 120, 1] = np.exp(-np.arange(120) / 40.0)
        drive[int(r['start']):int(r['stop']), 2] = 1.0 if r['is_eye'] else -1.0
        drive[int(r['start']):int(r['stop']), 3] = np.cos(np.deg2rad(r['theta']))
    spikes = []
    for u in range(n_units):
        rate = base[u] + amp[u] * drive[:, 0] + 20 * drive[:, 1] + eye_mod[u] * drive[:, 2] + theta_mod[u] * drive[:, 3]
        spikes.append(draw_spikes(rng, np.clip(rate, 0.5, None), 0, obs))
    spikes[4] = np.sort(np.concatenate([spikes[4], [chunks[0][1] / 1000.0]]))   # lost, logs a warning
    obs_iv = [np.array([[a / 1000.0, b / 1000.0] for a, b in chunks])] * n_units
    electrodes = write_electrodes(w, [32], ['electrode_group_dmfc'], ['DMFC'], rng)
    write_units(w, ids, heldout, spikes, obs_iv, elec, electrodes)

    s = lambda key: np.array([r[key] / 1000.0 for r in rows])
    cols = [
        ('start_time', s('start')), ('stop_time', s('stop')),
        ('fix_on_time', s('fix_on')), ('fix_time', s('fix')), ('target_on_time', s('ton')),
        ('ready_time', s('ready')), ('set_time', s('set')), ('go_time', s('go')),
        ('reward_time', s('reward')),
        ('is_eye', np.array([r['is_eye'] for r in rows], dtype=bool)),
        ('theta', np.array([r['theta'] for r in rows])),
        ('is_short', np.array([r['is_short'] for r in rows], dtype=bool)),
        ('ts', np.array([r['ts'] for r in rows])),
        ('tp', np.array([r['tp'] for r in rows])),
        ('is_outlier', np.array([r['is_outlier'] for r in rows], dtype=bool)),
        ('split', np.array([r['split'] for r in rows], dtype=object)),
    ]
    desc = {
        'start_time': 'Start time of epoch, in seconds', 'stop_time': 'Stop time of epoch, in seconds',
        'fix_on_time': 'Time of fixation point onset', 'fix_time': 'Time fixation was acquired',
        'target_on_time': 'Time of target onset', 'ready_time': 'Time of the Ready flash',
        'set_time': 'Time of the Set flash', 'go_time': 'Time of the response (NaN if none)',
        'reward_time': 'Time of reward (NaN if none)',
        'is_eye': 'Whether the response was a saccade (True) or a joystick movement (False)',
        'theta': 'Target direction in degrees', 'is_short': 'Whether the trial was from the short prior',
        'ts': 'Sample interval between Ready and Set, in ms',
        'tp': 'Produced interval between Set and the response, in ms',
        'is_outlier': 'Whether tp was classified as an outlier',
        'split': 'Trial split that the trial belongs to for the Neural Latents Benchmark. Can be "train", '
                 '"val", "test", or "none"',
    }
    trials = w.f['intervals'].create_group('trials')
    write_table(w, trials, cols, np.arange(n_trials), desc, table_type=('TimeIntervals', 'core'),
                description='experimental trials')
    w.close()
    sp = np.array([r['split'] for r in rows])
    return dict(n_trials=n_trials, chunks_ms=[list(map(int, c)) for c in chunks], end_ms=int(end_ms),
                unit_ids_row_order=ids.tolist(), heldout_row_order=heldout.tolist(),
                splits={k: int((sp == k).sum()) for k in ['train', 'val', 'test', 'none']})


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else '.'
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    os.makedirs(out, exist_ok=True)
    info = {
        'area2_bump': make_area2(os.path.join(out, 'area2_bump_fixture.nwb'), seed),
        'dmfc_rsg': make_dmfc(os.path.join(out, 'dmfc_rsg_fixture.nwb'), seed),
    }
    import json
    print(json.dumps(info, indent=1))


if __name__ == '__main__':
    main()
