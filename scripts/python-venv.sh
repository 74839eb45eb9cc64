#!/usr/bin/env bash
# Creates .build/venv (if missing) and installs Tests/requirements.txt into it.
# Used by the JOSE/PyJWT interop tests and jose-bench; the tests skip when the venv is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/venv
python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
    mkdir -p .build
    "$python" -m venv "$venv"
fi
stamp="$venv/.requirements.sha256"
wanted="$(sha256sum Tests/requirements.txt | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r Tests/requirements.txt
    echo "$wanted" > "$stamp"
fi
"$venv/bin/python" -c 'import jwt, cryptography, pyotp, selenium; print("venv ready: PyJWT", jwt.__version__, "pyotp, selenium", selenium.__version__)'
