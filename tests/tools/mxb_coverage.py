#!/usr/bin/env python3
"""Merged coverage of Verilator runs (issue 21): one report from many coverage.dat files.

    mxb_coverage.py OUTDIR DAT...      merge DAT... (verilator_coverage --write) into
                                       OUTDIR/coverage.dat, write OUTDIR/coverage.info
                                       (--write-info) and its lcov HTML (genhtml) in
                                       OUTDIR/html, and the per-module summary in
                                       OUTDIR/summary.md (also printed)
    mxb_coverage.py --same A.dat B.dat exit 0 if A and B hold the same points with the same
                                       counts
    mxb_coverage.py --junit X OUTDIR DAT...  as the first form, and its verdict written to X as
                                       one JUnit testcase coverage/report (none when no DAT
                                       exists, exit 1)

DAT files are the coverage.dat that tests/run_tests.sh has each Verilator run write
(vpi/mxb_vlt_main.cpp), or the merged coverage.dat of shards (tests/tools/mxb_slurm.sh
regress). Names of missing files are reported and skipped; no file at all is an error.

A point of a module counts once however many instances the runs elaborated: it is reached
when any instance reached it. Kinds: line (statements and blocks), branch (if/else and case
arms), toggle (every bit of every signal, both ways), cover (the cover property points of
rtl/include/mxb_assert.svh's COVER). Every cover point of rtl/ that no run reached is listed
by file, line and name: unreached points are shown, not hidden; they do not fail the run.
"""
import collections
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KINDS = (("v_line", "line"), ("v_branch", "branch"), ("v_toggle", "toggle"), ("v_user", "cover"))
LINE_RE = re.compile(r"^C '(.*)' (\d+)$")


def read_points(path):
    """{point: count} of one .dat; a point is (file, line, column, kind/module, name): the
    instance (hierarchy) and the parameterisation of its module are not part of it."""
    points = collections.Counter()
    with open(path, encoding="utf-8", errors="replace") as f:
        for text in f:
            m = LINE_RE.match(text.rstrip("\n"))
            if not m:
                continue
            fields = dict(kv.split("\002", 1) for kv in m.group(1).split("\001") if "\002" in kv)
            page = fields.get("page", "?")
            key = (fields.get("f", "?"), int(fields.get("l", "0") or 0), fields.get("n", ""),
                   page.split("/", 1)[0] + "/" + module_of(page), fields.get("o", "?"))
            points[key] += int(m.group(2))
    return points


def module_of(page):
    """v_line/mxb_adc_if__N6_A8 -> mxb_adc_if (Verilator's parameterisation suffix dropped)."""
    return re.sub(r"__.*$", "", page.split("/", 1)[1] if "/" in page else page)


def kind_of(page):
    prefix = page.split("/", 1)[0]
    return dict(KINDS).get(prefix)


def rel(path):
    return os.path.relpath(path, ROOT) if path.startswith(ROOT + os.sep) else path


def summary(points, n_runs):
    """The Markdown summary: one row per module (rtl/ first), then the unreached cover points."""
    per = collections.defaultdict(lambda: collections.defaultdict(lambda: [0, 0]))
    files = {}
    unreached = []
    for (path, line, _col, page, name), count in points.items():
        kind = kind_of(page)
        if kind is None:
            continue
        mod = module_of(page)
        files.setdefault(mod, rel(path))
        cell = per[mod][kind]
        cell[1] += 1
        if count > 0:
            cell[0] += 1
        if kind == "cover" and count == 0 and rel(path).startswith("rtl" + os.sep):
            unreached.append(f"{rel(path)}:{line}: {mod}: {name}")

    def pct(cell):
        hit, total = cell
        return f"{hit}/{total} ({100.0 * hit / total:.1f} %)" if total else "-"

    out = [f"Coverage of {n_runs} Verilator run(s), merged; a point counts once across instances.",
           "", "| module | file | line | branch | toggle | cover |", "|---|---|---|---|---|---|"]
    order = sorted(per, key=lambda m: (not files[m].startswith("rtl" + os.sep), files[m], m))
    totals = collections.defaultdict(lambda: [0, 0])
    for mod in order:
        out.append(f"| {mod} | {files[mod]} | " +
                   " | ".join(pct(per[mod][k]) for _p, k in KINDS) + " |")
        if files[mod].startswith("rtl" + os.sep):
            for _p, k in KINDS:
                totals[k][0] += per[mod][k][0]
                totals[k][1] += per[mod][k][1]
    out.append("| **rtl/ total** | | " + " | ".join(pct(totals[k]) for _p, k in KINDS) + " |")
    out.append("")
    if unreached:
        out.append(f"Cover points of rtl/ that no run reached ({len(unreached)}):")
        out.extend("- " + u for u in sorted(unreached))
    elif totals["cover"][1]:
        out.append(f"Every cover point of rtl/ ({totals['cover'][1]}) was reached.")
    else:
        out.append("No cover point of rtl/ was elaborated in these runs.")
    return "\n".join(out) + "\n", totals


def run(cmd, log):
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log.write("$ " + " ".join(cmd) + "\n" + res.stdout)
    if res.returncode != 0:
        sys.exit(f"mxb_coverage: {cmd[0]} failed ({res.returncode}); see {log.name}\n" +
                 res.stdout[-2000:])


def report(outdir, dats):
    present = [d for d in dats if os.path.isfile(d)]
    for d in dats:
        if d not in present:
            print(f"mxb_coverage: no {d} (skipped)", file=sys.stderr)
    if not present:
        sys.exit("mxb_coverage: no coverage data to merge")
    os.makedirs(outdir, exist_ok=True)
    merged = os.path.join(outdir, "coverage.dat")
    info = os.path.join(outdir, "coverage.info")
    html = os.path.join(outdir, "html")
    shutil.rmtree(html, ignore_errors=True)
    # a list file would be kinder to long command lines; a few hundred paths fit in ARG_MAX
    with open(os.path.join(outdir, "merge.log"), "w") as log:
        tmp = merged + ".tmp"
        run(["verilator_coverage", "--write", tmp] + present, log)
        os.replace(tmp, merged)
        run(["verilator_coverage", "--write-info", info, merged], log)
        with open(info) as f:
            has_records = any(line.startswith("SF:") for line in f)
        if has_records:   # (genhtml refuses a tracefile without records: runs of no rtl/)
            run(["genhtml", "--quiet", "--branch-coverage", "--legend", "--title",
                 "mxbar regression", "--output-directory", html, info], log)
    text, totals = summary(read_points(merged), len(present))
    with open(os.path.join(outdir, "summary.md"), "w") as f:
        f.write(text)
    sys.stdout.write(text)
    cov = totals["cover"]
    print(f"COVERAGE runs={len(present)} cover={cov[0]}/{cov[1]} "
          f"line={totals['line'][0]}/{totals['line'][1]} "
          f"toggle={totals['toggle'][0]}/{totals['toggle'][1]} " +
          (f"html={html}/index.html" if has_records else "html=none (no point of rtl/)"))


def write_junit(path, failure, note, seconds):
    """One testcase coverage/report (as tests/run_tests.sh records it) for mxb_junit_merge.py."""
    from xml.etree import ElementTree as ET
    suites = ET.Element("testsuites", name="mxbar", tests="1", failures=str(int(bool(failure))))
    suite = ET.SubElement(suites, "testsuite", name="coverage", tests="1",
                          failures=str(int(bool(failure))), errors="0", skipped="0",
                          time=f"{seconds:.3f}")
    case = ET.SubElement(suite, "testcase", classname="mxbar.coverage", name="report",
                         time=f"{seconds:.3f}")
    if failure:
        ET.SubElement(case, "failure", message=failure).text = note
    ET.ElementTree(suites).write(path, encoding="UTF-8", xml_declaration=True)


def main(argv):
    junit = None
    if len(argv) >= 2 and argv[0] == "--junit":
        junit, argv = argv[1], argv[2:]
    if junit:
        # the gathering job of tests/tools/mxb_slurm.sh regress: its verdict as a testcase,
        # none when no shard left coverage data (a regression without Verilator runs)
        if not any(os.path.isfile(d) for d in argv[1:]):
            return 1
        t0 = time.time()
        try:
            report(argv[0], argv[1:])
            write_junit(junit, None, "", time.time() - t0)
            return 0
        except SystemExit as e:
            write_junit(junit, "mxb_coverage.py failed", str(e.code), time.time() - t0)
            raise
    if len(argv) == 3 and argv[0] == "--same":
        a, b = read_points(argv[1]), read_points(argv[2])
        if a == b and a:
            print(f"same {len(a)} points with the same counts")
            return 0
        diff = sorted(set(a) ^ set(b)) + sorted(k for k in set(a) & set(b) if a[k] != b[k])
        print(f"differ: {len(a)} vs {len(b)} points, {len(diff)} differences, first: "
              f"{diff[:3]}")
        return 1
    if len(argv) < 2 or argv[0].startswith("-"):
        sys.stderr.write(__doc__)
        return 2
    report(argv[0], argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
