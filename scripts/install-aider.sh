#!/usr/bin/env bash
# Installs aider from PyPI into .venv-aider (gitignored) for the @tools/aider test that runs the
# real aider against the LiteLLM test proxy. One exact version, so CI is repeatable.
set -euo pipefail
cd "$(dirname "$0")/.."
AIDER_VERSION=0.86.2
VENV=.venv-aider
if [ -x "$VENV/bin/aider" ] &&
  [ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("aider-chat"))' 2>/dev/null)" = "$AIDER_VERSION" ]; then
  echo "aider $AIDER_VERSION is already in $VENV"
  exit 0
fi
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "aider-chat==$AIDER_VERSION"
echo "installed aider $("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("aider-chat"))') in $VENV"
