#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image; the autograder zip
# (made by `grade gradescope-bundle`) is unpacked in /autograder/source.  It installs the grader
# from that source, with its dependencies (TensorFlow, NumPy, pandas, click, nbformat), into a
# virtual environment that run_autograder uses.  Choose an Ubuntu 22.04 (or newer) base image:
# the grader needs Python 3.10 or newer.
set -euo pipefail

ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"

if ! command -v python3 >/dev/null 2>&1 || ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 python3-venv python3-pip
fi

python3 -m venv "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install --quiet --upgrade pip
# Editable: the grader finds the reference solutions in $SOURCE/solutions, beside its package.
"$ROOT/venv/bin/python" -m pip install --quiet --editable "$SOURCE"
chmod +x "$SOURCE/run_autograder"
"$ROOT/venv/bin/grade" --version
