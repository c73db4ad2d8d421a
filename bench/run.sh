#!/usr/bin/env bash
# Builds the bench module and runs the benchmark of docs/performance.md: keras2dl4j against plain
# DL4J and Keras on TensorFlow CPU, on the page's AlexNet, each task in fresh processes.
#
#   bench/run.sh [--repeats N] [--doc docs/performance.md] [--wait-quiet 0.5] [...]
#
# Writes the page's AlexNet to target/bench/alexnet.h5 if missing. Unless BENCH_NO_KERAS=1, it also
# makes the fixtures' virtualenv (fixtures/python/ensure-venv.sh), saves a real-Keras AlexNet to
# target/bench/keras2 (outputs are verified against its predictions) and measures Keras with it.
# Other options are the Benchmark's (docs/performance.md); a bad option prints them all. Exit status 0
# when every target of issue 6 is met, 1 when one is not.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mkdir -p target/bench
echo "bench: building (log in target/bench/build.log)" >&2
if ! mvn -B -q -DskipTests -pl bench -am package >target/bench/build.log 2>&1; then
    echo "bench: the build failed; see target/bench/build.log" >&2
    exit 70
fi

keras=()
if [ "${BENCH_NO_KERAS:-0}" != 1 ]; then
    py="$(bash fixtures/python/ensure-venv.sh | tail -1)"
    if [ ! -f target/bench/keras2/alexnet.predictions.npy ]; then
        echo "bench: saving the real-Keras AlexNet to target/bench/keras2" >&2
        "$py" fixtures/python/save_full_alexnet.py --keras 2 --out target/bench/keras2 >target/bench/keras2.log 2>&1 \
            || { echo "bench: save_full_alexnet.py failed; see target/bench/keras2.log" >&2; exit 70; }
    fi
    keras=(--python "$py" --keras-saved target/bench/keras2)
fi

exec java -Xmx512m -Dbench.command="bench/run.sh $*" -jar bench/target/keras2dl4j-bench.jar \
    --root "$root" "${keras[@]}" "$@"
