#!/usr/bin/env bash
# Builds the bench module and runs the benchmark of docs/performance.md: keras2dl4j against plain
# DL4J and Keras on TensorFlow CPU, on the page's AlexNet, and inference on the Keras Applications
# ResNet50 and MobileNetV2 against Keras and DL4J's forward pass; each task in fresh processes.
#
#   bench/run.sh [--models alexnet,resnet50,mobilenetv2] [--repeats N] [--doc docs/performance.md]
#                [--wait-quiet 0.5] [...]
#
# --models picks the model sets (default all three). For alexnet, writes the page's AlexNet to
# target/bench/alexnet.h5 if missing. Unless BENCH_NO_KERAS=1, it also makes the fixtures'
# virtualenv (fixtures/python/ensure-venv.sh), saves a real-Keras AlexNet to target/bench/keras2
# (outputs are verified against its predictions) and measures Keras with it. For resnet50 and
# mobilenetv2, writes both models with Keras 2 and 3 to target/bench/apps (or --apps DIR) with
# fixtures/python/applications.py if a file is missing (this needs the virtualenv even with
# BENCH_NO_KERAS=1, which then only leaves Keras's timings out).
# Other options are the Benchmark's (docs/performance.md); a bad option prints them all. Exit status 0
# when every target of issue 6 is met and every applications model ran on keras2dl4j's engine with
# Keras's outputs, 1 otherwise.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

models="alexnet,resnet50,mobilenetv2"
apps="target/bench/apps"
args=("$@")
for ((i = 0; i < ${#args[@]} - 1; i++)); do
    case "${args[i]}" in
        --models) models="${args[i + 1]}" ;;
        --apps) apps="${args[i + 1]}" ;;
    esac
done
models="$(echo "$models" | tr '[:upper:]' '[:lower:]')"
wants() { [[ ",$models," == *",$1,"* ]]; }

mkdir -p target/bench
echo "bench: building (log in target/bench/build.log)" >&2
if ! mvn -B -q -DskipTests -pl bench -am package >target/bench/build.log 2>&1; then
    echo "bench: the build failed; see target/bench/build.log" >&2
    exit 70
fi

py=""
venv() {
    if [ -z "$py" ]; then
        py="$(bash fixtures/python/ensure-venv.sh | tail -1)"
    fi
}

keras=()
if [ "${BENCH_NO_KERAS:-0}" != 1 ]; then
    venv
    if wants alexnet && [ ! -f target/bench/keras2/alexnet.predictions.npy ]; then
        echo "bench: saving the real-Keras AlexNet to target/bench/keras2" >&2
        "$py" fixtures/python/save_full_alexnet.py --keras 2 --out target/bench/keras2 >target/bench/keras2.log 2>&1 \
            || { echo "bench: save_full_alexnet.py failed; see target/bench/keras2.log" >&2; exit 70; }
    fi
    keras=(--python "$py")
    if wants alexnet; then
        keras+=(--keras-saved target/bench/keras2)
    fi
fi

if wants resnet50 || wants mobilenetv2; then
    missing=0
    for name in ResNet50 MobileNetV2; do
        for file in "$name.h5" "$name.input.npy" "$name.h5.predictions.npy"; do
            [ -f "$apps/keras2/$file" ] || missing=1
        done
    done
    [ -f "$apps/manifest.tsv" ] || missing=1
    if [ "$missing" = 1 ]; then
        # applications.py empties DIR/keras2 and DIR/keras3 first: always both models, so neither is lost.
        venv
        echo "bench: saving Keras's ResNet50 and MobileNetV2 to $apps (log in target/bench/apps.log)" >&2
        "$py" fixtures/python/applications.py --out "$apps" --models ResNet50,MobileNetV2 >target/bench/apps.log 2>&1 \
            || { echo "bench: applications.py failed; see target/bench/apps.log" >&2; exit 70; }
    fi
fi

exec java -Xmx512m -Dbench.command="bench/run.sh $*" -jar bench/target/keras2dl4j-bench.jar \
    --root "$root" "${keras[@]}" "$@"
