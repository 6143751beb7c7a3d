#!/usr/bin/env python3
"""Characterise a device model from its card: a quasi-static triangular I-V sweep
(0 -> +v_max -> -v_max -> 0), each point held dt seconds, written as a table and, when
matplotlib is there, plotted.

    PYTHONPATH=<checkout>/python python3 sweep_device.py threshold_memristor.json \
        --vmax 1.5 --points 121 --dt 1e-7 --out sweep.csv [--png sweep.png] [-o key=value,...]
"""
import argparse
import sys

import numpy as np

import mxbar


def triangle(vmax, points):
    q = max(2, points // 4)
    return np.concatenate([np.linspace(0, vmax, q, endpoint=False),
                           np.linspace(vmax, -vmax, 2 * q, endpoint=False),
                           np.linspace(-vmax, 0, q + 1)])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("card", help="a device card (looked up like $mxb_open's)")
    ap.add_argument("-o", "--overrides", default="", help="key=value,... on the card")
    ap.add_argument("--vmax", type=float, default=1.5, help="sweep amplitude (V)")
    ap.add_argument("--points", type=int, default=121)
    ap.add_argument("--dt", type=float, default=1e-7, help="time per point (s)")
    ap.add_argument("--out", default="sweep.csv")
    ap.add_argument("--png", help="also plot to this file (needs matplotlib)")
    args = ap.parse_args(argv)
    try:
        dev = mxbar.Device.load(args.card, args.overrides)
    except mxbar.MxbError as e:
        sys.exit("sweep_device: %s" % e)
    v = triangle(args.vmax, args.points)
    i, states = dev.sweep(v, args.dt)
    names = [s["name"] for s in dev.info["states"]]
    np.savetxt(args.out, np.column_stack([v, i, states]), delimiter=",",
               header=",".join(["v_V", "i_A"] + names), comments="")
    print("%s (%s): %d points, |I| up to %.3g A -> %s"
          % (dev.origin, dev.class_name, len(v), np.abs(i).max(), args.out))
    if args.png:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots()
        ax.semilogy(v, np.abs(i) + 1e-15)
        ax.set_xlabel("V (V)")
        ax.set_ylabel("|I| (A)")
        ax.set_title("%s, %g s per point" % (dev.class_name, args.dt))
        fig.savefig(args.png, dpi=100)
    return 0


if __name__ == "__main__":
    sys.exit(main())
