# Shared set-up for scripts/run and scripts/test (sourced, not run).
# Creates .venv with kbgen installed in editable mode, and installs the theme's
# npm packages (lunr.js, and the test tools) from the lock file.
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[${KBGEN_EXTRAS:-test}]"
if [ ! -d theme/node_modules ] || [ theme/package-lock.json -nt theme/node_modules/.package-lock.json ]; then
  npm ci --prefix theme --no-audit --no-fund --silent
fi
