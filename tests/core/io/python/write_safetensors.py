"""Writes a safetensors file with the reference `safetensors.torch.save_file`, plus the
expected content for the C++ reader to compare against.

Usage: write_safetensors.py OUT_SAFETENSORS MANIFEST_JSON EXPECTED_BIN
Manifest: {"metadata": {...}, "tensors": [{"name", "dtype" (safetensors name), "shape",
"offset", "bytes"}]}, the bytes of each tensor (little-endian, C order) in EXPECTED_BIN.
"""
import json
import sys

import torch
from safetensors.torch import save_file

NAMES = {
    torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8",
    torch.uint8: "U8", torch.bool: "BOOL",
}


def main():
    out_path, manifest_path, bin_path = sys.argv[1:4]
    g = torch.Generator().manual_seed(1234)
    tensors = {
        "encoder.blocks.0.attn.qkv.weight": torch.randn(6, 4, generator=g),
        "f64": torch.randn(5, dtype=torch.float64, generator=g),
        "f16": torch.randn(2, 3, generator=g).half(),
        "bf16": torch.randn(4, 1, 2, generator=g).bfloat16(),
        "i64": torch.randint(-10**12, 10**12, (6,), generator=g),
        "i32": torch.randint(-10**6, 10**6, (3, 2), generator=g, dtype=torch.int32),
        "i16": torch.randint(-1000, 1000, (4,), generator=g, dtype=torch.int16),
        "i8": torch.randint(-100, 100, (5,), generator=g, dtype=torch.int8),
        "u8": torch.randint(0, 255, (7,), generator=g, dtype=torch.uint8),
        "bool": torch.rand(9, generator=g) > 0.5,
        "scalar": torch.tensor(1.5),
        "empty": torch.zeros(0, 3),
    }
    metadata = {"format": "pt", "writer": "python safetensors"}
    save_file(tensors, out_path, metadata=metadata)

    entries = []
    blob = bytearray()
    for name, t in sorted(tensors.items()):
        data = bytes(t.contiguous().clone().untyped_storage())
        entries.append({"name": name, "dtype": NAMES[t.dtype], "shape": list(t.shape),
                        "offset": len(blob), "bytes": len(data)})
        blob += data
    with open(manifest_path, "w") as f:
        json.dump({"metadata": metadata, "tensors": entries}, f)
    with open(bin_path, "wb") as f:
        f.write(blob)
    print("OK", len(entries))


if __name__ == "__main__":
    main()
