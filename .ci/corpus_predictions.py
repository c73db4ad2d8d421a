#!/usr/bin/env python3
"""Keras's own predictions for the real-Keras corpus, for the CI's real-Keras stage.

    python corpus_predictions.py --keras 2|3 --corpus DIR --out DIR

For every model file in the corpus MANIFEST.tsv that belongs to this Keras (--keras 2: files saved
by Keras 1 and 2, loaded with tf_keras 2.19; --keras 3: Keras 3 files, loaded with Keras 3.15), loads
it with real Keras (a model JSON with its weights file, paired as the Java corpus test pairs them),
draws a seeded input (batch 2, open dimensions 8; uniform [0, 1) floats, or token ids below
input_dim for Embedding inputs), runs predict and writes N.input.npy / N.predictions.npy to DIR.
Prints one tab-separated line per file on stdout:

    ok      MODEL  WEIGHTS-or--  INPUT.npy  PREDICTIONS.npy
    skip    MODEL  -             reason Keras cannot load it

Only single-input, single-output models are verified (the toolkit's verify takes one --input per
input; the corpus has no other kind today).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fixtures" / "python"))
import fixture_lib  # noqa: E402

SEED = 20240612


def keras_major(description):
    if description.startswith(".keras"):
        return 3
    if "keras_version=3" in description:
        return 3
    return 2


def models(corpus):
    rows = [line.split("\t") for line in (corpus / "MANIFEST.tsv").read_text().splitlines()[1:]]
    weights_only = [r[0] for r in rows if len(r) > 5 and r[5].startswith("weights-only")]
    for r in rows:
        if len(r) > 5 and r[5].startswith(("full model", "model JSON", ".keras")):
            yield r[0], r[5], weights_for(corpus, r[0], weights_only)


def weights_for(corpus, model, weights_only):
    if not model.endswith(".json"):
        return None
    folder, _, name = model.rpartition("/")
    folder = folder + "/" if folder else ""
    stem = name[: -len(".json")]
    names = [stem + "_weights.h5"]
    for suffix in ("_config", "_arch"):
        if stem.endswith(suffix):
            names.append(stem[: -len(suffix)] + "_weights.h5")
    for candidate in names:
        if folder + candidate in weights_only:
            return folder + candidate
    for candidate in names:
        for w in weights_only:
            if w.endswith("/" + candidate):
                return w
    return folder + stem + ".h5" if (corpus / (folder + stem + ".h5")).is_file() else None


def load(keras, corpus, model, weights):
    path = corpus / model
    if model.endswith(".json"):
        if weights is None:
            raise RuntimeError("no weights in the corpus")
        m = keras.models.model_from_json(path.read_text())
        m.load_weights(str(corpus / weights))
        return m
    return keras.models.load_model(str(path), compile=False)


def seeded_input(np, model, shape, seed):
    shape = [2] + [8 if d is None else d for d in shape[1:]]
    first = model.layers[0] if model.layers else None
    embedding = next((l for l in model.layers if type(l).__name__ == "Embedding"), None)
    if embedding is not None and (first is embedding or type(first).__name__ == "InputLayer"):
        return np.random.default_rng(seed).integers(0, embedding.input_dim, shape).astype(np.float32)
    return fixture_lib.seeded_input(tuple(shape), seed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keras", type=int, choices=(2, 3), required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    keras = fixture_lib.import_keras(args.keras)
    import numpy as np

    args.out.mkdir(parents=True, exist_ok=True)
    for i, (model, description, weights) in enumerate(models(args.corpus)):
        if keras_major(description) != args.keras:
            continue
        try:
            m = load(keras, args.corpus, model, weights)
            if len(m.inputs) != 1 or len(m.outputs) != 1:
                raise RuntimeError("%d inputs, %d outputs" % (len(m.inputs), len(m.outputs)))
            x = seeded_input(np, m, list(m.inputs[0].shape), SEED + i)
            y = m.predict(x, verbose=0)
        except Exception as e:  # any failure is the answer: Keras cannot run this file here
            reason = ("%s: %s" % (type(e).__name__, e)).replace("\t", " ").replace("\n", " ")[:200]
            print("skip\t%s\t-\t%s" % (model, reason), flush=True)
            continue
        base = args.out / model.replace("/", "__")
        np.save(str(base) + ".input.npy", x)
        np.save(str(base) + ".predictions.npy", np.asarray(y, dtype=np.float32))
        print("ok\t%s\t%s\t%s.input.npy\t%s.predictions.npy" % (model, weights or "-", base, base), flush=True)


if __name__ == "__main__":
    main()
