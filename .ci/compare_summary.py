"""Compare the toolkit's summary JSON of a converted model with Keras's own summary JSON.

Usage: python compare_summary.py TOOLKIT.json KERAS.json
Layers are matched by position; names may differ (the toolkit keeps the file's names, which are the
ones Keras wrote, so here they must be equal too). Exits 1 naming every difference.
"""
import json
import sys


def shape(dims):
    # Keras writes an InputLayer's output shape as a list of one shape in some versions.
    return dims[0] if dims and isinstance(dims[0], list) else dims


def main():
    ours = json.load(open(sys.argv[1]))
    keras = json.load(open(sys.argv[2]))
    problems = []
    if len(ours["layers"]) != len(keras["layers"]):
        problems.append(f"layer count: keras {len(keras['layers'])}, toolkit {len(ours['layers'])}")
    for i, (k, o) in enumerate(zip(keras["layers"], ours["layers"])):
        for field, a, b in (("name", k["name"], o["name"]), ("class", k["class_name"], o["class_name"]),
                            ("output shape", shape(k["output_shape"]), shape(o["output_shape"])),
                            ("params", k["params"], o["params"])):
            if a != b:
                problems.append(f"layer {i + 1} '{k['name']}': {field}: keras {a}, toolkit {b}")
    for total in ("total_params", "trainable_params", "non_trainable_params"):
        if keras[total] != ours[total]:
            problems.append(f"{total}: keras {keras[total]}, toolkit {ours[total]}")
    for p in problems:
        print("MISMATCH " + p)
    if problems:
        return 1
    print(f"ok: {len(ours['layers'])} layers, {ours['total_params']:,} params match Keras's summary")
    return 0


if __name__ == "__main__":
    sys.exit(main())
