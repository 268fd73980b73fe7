"""Checks a UAE Studio export folder with the Python `safetensors` package and PyTorch.

Usage: check_export.py EXPORT_DIR MANIFEST_JSON EXPECTED_BIN

The C++ test writes, next to the export, a manifest of every tensor it exported (name,
torch dtype, shape) and the expected bytes of each; for converted floating tensors also
the original values, which this script converts with PyTorch itself. Prints "OK <n>" and
exits 0 when everything matches; prints each mismatch and exits 1 otherwise.
"""
import json
import os
import re
import sys

import torch
from safetensors import safe_open
from safetensors.torch import load_file


def tensor_from(blob, entry, dtype):
    data = blob[entry["offset"]:entry["offset"] + entry["bytes"]]
    if len(data) == 0:
        return torch.empty(entry["shape"], dtype=dtype)
    return torch.frombuffer(bytearray(data), dtype=dtype).reshape(entry["shape"])


def raw(t):
    return bytes(t.contiguous().clone().untyped_storage())


def main():
    export_dir, manifest_path, bin_path = sys.argv[1:4]
    with open(manifest_path) as f:
        manifest = json.load(f)
    with open(bin_path, "rb") as f:
        blob = f.read()
    model_path = os.path.join(export_dir, "model.safetensors")
    errors = []

    tensors = load_file(model_path)
    expected_names = {e["name"] for e in manifest["tensors"]}
    if set(tensors) != expected_names:
        errors.append(f"names differ: only in file {sorted(set(tensors) - expected_names)}, "
                      f"only expected {sorted(expected_names - set(tensors))}")
    for e in manifest["tensors"]:
        t = tensors.get(e["name"])
        if t is None:
            continue
        dtype = getattr(torch, e["dtype"])
        if t.dtype != dtype:
            errors.append(f"{e['name']}: dtype {t.dtype}, expected {dtype}")
            continue
        if list(t.shape) != e["shape"]:
            errors.append(f"{e['name']}: shape {list(t.shape)}, expected {e['shape']}")
            continue
        if raw(t) != raw(tensor_from(blob, e, dtype)):
            errors.append(f"{e['name']}: values differ from the C++ side")
        if "source" in e:  # the float32 original: PyTorch's own conversion must give the same bits
            src = tensor_from(blob, e["source"], getattr(torch, e["source"]["dtype"]))
            if raw(src.to(dtype)) != raw(t):
                errors.append(f"{e['name']}: not the PyTorch conversion of its float32 original")

    with safe_open(model_path, framework="pt") as f:
        metadata = f.metadata() or {}
        if sorted(f.keys()) != sorted(expected_names):
            errors.append("safe_open lists other keys than load_file")
    for key, value in manifest["metadata"].items():
        if metadata.get(key) != value:
            errors.append(f"metadata {key!r}: {metadata.get(key)!r}, expected {value!r}")

    with open(os.path.join(export_dir, "config.json")) as f:
        if json.load(f) != manifest["config"]:
            errors.append("config.json differs")
    with open(os.path.join(export_dir, "tokenizer.json")) as f:
        if f.read() != manifest["tokenizer"]:
            errors.append("tokenizer.json differs")

    # The model card's Python snippet must run as written, from the export folder.
    with open(os.path.join(export_dir, "README.md")) as f:
        card = f.read()
    snippet = re.search(r"```python\n(.*?)```", card, re.S)
    if snippet is None:
        errors.append("README.md has no Python snippet")
    else:
        cwd = os.getcwd()
        os.chdir(export_dir)
        try:
            scope = {}
            exec(snippet.group(1), scope)
            if not scope.get("state"):
                errors.append("the README snippet gives an empty state dict")
        except Exception as ex:  # noqa: BLE001 - reported as a test failure
            errors.append(f"the README snippet fails: {ex!r}")
        finally:
            os.chdir(cwd)

    for err in errors:
        print("MISMATCH", err)
    if errors:
        sys.exit(1)
    print("OK", len(tensors))


if __name__ == "__main__":
    main()
