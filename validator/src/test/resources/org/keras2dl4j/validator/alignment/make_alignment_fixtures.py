#!/usr/bin/env python3
"""Writes the real Keras models and summaries the alignment tests read (see README.md here).

    PY=$(bash fixtures/python/ensure-venv.sh | tail -n1)
    $PY validator/src/test/resources/org/keras2dl4j/validator/alignment/make_alignment_fixtures.py

Runs Keras 2 (tf_keras) and Keras 3 each in its own subprocess (fixture_lib.import_keras) and
writes, into keras2/ and keras3/ beside this script, for each model NAME:

  NAME.json                    model.to_json()
  NAME.summary.txt             model.summary() as Keras printed it (fixture_lib.FIXTURE_ENV)
  NAME.expanded.summary.txt    model.summary(expand_nested=True)

Models (no weights are needed: the tests compare shapes and counts):
  nested_demo   a functional model holding a Sequential block (Conv2D, BatchNormalization,
                Activation) and a functional sub-model (its own InputLayer, two Dense), with a
                first layer named long enough for Keras 3 to cut it with "…"
  deep_nested   a Sequential block inside a Sequential block inside a functional model, beside a
                skip connection
  convnext_tiny keras.applications.ConvNeXtTiny(weights=None), Keras 3 only, no expanded summary:
                nested Sequential rows and many names cut with "…"
"""
import io
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[7]
sys.path.insert(0, str(REPO / "fixtures" / "python"))
sys.dont_write_bytecode = True
import fixture_lib  # noqa: E402


def nested_demo(keras, layers):
    block = keras.Sequential([layers.Conv2D(8, 3, padding="same", name="block_conv"),
                              layers.BatchNormalization(name="block_bn"),
                              layers.Activation("relu", name="block_relu")], name="conv_block")
    head_in = keras.Input(shape=(8,), name="head_in")
    h = layers.Dense(16, activation="relu", name="head_dense_1")(head_in)
    h = layers.Dense(4, activation="softmax", name="head_dense_2")(h)
    head = keras.Model(head_in, h, name="classifier_head")
    inp = keras.Input(shape=(16, 16, 3), name="image")
    x = layers.Conv2D(4, 3, name="a_rather_long_first_convolution_layer_name")(inp)
    x = block(x)
    x = layers.MaxPooling2D(name="pool")(x)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    return keras.Model(inp, head(x), name="nested_demo")


def deep_nested(keras, layers):
    inner = keras.Sequential([layers.Dense(6, name="inner_dense"), layers.Activation("relu", name="inner_relu")],
                             name="inner_block")
    outer = keras.Sequential([layers.Dense(5, name="outer_dense"), inner, layers.Dense(3, name="outer_out")],
                             name="outer_block")
    inp = keras.Input(shape=(4,), name="x")
    a = layers.Dense(5, name="pre")(inp)
    y = layers.Add(name="sum")([outer(a), layers.Dense(3, name="skip")(a)])
    return keras.Model(inp, y, name="deep_nested")


def summary(model, **kwargs):
    buf = io.StringIO()
    model.summary(print_fn=lambda line, **_: buf.write(line + "\n"), **kwargs)
    return buf.getvalue()


def write(major):
    fixture_lib.import_keras(major)
    if major == 2:
        import tf_keras as keras
        from tf_keras import layers
    else:
        import keras
        from keras import layers
    out = HERE / f"keras{major}"
    out.mkdir(exist_ok=True)
    models = [nested_demo(keras, layers), deep_nested(keras, layers)]
    for model in models:
        (out / f"{model.name}.json").write_text(model.to_json())
        (out / f"{model.name}.summary.txt").write_text(summary(model))
        (out / f"{model.name}.expanded.summary.txt").write_text(summary(model, expand_nested=True))
    if major == 3:
        model = keras.applications.ConvNeXtTiny(weights=None)
        (out / "convnext_tiny.json").write_text(model.to_json())
        (out / "convnext_tiny.summary.txt").write_text(summary(model))


if __name__ == "__main__":
    if len(sys.argv) == 2:
        write(int(sys.argv[1]))
    else:
        env = fixture_lib.configure_environment(dict(os.environ))
        for major in (2, 3):
            subprocess.run([sys.executable, __file__, str(major)], check=True, env=env)
