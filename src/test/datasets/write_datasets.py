#!/usr/bin/env python3
"""Write scikit-learn's two bundled real data sets as CSV for lrsweep's tests and checks.

  diabetes.csv  442 rows: age, sex, bmi, bp, s1 … s6 in their original units (load_diabetes(scaled=False)),
                and label, the disease progression one year later (25 … 346). Linear regression.
  digits.csv    1797 rows: p0 … p63, the 8×8 pixel intensities 0 … 16, and label, the digit 0 … 9.
                Softmax regression (10 classes).

The files are committed; nothing in the build runs Python. Regenerate them (Debian's python3-sklearn) with:

    /usr/bin/python3 src/test/datasets/write_datasets.py src/test/resources/datasets
"""

import csv
import os
import sys

from sklearn.datasets import load_diabetes, load_digits


def write(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def number(v):
    f = float(v)
    return str(int(f)) if f.is_integer() else repr(f)


def main(out):
    os.makedirs(out, exist_ok=True)
    diabetes = load_diabetes(scaled=False)
    write(os.path.join(out, "diabetes.csv"), list(diabetes.feature_names) + ["label"],
          [[number(v) for v in x] + [number(y)] for x, y in zip(diabetes.data, diabetes.target)])
    digits = load_digits()
    write(os.path.join(out, "digits.csv"), ["p%d" % j for j in range(64)] + ["label"],
          [[number(v) for v in x] + [str(int(y))] for x, y in zip(digits.data, digits.target)])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/datasets")
