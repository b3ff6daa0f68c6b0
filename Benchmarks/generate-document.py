#!/usr/bin/env python3
"""Writes a deterministic TOML 1.0 document of about TARGET_MB megabytes shaped like gastown's
state files: arrays of tables, inline tables, dotted keys, escaped and multi-line strings,
date-times, integers in several bases, floats. Usage: generate-document.py OUTPUT [TARGET_MB]"""
import random
import sys

out_path = sys.argv[1]
target = int(float(sys.argv[2] if len(sys.argv) > 2 else 12) * 1024 * 1024)
rng = random.Random(20261121)

WORDS = ("plan review merge gate convoy molecule formula phase checkpoint agent build test "
         "deploy retry audit mail rollback lint human approve quality").split()
PHASES = ["queued", "running", "blocked", "review", "done", "failed"]
UNICODE = ["caf\u00e9", "\u65e5\u672c", "na\u00efve", "\u00fcber", "\u03bb-calc", "\U0001F680 launch"]


def words(n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def escaped():
    # Basic string with every common escape and some non-ASCII text.
    return '"%s \\"%s\\" \\t%s\\\\%s \\u00e9\\U0001F600 %s\\n"' % (
        words(3), rng.choice(WORDS), words(2), rng.choice(WORDS), rng.choice(UNICODE))


def stamp(with_fraction):
    y, mo, d = 2024 + rng.randrange(3), 1 + rng.randrange(12), 1 + rng.randrange(28)
    h, mi, s = rng.randrange(24), rng.randrange(60), rng.randrange(60)
    text = "%04d-%02d-%02dT%02d:%02d:%02d" % (y, mo, d, h, mi, s)
    if with_fraction:
        text += ".%03d" % rng.randrange(1000)
    return text


def offset():
    minutes = rng.choice([0, 60, -420, 330, 600, -180])
    if minutes == 0:
        return "Z"
    sign = "+" if minutes > 0 else "-"
    return "%s%02d:%02d" % (sign, abs(minutes) // 60, abs(minutes) % 60)


def molecule(i):
    lines = [
        "[[molecule]]",
        'id = "mol-%06d"' % i,
        "title = %s" % escaped(),
        "path = 'C:\\work\\%s\\%d.toml'" % (rng.choice(WORDS), i),
        'state.phase = "%s"' % rng.choice(PHASES),
        "state.attempt = %d" % rng.randrange(10),
        "state.progress = %r" % round(rng.random(), 6),
        "created = %s%s" % (stamp(False), offset()),
        "updated = %s%s" % (stamp(True), offset()),
        "due = %04d-%02d-%02d" % (2026, 1 + rng.randrange(12), 1 + rng.randrange(28)),
        "window = %02d:%02d:%02d" % (rng.randrange(24), rng.randrange(60), rng.randrange(60)),
        "local = %s" % stamp(True),
        "mask = 0x%X" % rng.randrange(1 << 32),
        "mode = 0o%o" % rng.randrange(1 << 12),
        "bits = 0b%s" % bin(rng.randrange(1 << 16))[2:],
        "budget = %s" % "{:_}".format(rng.randrange(10**9)),
        "weight = %.6e" % (rng.random() * 10 ** rng.randrange(-20, 20)),
        "ratio = -%d.%03d" % (rng.randrange(100), rng.randrange(1000)),
        'tags = [%s]' % ", ".join('"%s"' % rng.choice(WORDS) for _ in range(rng.randrange(1, 6))),
        'owner = { name = "%s", team = "%s", level = %d, active = %s }' % (
            rng.choice(WORDS), rng.choice(WORDS), rng.randrange(5), rng.choice(["true", "false"])),
        'notes = """',
        "%s" % words(8),
        '  indented "quoted" line with \\t tab and \\\\ backslash',
        '%s"""' % words(5),
        "",
    ]
    for step in range(rng.randrange(1, 4)):
        lines += [
            "[[molecule.step]]",
            'name = "%s-%d"' % (rng.choice(WORDS), step),
            "gate = { kind = \"%s\", required = %s, score = %r }" % (
                rng.choice(WORDS), rng.choice(["true", "false"]), round(rng.random() * 100, 2)),
            "started = %s%s" % (stamp(True), offset()),
            "checks = [ { id = %d, ok = true }, { id = %d, ok = false } ]" % (
                rng.randrange(1000), rng.randrange(1000)),
            "",
        ]
    return "\n".join(lines) + "\n"


parts = ['# gastown benchmark document (generated, deterministic)\n', 'title = "convoy state"\n',
         'version = 3\n', '\n']
size = sum(len(p.encode()) for p in parts)
i = 0
while size < target:
    chunk = molecule(i)
    parts.append(chunk)
    size += len(chunk.encode())
    i += 1

with open(out_path, "w", encoding="utf-8", newline="\n") as f:
    f.write("".join(parts))
print("%s: %d bytes, %d molecules" % (out_path, size, i))
