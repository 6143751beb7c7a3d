"""pytest set-up for python/mxbar: the package from this checkout (python/), libmxb from
$MXB_LIB or the checkout's build/rel (make lib)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "python"))
