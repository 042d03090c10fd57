#!/usr/bin/env bash
# Installs the LiteLLM proxy from PyPI into .venv-litellm (gitignored) for the proxy-mode tests and
# for running LiteLLM locally: `bash scripts/install-litellm.sh`, then `.venv-litellm/bin/litellm`.
# One exact version, at or above 1.83.7 (1.82.7 and 1.82.8 were malicious; 1.107.0 is reported
# compromised). Newer releases' `[proxy]` extra needs a `litellm-proxy` package that is not
# installable here, so the pin stays on the last release without it until that changes.
#
# `litellm[proxy]` pulls in `litellm-enterprise`, whose licence is proprietary
# (LicenseRef-Proprietary). The open-source proxy runs without it (LiteLLM imports it only for
# enterprise features, guarded), so it is removed straight after the install, and
# scripts/check-python-licenses.py fails the CI run if it (or any other non-free package) is back.
set -euo pipefail
cd "$(dirname "$0")/.."
LITELLM_VERSION=1.106.12
VENV=.venv-litellm
PROPRIETARY=(litellm-enterprise)
if [ -x "$VENV/bin/litellm" ] &&
  [ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("litellm"))' 2>/dev/null)" = "$LITELLM_VERSION" ]; then
  "$VENV/bin/pip" uninstall --quiet --yes "${PROPRIETARY[@]}" 2>/dev/null || true
  echo "LiteLLM $LITELLM_VERSION is already in $VENV"
  exit 0
fi
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "litellm[proxy]==$LITELLM_VERSION"
"$VENV/bin/pip" uninstall --quiet --yes "${PROPRIETARY[@]}"
echo "installed LiteLLM $("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("litellm"))') in $VENV (without ${PROPRIETARY[*]})"
