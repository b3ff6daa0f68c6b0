#!/usr/bin/env python3
"""Writes a synthetic .beads/ store for scripts/bench-store: C convoys x M molecules, each
molecule with three hash-chained checkpoint decisions signed by its convoy's reviewers, and each
convoy with a reviewer trail (its genesis). Written independently of gastown from the formats in
docs/store.md, so a full load also proves an outside writer gets them right. Signatures are real
SSHSIG (Ed25519, namespace gastown), made in-process with the `cryptography` package; the reviewers'
private keys go to KEYS_DIR (third argument) so ssh-keygen can check a record by hand."""
import base64, datetime, hashlib, os, struct, sys, random
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization

def ssh_string(data):
    if isinstance(data, str): data = data.encode()
    return struct.pack(">I", len(data)) + data

class Reviewer:
    def __init__(self, name):
        self.name = name
        self.key = Ed25519PrivateKey.generate()
        raw = self.key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.blob = ssh_string("ssh-ed25519") + ssh_string(raw)
        self.line = "ssh-ed25519 " + base64.b64encode(self.blob).decode()
        self.fingerprint = "SHA256:" + base64.b64encode(hashlib.sha256(self.blob).digest()).decode().rstrip("=")

    def sign(self, message):
        """An armored SSHSIG over message (bytes), as `ssh-keygen -Y sign -n gastown` writes it."""
        signed = b"SSHSIG" + ssh_string("gastown") + ssh_string(b"") + ssh_string("sha512") + \
            ssh_string(hashlib.sha512(message).digest())
        signature = ssh_string("ssh-ed25519") + ssh_string(self.key.sign(signed))
        blob = b"SSHSIG" + struct.pack(">I", 1) + ssh_string(self.blob) + ssh_string("gastown") + \
            ssh_string(b"") + ssh_string("sha512") + ssh_string(signature)
        text = base64.b64encode(blob).decode()
        lines = [text[i:i + 70] for i in range(0, len(text), 70)]
        return "-----BEGIN SSH SIGNATURE-----\n" + "\n".join(lines) + "\n-----END SSH SIGNATURE-----\n"

    def private_pem(self):
        return self.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                                      serialization.NoEncryption())

def fields(version, pairs):
    out = version + "\n"
    for name, value in pairs:
        out += f"{name}:{len(value.encode())}:{value}\n"
    return out

def canonical(rec):
    pairs = [(key, rec[key]) for key in ["molecule", "convoy", "checkpoint", "step"]]
    pairs += [("attempt", str(rec["attempt"])), ("decision", rec["decision"]), ("reviewer", rec["reviewer"]),
              ("reason", rec.get("reason") or ""), ("returned_to", rec.get("returned_to") or ""), ("at", rec["at"]),
              ("override_report", ""), ("signer", rec["signer"]), ("reviewers_head", rec["reviewers_head"])]
    for parent, parent_file in zip(rec["parents"], rec["parent_files"]):
        pairs += [("parent", parent), ("parent_file", parent_file)]
    return fields("gastown-decision-v2", pairs)

def genesis(convoy, reviewers, at):
    pairs = [("convoy", convoy), ("change", "genesis"), ("reviewer", ""), ("key", "")]
    pairs += [("member", f"{r.name} {r.line}") for r in reviewers]
    pairs += [("by", "admin"), ("at", at), ("signer", "")]
    digest = hashlib.sha256(fields("gastown-reviewers-v1", pairs).encode()).hexdigest()
    text = "\n".join([
        "# gastown reviewer change: append-only, hash-chained, signed.",
        f"convoy = {q(convoy)}", 'change = "genesis"',
        "reviewers = [" + ", ".join(q(f"{r.name} {r.line}") for r in reviewers) + "]",
        'by = "admin"', f"at = {at}", "parents = []", "parent_files = []", 'signer = ""',
        f"hash = {q(digest)}"]) + "\n"
    return digest, text

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
    lines.append('override_report = ""')
    lines.append(f"signer = {q(rec['signer'])}")
    lines.append(f"reviewers_head = {q(rec['reviewers_head'])}")
    lines.append("parents = [" + ", ".join(q(p) for p in rec["parents"]) + "]")
    lines.append("parent_files = [" + ", ".join(q(p) for p in rec["parent_files"]) + "]")
    lines.append(f"hash = {q(rec['hash'])}")
    lines.append('signature = """\n' + rec["signature"] + '"""')
    return "\n".join(lines) + "\n"

STEPS = ["analysis", "plan", "do-infrastructure", "do-red", "do-green", "do-refactor",
         "test-validation", "compliance-triage", "document"]

START = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)

def stamp(minute):
    """A TOML date-time `minute` minutes after the start: real calendar dates however many molecules there are
    (counting days from the 1st wrote 2026-11-31 and later past 43,000 molecules), and all in the past (200,000
    molecules end in June 2026): a decision dated after the load's clock does not count."""
    return (START + datetime.timedelta(minutes=minute)).strftime("%Y-%m-%dT%H:%M:%SZ")

def molecule_text(name, convoy, minute):
    t = stamp
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
    keys_dir = sys.argv[4] if len(sys.argv) > 4 else None
    beads = os.path.join(root, ".beads")
    reviewers = {name: Reviewer(name) for name in ["alice", "bob"]}
    if keys_dir:
        os.makedirs(keys_dir, exist_ok=True)
        for r in reviewers.values():
            path = os.path.join(keys_dir, r.name)
            with open(path, "wb") as f: f.write(r.private_pem())
            os.chmod(path, 0o600)
    minute = 0
    for c in range(convoys):
        convoy = f"convoy-{c:03d}"
        cdir = os.path.join(beads, "convoys", convoy)
        os.makedirs(os.path.join(cdir, "molecules"), exist_ok=True)
        with open(os.path.join(cdir, "convoy.toml"), "w") as f:
            f.write(f'title = "Benchmark convoy {c}"\ndescription = "Synthetic"\nstatus = "active"\n'
                    f'teams = ["team-a", "team-b"]\nreviewers = ["alice", "bob"]\n')
        os.makedirs(os.path.join(cdir, "reviewers"), exist_ok=True)
        head, text = genesis(convoy, list(reviewers.values()), "2026-10-01T00:00:00Z")
        with open(os.path.join(cdir, "reviewers", f"20261001T000000000Z-admin-{random.getrandbits(32):08x}.toml"),
                  "w") as f:
            f.write(text)
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
                at = stamp(minute + 10 + i)
                rec = dict(molecule=name, convoy=convoy, checkpoint=cp, step=step, attempt=attempt,
                           decision=decision, reviewer=reviewer, reason=reason, returned_to=back, at=at,
                           parents=parents, parent_files=parent_files,
                           signer=reviewers[reviewer].fingerprint, reviewers_head=head)
                text = canonical(rec).encode()
                rec["hash"] = hashlib.sha256(text).hexdigest()
                rec["signature"] = reviewers[reviewer].sign(text)
                compact = at.replace("-", "").replace(":", "").replace("Z", "000Z")
                fname = f"{compact}-{reviewer}-{random.getrandbits(32):08x}.toml"
                with open(os.path.join(mdir, "checkpoints", fname), "w") as f:
                    f.write(record_text(rec))
                parents, parent_files = [rec["hash"]], [fname]

if __name__ == "__main__":
    main()
