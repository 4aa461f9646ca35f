"""``python -m benchmarks [NAME ...]``: run every benchmark module (or the ones named)."""
import importlib
import pkgutil
import sys

import benchmarks


def main(names):
    available = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__)
                       if not m.name.startswith("_"))
    for name in names or available:
        if name not in available:
            sys.exit("no benchmark %r (have: %s)" % (name, ", ".join(available)))
        print("== %s" % name, flush=True)
        importlib.import_module("benchmarks." + name).run()


if __name__ == "__main__":
    main(sys.argv[1:])
