#!/usr/bin/env python3
"""Writes docs/RESULTS.md and its plots from a workspace's run store (never by hand).

usage: .venv/bin/python scripts/results.py WORKSPACE [--run ID] [--out docs]

Reads uae.sqlite read-only: the run's config, stage timings, metric series, benchmark
results and probe snapshots, and renders:
  docs/results/g4u.png      caption length, fact recall / precision, reward and KL over G4U
  docs/results/u4g.png      reward over U4G
  docs/results/bench.png    benchmark scores after each stage
  docs/results/probes.png   the probe originals beside their reconstructions after each stage
                            (4x nearest neighbour)
  docs/results/prompts.png  with --uae BIN: images `uae generate` draws for a few prompts (3 seeds)
                            with the checkpoints after decoder pre-training and after U4G
"""
import argparse
import json
import os
import io
import sqlite3
import subprocess
import sys
import tempfile
from datetime import datetime, timezone

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def connect(workspace):
    path = os.path.join(workspace, "uae.sqlite")
    if not os.path.exists(path):
        sys.exit(f"results.py: no run store at {path}")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def pick_run(db, run):
    if run is not None:
        row = db.execute("SELECT id, name, status, preset, device, config FROM runs WHERE id = ?", (run,)).fetchone()
    else:
        row = db.execute("SELECT id, name, status, preset, device, config FROM runs WHERE status = 'finished' "
                         "ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        sys.exit("results.py: no such run (or no finished run) in the workspace")
    return dict(zip(["id", "name", "status", "preset", "device", "config"], row))


def series(db, run, stage, name):
    rows = db.execute(
        "SELECT m.step, m.value FROM metrics m JOIN stages s ON s.id = m.stage_id JOIN metric_names n ON n.id = m.name_id "
        "WHERE s.run_id = ? AND s.name = ? AND n.name = ? ORDER BY m.step", (run, stage, name)).fetchall()
    return [r[0] for r in rows], [r[1] for r in rows]


def smooth(values, k=5):
    out = []
    for i in range(len(values)):
        window = [v for v in values[max(0, i - k + 1):i + 1] if v is not None]
        out.append(sum(window) / len(window) if window else None)
    return out


def first_last(values):
    vals = [v for v in values if v is not None]
    if not vals:
        return None, None
    n = max(1, len(vals) // 10)
    return sum(vals[:n]) / n, sum(vals[-n:]) / n


def benchmarks(db, run):
    rows = db.execute("SELECT stage, benchmark, metric, value FROM benchmark_results WHERE run_id = ? "
                      "ORDER BY id", (run,)).fetchall()
    out = {}
    for stage, bench, metric, value in rows:
        out.setdefault(bench, {}).setdefault(stage, {})[metric] = value
    return out


# Benchmarks whose overall is an accuracy in [0, 1] (the others are already x100): factor, axis note.
PERCENT = {"geneval-shapes": (100, "\n(accuracy, %)"), "follow-shapes": (100, "\n(pairs read right, %)")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("workspace")
    ap.add_argument("--run", type=int)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "docs"))
    ap.add_argument("--uae", help="the uae binary: also draw a few prompts with the run's checkpoints")
    args = ap.parse_args()
    db = connect(args.workspace)
    run = pick_run(db, args.run)
    rid = run["id"]
    out_dir = os.path.abspath(args.out)
    plot_dir = os.path.join(out_dir, "results")
    os.makedirs(plot_dir, exist_ok=True)

    stages = db.execute("SELECT name, status, step, total_steps, started_ms, finished_ms FROM stages "
                        "WHERE run_id = ? ORDER BY ord", (rid,)).fetchall()
    total_s = 0.0
    stage_rows = []
    for name, status, step, total, started, finished in stages:
        secs = (finished - started) / 1000.0 if started and finished else None
        total_s += secs or 0.0
        stage_rows.append((name, status, step, total, secs))

    # G4U: the aha moment.
    g4u = {m: series(db, rid, "g4u", m) for m in
           ["caption_words", "fact_recall", "fact_precision", "facts_per_object", "reward_mean", "kl"]}
    if g4u["reward_mean"][0]:
        fig, axes = plt.subplots(2, 3, figsize=(13, 7))
        for ax, (name, (steps, values)) in zip(axes.flat, g4u.items()):
            ax.plot(steps, values, alpha=0.3, color="tab:blue")
            ax.plot(steps, smooth(values), color="tab:blue")
            ax.set_title(f"G4U: {name}")
            ax.set_xlabel("step")
            ax.grid(alpha=0.3)
        fig.tight_layout()
        fig.savefig(os.path.join(plot_dir, "g4u.png"), dpi=90)
        plt.close(fig)
    u4g = {m: series(db, rid, "u4g", m) for m in ["reward_mean", "kl", "clip_fraction"]}
    if u4g["reward_mean"][0]:
        fig, axes = plt.subplots(1, 3, figsize=(13, 3.6))
        for ax, (name, (steps, values)) in zip(axes.flat, u4g.items()):
            ax.plot(steps, values, alpha=0.3, color="tab:orange")
            ax.plot(steps, smooth(values), color="tab:orange")
            ax.set_title(f"U4G: {name}")
            ax.set_xlabel("step")
            ax.grid(alpha=0.3)
        fig.tight_layout()
        fig.savefig(os.path.join(plot_dir, "u4g.png"), dpi=90)
        plt.close(fig)

    bench = benchmarks(db, rid)
    order = [s[0] for s in stage_rows]
    if bench:
        fig, ax = plt.subplots(figsize=(9, 4))
        names = sorted(bench)
        width = 0.8 / max(1, len(order))
        for j, stage in enumerate([s for s in order if any(stage_in(bench, b, s) for b in names)]):
            vals = [(bench[b].get(stage, {}).get("overall", 0) or 0) * PERCENT.get(b, (1, ""))[0] for b in names]
            bars = ax.bar([i + j * width for i in range(len(names))], vals, width, label=f"after {stage}")
            ax.bar_label(bars, fmt="%.1f", fontsize=7)
        ax.set_xticks([i + 0.4 - width / 2 for i in range(len(names))])
        ax.set_xticklabels([b + PERCENT.get(b, (1, ""))[1] for b in names])
        ax.set_ylabel("overall (x100)")
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3, axis="y")
        fig.tight_layout()
        fig.savefig(os.path.join(plot_dir, "bench.png"), dpi=90)
        plt.close(fig)

    # Probe captions before and after G4U (the inspector's probe set).
    def captions_at(stage):
        row = db.execute("SELECT MAX(sn.step) FROM snapshots sn JOIN stages s ON s.id = sn.stage_id "
                         "WHERE s.run_id = ? AND s.name = ?", (rid, stage)).fetchone()
        if not row or row[0] is None:
            return {}
        rows = db.execute("SELECT sn.probe, sn.caption, sn.similarity FROM snapshots sn JOIN stages s ON s.id = sn.stage_id "
                          "WHERE s.run_id = ? AND s.name = ? AND sn.step = ? ORDER BY sn.probe", (rid, stage, row[0])).fetchall()
        return {p: (c, sim) for p, c, sim in rows}

    probe_stages = probe_grid(db, rid, order, os.path.join(plot_dir, "probes.png"))
    prompt_stages = prompt_grid(db, rid, args.workspace, args.uae, os.path.join(plot_dir, "prompts.png")) if args.uae else []

    before = captions_at("decoder-pretrain") or captions_at("encoder-sft")
    after = captions_at("g4u")
    truth = dict(db.execute("SELECT probe, caption FROM probes WHERE run_id = ?", (rid,)).fetchall())

    lines = []
    w = lines.append
    w("# Results: the reproduction on the Shapes world")
    w("")
    w(f"Generated by `scripts/results.py` from the run store of `{os.path.abspath(args.workspace)}` "
      f"on {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; not typed by hand.")
    w("")
    w(f"Run {rid} '{run['name']}': preset `{run['preset']}`, device `{run['device']}`, status {run['status']}, "
      f"wall time {total_s / 60:.1f} min.")
    w("")
    w("| stage | status | steps | minutes |")
    w("| --- | --- | --- | --- |")
    for name, status, step, total, secs in stage_rows:
        w(f"| {name} | {status} | {step}/{total} | {secs / 60:.2f} |" if secs is not None else f"| {name} | {status} | {step}/{total} | - |")
    w("")
    if bench:
        w("## Benchmarks after each stage")
        w("")
        present = [s for s in order if any(stage_in(bench, b, s) for b in bench)]
        w("| benchmark | " + " | ".join(f"after {s}" for s in present) + " |")
        w("| --- |" + " --- |" * len(present))
        for b in sorted(bench):
            w(f"| {b} | " + " | ".join(fmt(bench[b].get(s, {}).get("overall")) for s in present) + " |")
        w("")
        detail_keys = sorted({k for b in bench for s in bench[b] for k in bench[b][s] if k != "overall"})
        if detail_keys:
            w("<details><summary>every metric</summary>")
            w("")
            w("| benchmark | metric | " + " | ".join(f"after {s}" for s in present) + " |")
            w("| --- | --- |" + " --- |" * len(present))
            for b in sorted(bench):
                for k in detail_keys:
                    if any(k in bench[b].get(s, {}) for s in present):
                        w(f"| {b} | {k} | " + " | ".join(fmt(bench[b].get(s, {}).get(k)) for s in present) + " |")
            w("")
            w("</details>")
            w("")
        w("![benchmarks](results/bench.png)")
        w("")
    if g4u["reward_mean"][0]:
        w("## G4U: the aha moment")
        w("")
        w("Means of the first and last tenth of G4U's steps (sampled captions of the training batches):")
        w("")
        w("| metric | start | end |")
        w("| --- | --- | --- |")
        for name, (_, values) in g4u.items():
            a, b = first_last(values)
            w(f"| {name} | {fmt(a)} | {fmt(b)} |")
        w("")
        w("![G4U curves](results/g4u.png)")
        w("")
    if u4g["reward_mean"][0]:
        w("## U4G")
        w("")
        a, b = first_last(u4g["reward_mean"][1])
        w(f"Reward mean {fmt(a)} at the start, {fmt(b)} at the end.")
        w("")
        w("![U4G curves](results/u4g.png)")
        w("")
    if probe_stages:
        w("## Probes: originals and their reconstructions after each stage")
        w("")
        w("Each row a probe (held-out test scene): the original, then image -> greedy caption -> decoder "
          "after " + ", ".join(probe_stages) + " (the last snapshot of each stage; 4x nearest neighbour).")
        w("")
        w("![probes](results/probes.png)")
        w("")
    if prompt_stages:
        w("## Prompts drawn by the decoder")
        w("")
        w("Rows: " + "; ".join(f"{i + 1}. \"{p}\"" for i, p in enumerate(PROMPTS)) + ". Columns: seeds 1-3 with "
          "the decoder after " + ", then seeds 1-3 after ".join(prompt_stages) + " (`uae generate`, 16 steps, CFG 3; "
          "4x nearest neighbour).")
        w("")
        w("![prompts](results/prompts.png)")
        w("")
    if before and after:
        w("## Probe captions before and after G4U (greedy)")
        w("")
        w("| probe | ground truth (full) | before G4U | after G4U |")
        w("| --- | --- | --- | --- |")
        for p in sorted(after):
            w(f"| {p} | {truth.get(p, '')} | {before.get(p, ('',))[0]} | {after[p][0]} |")
        w("")
    w("## Config")
    w("")
    w("```json")
    w(json.dumps(json.loads(run["config"]), indent=1)[:6000])
    w("```")
    with open(os.path.join(out_dir, "RESULTS.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {os.path.join(out_dir, 'RESULTS.md')} and plots in {plot_dir}")


def probe_grid(db, rid, order, path):
    """Originals | reconstruction after each stage with snapshots; returns those stages."""
    import numpy as np
    from PIL import Image
    originals = dict(db.execute("SELECT probe, png FROM probes WHERE run_id = ? ORDER BY probe", (rid,)).fetchall())
    if not originals:
        return []
    columns, names = [], []
    for stage in order:
        row = db.execute("SELECT MAX(sn.step) FROM snapshots sn JOIN stages s ON s.id = sn.stage_id "
                         "WHERE s.run_id = ? AND s.name = ?", (rid, stage)).fetchone()
        if not row or row[0] is None:
            continue
        rows = db.execute("SELECT sn.probe, si.png FROM snapshots sn JOIN stages s ON s.id = sn.stage_id "
                          "JOIN snapshot_images si ON si.snapshot_id = sn.id "
                          "WHERE s.run_id = ? AND s.name = ? AND sn.step = ?", (rid, stage, row[0])).fetchall()
        if rows:
            columns.append(dict(rows))
            names.append(stage)
    if not columns:
        return []
    decode = lambda b: np.asarray(Image.open(io.BytesIO(b)).convert("RGB"))
    side = decode(next(iter(originals.values()))).shape[0]
    gap = 2
    probes = sorted(originals)
    grid = np.full((len(probes) * (side + gap), (1 + len(columns)) * (side + gap) + gap, 3), 255, np.uint8)
    for r, p in enumerate(probes):
        cells = [originals[p]] + [c.get(p) for c in columns]
        for c, png in enumerate(cells):
            if png is None:
                continue
            x = c * (side + gap) + (gap if c > 0 else 0)
            grid[r * (side + gap):r * (side + gap) + side, x:x + side] = decode(png)[:side, :side]
    Image.fromarray(grid).resize((grid.shape[1] * 4, grid.shape[0] * 4), Image.NEAREST).save(path)
    return names


PROMPTS = ["a red circle", "a blue star", "a yellow square and a green cross",
           "a white background with one object: a large purple triangle at the top left.",
           "a black background with two objects: a small orange diamond at the top right and "
           "a large cyan circle at the bottom left."]


def prompt_grid(db, rid, workspace, uae, path):
    """`uae generate` for PROMPTS x seeds 1-3 with the last checkpoint of decoder-pretrain and u4g."""
    import numpy as np
    from PIL import Image
    stages = []
    for stage in ("decoder-pretrain", "u4g"):
        row = db.execute("SELECT c.path FROM checkpoints c JOIN stages s ON s.id = c.stage_id WHERE s.run_id = ? "
                         "AND s.name = ? ORDER BY c.step DESC, c.id DESC LIMIT 1", (rid, stage)).fetchone()
        if row:
            ckpt = row[0] if os.path.isabs(row[0]) else os.path.join(workspace, row[0])
            if os.path.exists(ckpt):
                stages.append((stage, ckpt))
    if not stages:
        return []
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for prompt in PROMPTS:
            cells = []
            for _, ckpt in stages:
                for seed in (1, 2, 3):
                    out = os.path.join(tmp, "g.png")
                    subprocess.run([uae, "generate", prompt, "--checkpoint", ckpt, "--seed", str(seed), "--steps", "16",
                                    "--cfg", "3", "--out", out], check=True, capture_output=True)
                    cells.append(np.asarray(Image.open(out).convert("RGB")))
            rows.append(cells)
    side, gap = rows[0][0].shape[0], 2
    ncols = len(rows[0])
    grid = np.full((len(rows) * (side + gap), ncols * (side + gap) + gap * (len(stages) - 1) * 2, 3), 255, np.uint8)
    for r, cells in enumerate(rows):
        for c, img in enumerate(cells):
            x = c * (side + gap) + (c // 3) * gap * 2
            grid[r * (side + gap):r * (side + gap) + side, x:x + side] = img[:side, :side]
    Image.fromarray(grid).resize((grid.shape[1] * 4, grid.shape[0] * 4), Image.NEAREST).save(path)
    return [s for s, _ in stages]


def stage_in(bench, b, s):
    return s in bench.get(b, {})


def fmt(v):
    return "-" if v is None else f"{v:.3f}"


if __name__ == "__main__":
    main()
