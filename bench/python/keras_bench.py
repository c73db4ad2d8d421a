#!/usr/bin/env python3
"""Keras on TensorFlow CPU, timed the way bench's Java probes time DL4J; one JSON line on stdout.

    keras_bench.py --model alexnet.h5 --shape 224,224,3 --warmup 3 --n1 20 --n16 5 --threads 2
    keras_bench.py --model ResNet50.h5 --input ResNet50.input.npy --expected ResNet50.h5.predictions.npy

Any single-input Keras 2 full-model .h5 (the page's AlexNet, the Keras Applications that
fixtures/python/applications.py saves); --shape defaults to the model's own input shape.
Runs in the fixtures' virtualenv (fixtures/python/ensure-venv.sh): Keras 2 through tf_keras. TF's
intra- and inter-op thread pools are set to --threads (ND4J's OMP thread count) before any op
runs; OMP_NUM_THREADS is the caller's to set. Reports the time of `import tensorflow`, of
load_model (compile=False), the times of each forward pass at batch 1 and 16 after the warm-up,
for two ways of calling the model (predict_on_batch, Keras's compiled predict step; and the
model's eager __call__ with training=False), and peak resident memory (ru_maxrss). With --input
and --expected, after the timed passes, also the largest |difference| between predict_on_batch on
that input and the expected predictions (that the loaded file is the model that made them).
"""

import argparse
import json
import os
import resource
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def passes(call, x, n):
    times = []
    for _ in range(n):
        start = time.perf_counter()
        y = call(x)
        _ = y.numpy() if hasattr(y, "numpy") else y  # the result is on the host before the clock stops
        times.append(time.perf_counter() - start)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--shape", help="H,W,C of one input [the model's input shape]")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--n1", type=int, default=20)
    parser.add_argument("--n16", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--input", help=".npy batch to check the predictions on (with --expected)")
    parser.add_argument("--expected", help=".npy of the predictions expected for --input")
    args = parser.parse_args()

    start = time.perf_counter()
    import numpy as np
    import tensorflow as tf
    import tf_keras as keras
    import_s = time.perf_counter() - start

    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(args.threads)

    start = time.perf_counter()
    model = keras.models.load_model(args.model, compile=False)
    load_s = time.perf_counter() - start

    if args.shape:
        sample = tuple(int(d) for d in args.shape.split(","))
    else:
        sample = tuple(model.input_shape[1:])
        if None in sample:
            parser.error("the model leaves its input shape open %s: give --shape" % (model.input_shape,))
    rng = np.random.default_rng(1234)
    x1 = rng.random((1,) + sample, dtype=np.float32)
    x16 = rng.random((16,) + sample, dtype=np.float32)

    result = {"import_s": import_s, "load_s": load_s, "params": int(model.count_params()), "model": model.name,
              "shape": list(sample)}
    calls = {
        "predict_on_batch": model.predict_on_batch,
        "call": lambda x: model(x, training=False),
    }
    for name, call in calls.items():
        for _ in range(args.warmup):
            passes(call, x1, 1)
            passes(call, x16, 1)
        result[name] = {"b1_s": passes(call, x1, args.n1), "b16_s": passes(call, x16, args.n16)}

    if args.input and args.expected:
        x = np.load(args.input)
        expected = np.load(args.expected)
        y = np.asarray(model.predict_on_batch(x))
        result["max_abs_diff_expected"] = (float(np.max(np.abs(y.astype(np.float64) - expected)))
                                           if y.shape == expected.shape else None)

    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["peak_rss"] = usage.ru_maxrss * 1024
    result["cpu_s"] = usage.ru_utime + usage.ru_stime
    result["versions"] = {
        "python": sys.version.split()[0],
        "tensorflow": tf.__version__,
        "tf_keras": keras.__version__,
        "numpy": np.__version__,
        "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default (on)"),
        "intra_op_threads": tf.config.threading.get_intra_op_parallelism_threads(),
        "inter_op_threads": tf.config.threading.get_inter_op_parallelism_threads(),
    }
    print("@@bench " + json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
