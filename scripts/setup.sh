# Shared set-up for scripts/run and scripts/test (sourced, not run).
# Creates .venv with kbgen installed in editable mode, and installs the theme's
# npm packages from the lock file: lunr.js for running (KBGEN_NPM_DEV=0), plus
# the browser-test tools (axe-core, the Nu HTML checker) for testing.
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
extras="${KBGEN_EXTRAS-test}"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras:+[$extras]}"
if [ "${KBGEN_NPM_DEV:-1}" = 1 ]; then
  npm_marker=theme/node_modules/vnu-jar/package.json
  npm_flags=()
else
  npm_marker=theme/node_modules/lunr/package.json
  npm_flags=(--omit=dev)
fi
if [ ! -f "$npm_marker" ] || [ theme/package-lock.json -nt "$npm_marker" ]; then
  npm ci --prefix theme --no-audit --no-fund --silent "${npm_flags[@]}"
fi
