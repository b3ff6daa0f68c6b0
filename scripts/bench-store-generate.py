#!/usr/bin/env python3
"""Writes a synthetic .beads/ store for scripts/bench-store: C convoys x M molecules, each
molecule with three hash-chained checkpoint decisions. Written independently of gastown from
the formats in docs/store.md, so a full load also proves an outside writer gets them right."""
import hashlib, os, sys, random

def canonical(rec):
    out = "gastown-decision-v1\n"
    def field(name, value):
        nonlocal out
        out += f"{name}:{len(value.encode())}:{value}\n"
    for key in ["molecule", "convoy", "checkpoint", "step"]:
        field(key, rec[key])
    field("attempt", str(rec["attempt"]))
    field("decision", rec["decision"])
    field("reviewer", rec["reviewer"])
    field("reason", rec.get("reason") or "")
    field("returned_to", rec.get("returned_to") or "")
    field("at", rec["at"])
    for parent, parent_file in zip(rec["parents"], rec["parent_files"]):
        field("parent", parent)
        field("parent_file", parent_file)
    return out

def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

def record_text(rec):
    lines = ["# gastown checkpoint decision: append-only, hash-chained."]
    for key in ["molecule", "convoy", "checkpoint", "step"]:
        lines.append(f"{key} = {q(rec[key])}")
    lines.append(f"attempt = {rec['attempt']}")
    lines.append(f"decision = {q(rec['decision'])}")
    lines.append(f"reviewer = {q(rec['reviewer'])}")
    if rec.get("reason"): lines.append(f"reason = {q(rec['reason'])}")
    if rec.get("returned_to"): lines.append(f"returned_to = {q(rec['returned_to'])}")
    lines.append(f"at = {rec['at']}")
    lines.append("parents = [" + ", ".join(q(p) for p in rec["parents"]) + "]")
    lines.append("parent_files = [" + ", ".join(q(p) for p in rec["parent_files"]) + "]")
    lines.append(f"hash = {q(rec['hash'])}")
    return "\n".join(lines) + "\n"

STEPS = ["analysis", "plan", "do-infrastructure", "do-red", "do-green", "do-refactor",
         "test-validation", "compliance-triage", "document"]

def molecule_text(name, convoy, minute):
    t = lambda m: f"2026-11-{1 + m // 1440:02d}T{(m // 60) % 24:02d}:{m % 60:02d}:00Z"
    lines = [f'name = {q(name)}', f'convoy = {q(convoy)}', 'formula = "integration-test-full-validation"',
             'formula_version = "2.1"', f'assignee = "polecat-{minute % 7}"', 'revision = 7',
             f'created = {t(minute)}', f'updated = {t(minute + 50)}',
             'inputs = ["docs/development/SOC2/DAY2_HYBRID_AUDIT_COMPLETE.md"]', '',
             '[variables]', f'service = "service-{minute % 13}"', '']
    statuses = {"analysis": ("done", 1), "plan": ("done", 2), "do-infrastructure": ("active", 1)}
    for step in STEPS:
        status, attempt = statuses.get(step, ("pending", 1))
        lines += [f"[steps.{step}]", f'status = "{status}"', f"attempt = {attempt}"]
        if status != "pending": lines.append(f"started = {t(minute + 5)}")
        if status == "done": lines.append(f"completed = {t(minute + 20)}")
        lines.append("")
    return "\n".join(lines)

def main():
    root, convoys, molecules = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    beads = os.path.join(root, ".beads")
    minute = 0
    for c in range(convoys):
        convoy = f"convoy-{c:03d}"
        cdir = os.path.join(beads, "convoys", convoy)
        os.makedirs(os.path.join(cdir, "molecules"), exist_ok=True)
        with open(os.path.join(cdir, "convoy.toml"), "w") as f:
            f.write(f'title = "Benchmark convoy {c}"\ndescription = "Synthetic"\nstatus = "active"\n'
                    f'teams = ["team-a", "team-b"]\nreviewers = ["alice", "bob"]\n')
        for m in range(molecules):
            name = f"mol-{c:03d}-{m:03d}"
            mdir = os.path.join(cdir, "molecules", name)
            os.makedirs(os.path.join(mdir, "checkpoints"), exist_ok=True)
            os.makedirs(os.path.join(mdir, "reports"), exist_ok=True)
            minute += 1
            with open(os.path.join(mdir, "molecule.toml"), "w") as f:
                f.write(molecule_text(name, convoy, minute))
            parents, parent_files = [], []
            plan = [("analysis-checkpoint", "analysis", 1, "approved", "alice", None, None),
                    ("plan-checkpoint", "plan", 1, "rejected", "bob", "mock strategy missing", "plan"),
                    ("plan-checkpoint", "plan", 2, "approved", "alice", None, None)]
            for i, (cp, step, attempt, decision, reviewer, reason, back) in enumerate(plan):
                at = f"2026-11-{1 + (minute + 10 + i) // 1440:02d}T{((minute + 10 + i) // 60) % 24:02d}:{(minute + 10 + i) % 60:02d}:00Z"
                rec = dict(molecule=name, convoy=convoy, checkpoint=cp, step=step, attempt=attempt,
                           decision=decision, reviewer=reviewer, reason=reason, returned_to=back, at=at,
                           parents=parents, parent_files=parent_files)
                rec["hash"] = hashlib.sha256(canonical(rec).encode()).hexdigest()
                compact = at.replace("-", "").replace(":", "").replace("Z", "000Z")
                fname = f"{compact}-{reviewer}-{random.getrandbits(32):08x}.toml"
                with open(os.path.join(mdir, "checkpoints", fname), "w") as f:
                    f.write(record_text(rec))
                parents, parent_files = [rec["hash"]], [fname]

if __name__ == "__main__":
    main()
