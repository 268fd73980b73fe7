#!/usr/bin/env python3
"""Kill-anywhere soak (issue #18; docs/RELIABILITY.md, "Kill anywhere"). Started by scripts/soak.sh.

Trains a small pipeline (every stage, a checkpoint every few steps, benchmarks on) with
`uae train`, SIGKILLs it, resumes it with `uae resume`, kills that, and so on, until the run
finishes; then starts the next run, until the asked number of kills is reached. Each run's
kill moments are drawn uniformly over the life of an uninterrupted reference run; every other
process is killed at its moment from here, the others by the engine's test hook
(core/common/testhook.h: UAE_TEST_KILL_AT) at the first kill point, at or after the moment, of a
chosen phase: a checkpoint write, a store transaction, a snapshot write, a benchmark or a step.
The hook's phase file tells, for every kill, which phases the process was in and how far it had
trained.

After every kill: PRAGMA integrity_check on the store (read-only, before anything reopens it),
`uae runs check` (every checkpoint file's CRC, every recorded checkpoint present, stray
temporaries), no metric row twice. At every restart: the steps lost (the furthest step
reached minus the step the resume starts from) against the stage's checkpoint interval. At
the end of each run: its metric, snapshot and benchmark rows against an uninterrupted
reference run of the same config (every row exactly once, no gaps), and its values: equal
bit for bit where the stage is deterministic.
"""
import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timezone

PHASES = ["step", "checkpoint-write", "store-transaction", "snapshot-write", "benchmark"]
# Targeted kills cycle through these; every other kill is at a random time.
TARGETS = ["checkpoint-write", "store-transaction", "snapshot-write", "benchmark", "step"]
# Hook kills that land at a random moment after the chosen point (ms), for phases whose
# kill points sit only at their edges.
DELAY_MS = {"benchmark": 80, "step": 10}
TIMING_METRICS = {"step_seconds"}  # wall-clock, never equal between runs


def soak_config(quick):
    """The tiny preset's models and stages, longer, with frequent checkpoints."""
    if quick:
        steps = {"judges": (12, 4), "encoder-sft": (12, 4), "decoder-pretrain": (12, 4), "cold-start": (2, 2),
                 "g4u": (3, 2), "u4g": (2, 2)}
        snap = {"encoder-sft": 6, "decoder-pretrain": 6, "g4u": 3, "u4g": 2}
    else:
        steps = {"judges": (40, 5), "encoder-sft": (50, 5), "decoder-pretrain": (50, 5), "cold-start": (4, 2),
                 "g4u": (6, 3), "u4g": (4, 2)}
        snap = {"encoder-sft": 25, "decoder-pretrain": 25, "g4u": 3, "u4g": 2}

    def st(kind, **extra):
        s = {"kind": kind, "steps": steps[kind][0], "checkpoint_every": steps[kind][1], "log_every": 1}
        if kind in snap:
            s["snapshot_every"] = snap[kind]
        s.update(extra)
        return s

    return {
        "preset": "tiny",
        "threads": 1,  # one torch thread: OpenMP threads that spin-wait crawl on a shared, loaded machine
        "stages": [
            st("judges", batch=16),
            st("encoder-sft", batch=16),
            st("decoder-pretrain", batch=16),
            st("cold-start", batch=4, sample_steps=2),
            st("g4u", batch=2, group=4, sample_steps=3),
            st("u4g", batch=2, group=4, sample_steps=3),
            {"kind": "bench", "images": 8, "geneval_seeds": 1, "sample_steps": 4,
             "after": "decoder-pretrain,g4u,u4g"},
        ],
    }


def stage_plan(config):
    """[(name, steps, checkpoint interval)] in order; the bench stage runs one step."""
    plan = []
    for s in config["stages"]:
        n = s.get("steps", 1)
        ck = s.get("checkpoint_every", 0)
        plan.append((s["kind"], n, ck if 0 < ck <= n else n))
    return plan


def read_phase(path):
    out = {"active": [], "start": None, "at": None, "points": {}, "kill": None}
    try:
        text = open(path).read().strip()
    except OSError:
        return out
    for token in text.split():
        key, _, value = token.partition("=")
        if key == "active":
            out["active"] = [] if value == "none" else value.split(",")
        elif key in ("start", "at"):
            out[key] = None if value == "-" else tuple(int(x) for x in value.split(":"))
        elif key == "points":
            out["points"] = {k: int(v) for k, v in (p.split(":") for p in value.split(","))}
        elif key == "kill":
            out["kill"] = None if value == "-" else value
    return out


class Soak:
    def __init__(self, args):
        self.args = args
        self.uae = args.uae
        self.out = os.path.abspath(args.out)
        self.rng = random.Random(args.seed)
        self.config = soak_config(args.quick)
        self.plan = stage_plan(self.config)
        self.offsets = []
        total = 0
        for _, n, _ in self.plan:
            self.offsets.append(total)
            total += n
        self.total_steps = total
        self.kills = []  # one record per kill
        self.restarts = []  # one record per process that reported where it started
        self.rounds = []
        self.failures = []  # resumes that failed, checks that could not run
        self.proc_count = 0
        os.makedirs(os.path.join(self.out, "logs"), exist_ok=True)
        self.config_path = os.path.join(self.out, "soak-config.json")
        with open(self.config_path, "w") as f:
            json.dump(self.config, f, indent=2)

    def say(self, text):
        print(f"[soak {time.strftime('%H:%M:%S')}] {text}", flush=True)

    def stage_of(self, global_step):
        """The stage a global step (1-based) belongs to; 0 for step 0."""
        for i, (_, n, _) in enumerate(self.plan):
            if global_step <= self.offsets[i] + n:
                return i
        return len(self.plan) - 1

    def global_step(self, where):
        stage, step = where
        return self.offsets[stage] + step if stage < len(self.offsets) else self.total_steps

    # ---- processes ----

    def start(self, cmd, env_extra):
        self.proc_count += 1
        tag = f"p{self.proc_count:04d}"
        phase = os.path.join(self.out, "logs", tag + ".phase")
        log = open(os.path.join(self.out, "logs", tag + ".log"), "w")
        env = dict(os.environ)
        env.pop("UAE_TEST_KILL_AT", None)
        env.update(UAE_TEST_PHASE_FILE=phase, **env_extra)
        p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=self.out)
        log.close()
        return p, tag, phase

    def run_reference(self):
        """The uninterrupted run, and its timeline: when each step finished and how many kill
        points of each phase had passed, in seconds from its start. Kill moments are drawn on
        this timeline."""
        ws = os.path.join(self.out, "ref-ws")
        t0 = time.monotonic()
        wall0 = time.time()
        p, tag, phase = self.start([self.uae, "train", "--config", self.config_path, "--workspace", ws, "--name",
                                    "reference"], {})
        self.ref_point_times = []  # (seconds, {phase: points passed})
        while p.poll() is None:
            self.ref_point_times.append((time.monotonic() - t0, read_phase(phase)["points"]))
            time.sleep(0.01)
        rc = p.wait()
        self.ref_seconds = time.monotonic() - t0
        if rc != 0:
            sys.exit(f"soak: the uninterrupted reference run failed (exit {rc}); see {self.out}/logs/{tag}.log")
        self.ref_points = read_phase(phase)["points"]
        self.ref_point_times.append((self.ref_seconds, self.ref_points))
        self.ref_ws = ws
        con = self.db(ws)
        try:
            done = {(st, s): w for st, s, w in con.execute(
                "SELECT st.name, m.step, max(m.wall_ms) FROM metrics m JOIN stages st ON st.id = m.stage_id "
                "JOIN metric_names mn ON mn.id = m.name_id WHERE mn.name = 'step_seconds' GROUP BY 1, 2")}
        finally:
            con.close()
        self.step_time = [0.0] * (self.total_steps + 1)  # global step -> seconds into the reference run
        for i, (kind, n, _) in enumerate(self.plan):
            for step in range(1, n + 1):
                w = done.get((kind, step))
                self.step_time[self.offsets[i] + step] = (w / 1000.0 - wall0) if w else self.step_time[
                    self.offsets[i] + step - 1]
        self.startup = max(0.1, self.step_time[1])
        self.say(f"reference run: {self.ref_seconds:.1f} s, {self.total_steps} steps, kill points "
                 + ", ".join(f"{k} {v}" for k, v in self.ref_points.items()))

    # ---- checks ----

    def db(self, ws):
        return sqlite3.connect(f"file:{os.path.join(ws, 'uae.sqlite')}?mode=ro", uri=True)

    def run_id(self, ws, name):
        if not os.path.exists(os.path.join(ws, "uae.sqlite")):
            return None
        con = self.db(ws)
        try:
            row = con.execute("SELECT id FROM runs WHERE name = ?", (name,)).fetchone()
        finally:
            con.close()
        return row[0] if row else None

    def run_status(self, ws, name):
        con = self.db(ws)
        try:
            row = con.execute("SELECT status FROM runs WHERE name = ?", (name,)).fetchone()
        finally:
            con.close()
        return row[0] if row else None

    def check_after_kill(self, ws, name):
        res = {"integrity": "no store yet", "corrupt": 0, "missing": 0, "temporaries": 0, "ok_files": 0,
               "duplicate_metric_rows": 0}
        if not os.path.exists(os.path.join(ws, "uae.sqlite")):
            return res
        con = self.db(ws)
        try:
            res["integrity"] = "\n".join(r[0] for r in con.execute("PRAGMA integrity_check"))
            res["duplicate_metric_rows"] = con.execute(
                "SELECT count(*) FROM (SELECT stage_id, name_id, step FROM metrics GROUP BY 1, 2, 3 "
                "HAVING count(*) > 1)").fetchone()[0]
        finally:
            con.close()
        run = self.run_id(ws, name)
        if run is None:
            return res
        p = subprocess.run([self.uae, "runs", "--workspace", ws, "check", str(run)], capture_output=True, text=True)
        for line in p.stdout.splitlines():
            word = line.split(" ", 1)[0]
            if word == "ok":
                res["ok_files"] += 1
            elif word == "corrupt":
                res["corrupt"] += 1
            elif word == "missing":
                res["missing"] += 1
            elif word == "temporary":
                res["temporaries"] += 1
        if p.returncode not in (0, 1) or res["integrity"] != "ok":
            res["check_output"] = (p.stdout + p.stderr)[-2000:]
        elif res["corrupt"] or res["missing"]:
            res["check_output"] = p.stdout[-2000:]
        return res

    def compare_with_reference(self, ws, name):
        run = self.run_id(ws, name)
        ref_run = self.run_id(self.ref_ws, "reference")

        def rows(path, run_id):
            con = self.db(path)
            try:
                metrics = {(st, n, s): v for st, n, s, v in con.execute(
                    "SELECT st.name, mn.name, m.step, m.value FROM metrics m JOIN stages st ON st.id = m.stage_id "
                    "JOIN metric_names mn ON mn.id = m.name_id WHERE st.run_id = ?", (run_id,))}
                dup = con.execute(
                    "SELECT count(*) FROM (SELECT m.stage_id, m.name_id, m.step FROM metrics m JOIN stages st "
                    "ON st.id = m.stage_id WHERE st.run_id = ? GROUP BY 1, 2, 3 HAVING count(*) > 1)",
                    (run_id,)).fetchone()[0]
                snaps = {(st, s, p): c for st, s, p, c in con.execute(
                    "SELECT st.name, sn.step, sn.probe, sn.caption FROM snapshots sn JOIN stages st "
                    "ON st.id = sn.stage_id WHERE st.run_id = ?", (run_id,))}
                bench = {(b, st, s, m): v for b, st, s, m, v in con.execute(
                    "SELECT benchmark, stage, step, metric, value FROM benchmark_results WHERE run_id = ?",
                    (run_id,))}
                probes = con.execute("SELECT count(*) FROM probes WHERE run_id = ?", (run_id,)).fetchone()[0]
                status = con.execute("SELECT status FROM runs WHERE id = ?", (run_id,)).fetchone()[0]
                stages = dict(con.execute("SELECT name, status FROM stages WHERE run_id = ?", (run_id,)))
            finally:
                con.close()
            return metrics, dup, snaps, bench, probes, status, stages

        m, dup, snaps, bench, probes, status, stages = rows(ws, run)
        rm, _, rsnaps, rbench, rprobes, _, _ = rows(self.ref_ws, ref_run)
        out = {"status": status, "unfinished_stages": sorted(k for k, v in stages.items() if v != "finished"),
               "duplicate_metric_rows": dup,
               "missing_metric_rows": len(set(rm) - set(m)), "extra_metric_rows": len(set(m) - set(rm)),
               "missing_snapshots": len(set(rsnaps) - set(snaps)), "extra_snapshots": len(set(snaps) - set(rsnaps)),
               "missing_benchmark_rows": len(set(rbench) - set(bench)),
               "extra_benchmark_rows": len(set(bench) - set(rbench)),
               "probes": probes, "reference_probes": rprobes}
        # Gaps: each stage's loss logged at every step from 1 to its last.
        gaps = 0
        for kind, n, _ in self.plan:
            if kind == "bench":
                continue
            gaps += sum(1 for s in range(1, n + 1) if (kind, "loss", s) not in m)
        out["loss_steps_missing"] = gaps
        per_stage = {}
        for kind, n, _ in self.plan:
            keys = [k for k in rm if k[0] == kind and k[1] not in TIMING_METRICS and k in m]
            differ = [k for k in keys if not (m[k] == rm[k] or (m[k] is None and rm[k] is None))]
            loss_last = (kind, "loss", n)
            per_stage[kind] = {
                "values": len(keys), "differ": len(differ),
                "max_abs_diff": max((abs(m[k] - rm[k]) for k in differ if m[k] is not None and rm[k] is not None),
                                    default=0.0),
                "final_loss": m.get(loss_last), "reference_final_loss": rm.get(loss_last),
                "first_differing": sorted(differ, key=lambda k: (k[2], k[1]))[0] if differ else None,
            }
        out["stages"] = per_stage
        snap_differ = sum(1 for k in rsnaps if k in snaps and snaps[k] != rsnaps[k])
        bench_differ = sum(1 for k in rbench if k in bench and bench[k] != rbench[k])
        out["snapshot_captions_differ"] = snap_differ
        out["benchmark_values_differ"] = bench_differ
        return out

    # ---- the loop ----

    def points_at(self, seconds):
        """Kill points of each phase passed by that moment of the reference run."""
        last = {}
        for t, pts in self.ref_point_times:
            if t > seconds:
                break
            last = pts
        return last

    def resume_step(self, ws, name):
        """The global step a resume of the run starts from: its newest recorded checkpoint."""
        run = self.run_id(ws, name)
        if run is None:
            return 0
        con = self.db(ws)
        try:
            row = con.execute("SELECT st.ord, c.step FROM checkpoints c JOIN stages st ON st.id = c.stage_id "
                              "WHERE st.run_id = ? ORDER BY st.ord DESC, c.step DESC LIMIT 1", (run,)).fetchone()
            ords = sorted(o for (o,) in con.execute("SELECT ord FROM stages WHERE run_id = ?", (run,)))
        finally:
            con.close()
        return self.offsets[ords.index(row[0])] + row[1] if row else 0

    def choose(self, moment, start_step):
        """How to kill the next process at `moment` (seconds into the reference run), given the
        step it resumes from: (trigger, env, delay seconds or None). Every other process is
        killed at that time; the others by the hook at the first point of the next phase in
        TARGETS that comes at or after that moment."""
        k = self.proc_count
        started_at = self.step_time[start_step] if start_step > 0 else 0.0
        if k % 2 == 0:
            return "random", {}, self.startup + max(0.0, moment - started_at) * self.args.slowdown
        phase = TARGETS[(k // 2) % len(TARGETS)]
        n = max(1, self.points_at(moment).get(phase, 0) - self.points_at(started_at).get(phase, 0) + 1)
        spec = f"{phase}:{n}"
        if phase in DELAY_MS:
            spec += f"+{self.rng.randint(0, DELAY_MS[phase])}"
        return "hook " + phase, {"UAE_TEST_KILL_AT": spec}, None

    def run_round(self, index):
        name = f"soak-{index}"
        ws = os.path.join(self.out, "ws")
        high = 0  # furthest global step reached in this run
        round_kills = 0
        # This run's kill moments: uniform over the reference run's life, in order.
        moments = sorted(self.rng.uniform(0.0, self.ref_seconds) for _ in range(self.args.per_run))
        while True:
            run = self.run_id(ws, name)
            if run is None:
                cmd = [self.uae, "train", "--config", self.config_path, "--workspace", ws, "--name", name]
            else:
                cmd = [self.uae, "resume", name, "--workspace", ws]
            start_step = self.resume_step(ws, name) if run is not None else 0
            # A moment the run has already passed (it resumes after it) is dropped.
            while moments and moments[0] < (self.step_time[start_step] if start_step else 0.0):
                moments.pop(0)
            if moments and len(self.kills) < self.args.kills:
                trigger, env, delay = self.choose(moments.pop(0), start_step)
            else:
                trigger, env, delay = "none (finishing)", {}, None
            p, tag, phase_file = self.start(cmd, env)
            t0 = time.monotonic()
            if delay is not None:
                try:
                    p.wait(timeout=delay)
                except subprocess.TimeoutExpired:
                    p.send_signal(signal.SIGKILL)
            try:
                rc = p.wait(timeout=self.args.timeout)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
                self.failures.append({"process": tag, "what": f"no exit within {self.args.timeout} s (hung)"})
                rc = -9
            seconds = time.monotonic() - t0
            ph = read_phase(phase_file)
            if ph["start"] is not None and run is not None:
                # Steps lost by the kill(s) since the last process got going: the furthest step
                # reached minus where this one resumed; at most the interval of that stage.
                start = self.global_step(ph["start"])
                stage = self.stage_of(high)
                self.restarts.append({"process": tag, "round": index, "from_step": start, "furthest_step": high,
                                      "lost": max(0, high - start), "stage": self.plan[stage][0],
                                      "allowed": self.plan[stage][2]})
            if ph["at"] is not None:
                high = max(high, self.global_step(ph["at"]))
            if rc == -signal.SIGKILL:
                checks = self.check_after_kill(ws, name)
                rec = {"process": tag, "round": index, "trigger": trigger, "spec": env.get("UAE_TEST_KILL_AT"),
                       "after_seconds": round(seconds, 3), "active": ph["active"], "killed_by_hook": ph["kill"],
                       "at_step": self.global_step(ph["at"]) if ph["at"] else None, "command": cmd[1], **checks}
                self.kills.append(rec)
                round_kills += 1
                bad = checks["integrity"] != "ok" and checks["integrity"] != "no store yet"
                bad = bad or checks["corrupt"] or checks["missing"] or checks["duplicate_metric_rows"]
                flag = "  <-- PROBLEM" if bad else ""
                self.say(f"kill {len(self.kills)}/{self.args.kills} ({trigger}, in "
                         f"{','.join(ph['active']) or 'none'}) at step {rec['at_step']}/{self.total_steps} of {name}: "
                         f"store {checks['integrity']}, {checks['ok_files']} checkpoints ok, {checks['corrupt']} "
                         f"corrupt, {checks['missing']} missing, {checks['temporaries']} temporaries{flag}")
                # Killed after the run was recorded finished (while the process closed): nothing
                # is left to resume, and `uae resume` rightly refuses.
                if self.run_status(ws, name) != "finished":
                    continue
            if rc in (0, -signal.SIGKILL):
                result = self.compare_with_reference(ws, name)
                result.update({"round": index, "kills": round_kills})
                self.rounds.append(result)
                self.say(f"{name} finished after {round_kills} kills: status {result['status']}, metric rows "
                         f"missing {result['missing_metric_rows']} / extra {result['extra_metric_rows']} / duplicate "
                         f"{result['duplicate_metric_rows']}; stages whose values differ from the reference: "
                         + (", ".join(f"{k} ({v['differ']})" for k, v in result["stages"].items() if v["differ"])
                            or "none"))
                return
            self.failures.append({"process": tag, "round": index, "what": f"{cmd[1]} exited {rc}",
                                  "log": open(os.path.join(self.out, "logs", tag + ".log")).read()[-2000:]})
            self.say(f"PROBLEM: {tag} ({' '.join(cmd[1:3])}) exited {rc}; see {self.out}/logs/{tag}.log")
            if len([f for f in self.failures if f.get("round") == index]) >= 3:
                self.say(f"giving up on {name}")
                self.rounds.append({"round": index, "kills": round_kills, "status": "abandoned"})
                return

    def run(self):
        self.say(f"output {self.out}; uae {self.uae}; {self.args.kills} kills; seed {self.args.seed}")
        self.run_reference()
        t0 = time.monotonic()
        index = 0
        while len(self.kills) < self.args.kills:
            index += 1
            self.run_round(index)
        self.seconds = time.monotonic() - t0
        return self.summarise()

    # ---- summary ----

    def summarise(self):
        by_category = {p: sum(1 for k in self.kills if p in k["active"]) for p in PHASES}
        by_category["none of these (start-up, model building, between phases)"] = sum(
            1 for k in self.kills if not k["active"])
        by_trigger = {}
        for k in self.kills:
            by_trigger[k["trigger"]] = by_trigger.get(k["trigger"], 0) + 1
        over = [r for r in self.restarts if r["lost"] > r["allowed"]]
        deterministic = {}
        for kind, _, _ in self.plan:
            diffs = [r["stages"][kind]["differ"] for r in self.rounds if "stages" in r]
            deterministic[kind] = {"runs": len(diffs), "runs_equal_bitwise": sum(1 for d in diffs if d == 0),
                                   "max_abs_diff": max((r["stages"][kind]["max_abs_diff"] for r in self.rounds
                                                        if "stages" in r), default=0.0)}
        finished = [r for r in self.rounds if r.get("status") == "finished"]
        s = {
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{os.cpu_count()} cores, no GPU" if os.cpu_count() else "?",
            "command": " ".join(sys.argv),
            "seed": self.args.seed,
            "config": self.config,
            "reference_seconds": round(self.ref_seconds, 2),
            "soak_seconds": round(self.seconds, 1),
            "kills": len(self.kills),
            "runs": len(self.rounds),
            "runs_finished": len(finished),
            "kills_by_trigger": by_trigger,
            "kills_by_category": by_category,
            "corrupt_stores": sum(1 for k in self.kills if k["integrity"] not in ("ok", "no store yet")),
            "unreadable_checkpoints": sum(k["corrupt"] for k in self.kills),
            "missing_checkpoints": sum(k["missing"] for k in self.kills),
            "temporaries_seen_after_kills": sum(1 for k in self.kills if k["temporaries"]),
            "max_temporaries_after_a_kill": max((k["temporaries"] for k in self.kills), default=0),
            "duplicate_metric_rows": sum(k["duplicate_metric_rows"] for k in self.kills)
            + sum(r.get("duplicate_metric_rows", 0) for r in self.rounds),
            "missing_metric_rows": sum(r.get("missing_metric_rows", 0) for r in self.rounds),
            "extra_metric_rows": sum(r.get("extra_metric_rows", 0) for r in self.rounds),
            "loss_steps_missing": sum(r.get("loss_steps_missing", 0) for r in self.rounds),
            "snapshot_rows_missing_or_extra": sum(r.get("missing_snapshots", 0) + r.get("extra_snapshots", 0)
                                                  for r in self.rounds),
            "benchmark_rows_missing_or_extra": sum(r.get("missing_benchmark_rows", 0)
                                                   + r.get("extra_benchmark_rows", 0) for r in self.rounds),
            "restarts_measured": len(self.restarts),
            "max_steps_lost": max((r["lost"] for r in self.restarts), default=0),
            "restarts_losing_more_than_one_interval": len(over),
            "max_lost_by_stage": {kind: {"max_lost": max((r["lost"] for r in self.restarts if r["stage"] == kind),
                                                         default=0), "interval": ck}
                                  for kind, _, ck in self.plan},
            "final_values_vs_reference": deterministic,
            "failures": self.failures,
        }
        s["ok"] = (s["corrupt_stores"] == 0 and s["unreadable_checkpoints"] == 0 and s["missing_checkpoints"] == 0
                   and s["duplicate_metric_rows"] == 0 and s["missing_metric_rows"] == 0
                   and s["extra_metric_rows"] == 0 and s["loss_steps_missing"] == 0
                   and s["restarts_losing_more_than_one_interval"] == 0 and not self.failures
                   and len(finished) == len(self.rounds))
        with open(os.path.join(self.out, "summary.json"), "w") as f:
            json.dump(s, f, indent=2)
        with open(os.path.join(self.out, "kills.json"), "w") as f:
            json.dump({"kills": self.kills, "restarts": self.restarts, "runs": self.rounds}, f, indent=2)
        md = self.markdown(s)
        with open(os.path.join(self.out, "summary.md"), "w") as f:
            f.write(md)
        print(md, flush=True)
        return 0 if s["ok"] else 1

    def markdown(self, s):
        L = [f"# Kill-anywhere soak, {s['date']}", "",
             f"Machine: {s['machine']}. Command: `{s['command']}`. Reference run {s['reference_seconds']} s; soak "
             f"{s['soak_seconds']} s.", "",
             "| measured | value |", "|---|---|",
             f"| kills (SIGKILL) | {s['kills']} over {s['runs']} runs ({s['runs_finished']} finished) |",
             "| kills by trigger | " + ", ".join(f"{k} {v}" for k, v in sorted(s["kills_by_trigger"].items())) + " |",
             "| kills by phase hit | " + ", ".join(f"{k} {v}" for k, v in s["kills_by_category"].items()) + " |",
             f"| corrupt stores (PRAGMA integrity_check) | {s['corrupt_stores']} |",
             f"| unreadable checkpoints (CRC, `uae runs check`) | {s['unreadable_checkpoints']} |",
             f"| recorded checkpoints missing | {s['missing_checkpoints']} |",
             f"| kills that left a temporary checkpoint file | {s['temporaries_seen_after_kills']} (at most "
             f"{s['max_temporaries_after_a_kill']} at once) |",
             f"| duplicate metric rows | {s['duplicate_metric_rows']} |",
             f"| metric rows missing / extra vs the reference | {s['missing_metric_rows']} / "
             f"{s['extra_metric_rows']} |",
             f"| loss steps missing (gaps) | {s['loss_steps_missing']} |",
             f"| snapshot rows / benchmark rows missing or extra | {s['snapshot_rows_missing_or_extra']} / "
             f"{s['benchmark_rows_missing_or_extra']} |",
             f"| restarts measured; most steps lost | {s['restarts_measured']}; {s['max_steps_lost']} |",
             f"| restarts that lost more than one checkpoint interval | "
             f"{s['restarts_losing_more_than_one_interval']} |",
             f"| failures (resume failed, hung) | {len(s['failures'])} |", "",
             "| stage | interval | most steps lost | runs equal to the reference bit for bit | max abs diff |",
             "|---|---|---|---|---|"]
        for kind, _, ck in self.plan:
            d = s["final_values_vs_reference"][kind]
            L.append(f"| {kind} | {ck} | {s['max_lost_by_stage'][kind]['max_lost']} | {d['runs_equal_bitwise']} of "
                     f"{d['runs']} | {d['max_abs_diff']:.3g} |")
        L += ["", "Result: " + ("PASS" if s["ok"] else "FAIL"), ""]
        return "\n".join(L)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--uae", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--kills", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--per-run", type=int, default=12, help="kill moments drawn for each run")
    ap.add_argument("--slowdown", type=float, default=1.0,
                    help="how much slower than the reference a resumed process trains (timed kills)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds a process may run before it counts as hung")
    args = ap.parse_args()
    args.uae = os.path.abspath(args.uae)
    return Soak(args).run()


if __name__ == "__main__":
    sys.exit(main())
