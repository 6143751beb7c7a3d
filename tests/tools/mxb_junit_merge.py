#!/usr/bin/env python3
"""Merge the JUnit XML files of regression shards into one (issue 21).

    mxb_junit_merge.py OUT.xml SHARD.xml...            merge; print "N passed, N failed";
                                                       exit 1 if a test failed or a shard
                                                       file is missing
    mxb_junit_merge.py --same A.xml B.xml              exit 0 if A and B hold the same
                                                       testcases with the same outcomes

Shards come from tests/run_tests.sh --shard K/N; their testsuites are named "<section> (shard
K/N)" and are merged back into one testsuite per section. A testcase that appears in two
shards is an error (the split must be a partition). Needs junitparser (make deps).
"""
import os
import re
import sys

from junitparser import Failure, JUnitXml, TestSuite


def cases(path):
    """{(section, name): failed} of one file."""
    out = {}
    for suite in JUnitXml.fromfile(path):
        section = re.sub(r" \(shard \d+/\d+\)$", "", suite.name)
        for case in suite:
            key = (section, case.name)
            if key in out:
                sys.exit(f"mxb_junit_merge: {path}: testcase {key} twice")
            out[key] = any(isinstance(r, Failure) for r in case.result)
    return out


def merge(out_path, paths):
    merged, seen, suites = JUnitXml("mxbar"), {}, {}
    missing = [p for p in paths if not os.path.isfile(p)]
    if missing:
        sys.exit("mxb_junit_merge: no results from " + ", ".join(missing) +
                 " (that shard did not run or crashed: see its log)")
    for path in paths:
        for suite in JUnitXml.fromfile(path):
            section = re.sub(r" \(shard \d+/\d+\)$", "", suite.name)
            if section not in suites:
                suites[section] = TestSuite(section)
            for case in suite:
                key = (section, case.name)
                if key in seen:
                    sys.exit(f"mxb_junit_merge: testcase {key} in {seen[key]} and {path}")
                seen[key] = path
                suites[section].add_testcase(case)
    for suite in suites.values():
        suite.update_statistics()
        merged.add_testsuite(suite)
    merged.update_statistics()
    merged.write(out_path)
    failed = sum(1 for s in suites.values() for c in s
                 if any(isinstance(r, Failure) for r in c.result))
    print(f"{len(paths)} files, {len(seen)} testcases")
    print(f"{len(seen) - failed} passed, {failed} failed")
    return 1 if failed or not seen else 0


def main(argv):
    if len(argv) == 4 and argv[1] == "--same":
        a, b = cases(argv[2]), cases(argv[3])
        if a == b:
            print(f"same {len(a)} testcases and outcomes")
            return 0
        for key in sorted(set(a) ^ set(b)):
            print(f"only in {'A' if key in a else 'B'}: {key}")
        for key in sorted(k for k in set(a) & set(b) if a[k] != b[k]):
            print(f"outcome differs: {key}")
        return 1
    if len(argv) < 3:
        sys.exit(__doc__)
    return merge(argv[1], argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
