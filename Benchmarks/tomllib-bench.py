#!/usr/bin/env python3
"""Parses FILE with tomllib RUNS times; prints 'best_seconds peak_rss_kb rss_before_parse_kb'."""
import resource
import sys
import time
import tomllib

path, runs = sys.argv[1], int(sys.argv[2])
with open(path, "rb") as f:
    text = f.read().decode("utf-8")
with open("/proc/self/statm") as f:
    rss_before = int(f.read().split()[1]) * resource.getpagesize() // 1024
best = float("inf")
for _ in range(runs):
    start = time.perf_counter()
    doc = tomllib.loads(text)
    best = min(best, time.perf_counter() - start)
    assert len(doc["molecule"]) > 0
    del doc
print("%.6f %d %d" % (best, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, rss_before))
