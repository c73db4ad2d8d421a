#!/usr/bin/env bash
# Real Keras models against keras2dl4j: Keras Applications and small per-layer models, saved and
# predicted by real Keras 2 (tf_keras) and Keras 3, then converted and checked by the toolkit.
#
#   .ci/real_keras_models.sh PYTHON WORK_DIR
#
# PYTHON is the fixtures' venv python (bash fixtures/python/ensure-venv.sh | tail -n 1); WORK_DIR
# receives everything generated (several GB on days the rotation includes VGG16/VGG19; the caller
# deletes it). Steps:
#   1. fixtures/python/layer_models.py --check: the committed per-layer models still match what real
#      Keras writes today (and every committed file reloads with its Keras);
#   2. fixtures/python/applications.py --rotate $ROTATE: today's share of the 13 Keras Applications
#      (both Keras versions, every saved form) into WORK_DIR/applications;
#   3. fixtures/python/layer_models.py --channels-first-alexnet: the page's AlexNet channels_first
#      (238 MiB per file) into WORK_DIR/alexnet-channels-first;
#   4. for every line of the three manifests (the committed layers/manifest.tsv, and the two above):
#        ./keras2dl4j verify MODEL [-w WEIGHTS] --input X --expected Y --atol 1e-4
#        ./keras2dl4j validate MODEL [-w WEIGHTS] --summary S --input-shape <X's shape without the batch>
#      one line per model file: "ok", or what failed with the tool's last stderr line.
# Exit 1 at the end if any step or any file failed; every file is tried either way.
#
# Environment:
#   ROTATE=N        models per run from the 13 Applications (default 4: all 13 within 4 days);
#                   0 skips the Applications
#   MODELS=A,B      instead of the rotation, exactly these Applications (e.g. MODELS=MobileNet)
#   ALEXNET=0       skip the channels_first AlexNet
#   DRY_RUN=1       print the keras2dl4j commands instead of running them (Python still runs)
#   REUSE=1         keep what WORK_DIR already holds from an earlier run (skip regenerating a part
#                   whose manifest.tsv exists)
#   KERAS2DL4J=...  the tool's command line (default ./keras2dl4j), e.g. "java -jar cli/target/keras2dl4j-cli.jar"
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 PYTHON WORK_DIR" >&2
    exit 2
fi
python=$1
work=$2
# Both relative to the caller's directory.
case $python in */*) python="$(cd "$(dirname "$python")" && pwd)/$(basename "$python")" ;; esac
mkdir -p "$work"
work=$(cd "$work" && pwd)
cd "$(dirname "$0")/.."
root=$(pwd)
export TF_CPP_MIN_LOG_LEVEL=2 PYTHONUNBUFFERED=1

rotate=${ROTATE:-4}
dry_run=${DRY_RUN:-0}
reuse=${REUSE:-0}
read -r -a tool <<<"${KERAS2DL4J:-./keras2dl4j}"
layers_dir="$root/fixtures/src/main/resources/org/keras2dl4j/fixtures/layers"
apps_dir="$work/applications"
alexnet_dir="$work/alexnet-channels-first"
logs="$work/logs"
mkdir -p "$logs"

failed=0
checked=0
bad=0
note() { printf '\n--- %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }
# TensorFlow's C++ log noise that survives TF_CPP_MIN_LOG_LEVEL=2 (each line is harmless).
quiet() { grep --line-buffered -v -E 'use_unbounded_threadpool|^WARNING: All log messages|^[EWI]0000 |cuda_(dnn|fft|blas)|computation_placer|cuInit|cpu_feature_guard|rebuild TensorFlow' || true; }
# py ARGS...: the venv python, its stderr through quiet; the exit status is python's (pipefail).
py() { { "$python" "$@" 2>&1 1>&3 3>&- | quiet >&2; } 3>&1; }

# --- 1. the committed per-layer models against real Keras
note "committed per-layer models against real Keras (layer_models.py --check)"
if ! py fixtures/python/layer_models.py --check; then
    echo "FAILED: layer_models.py --check (the committed layers/ fixtures differ from real Keras)"
    failed=1
fi

# --- 2. Keras Applications
apps_manifest=""
if [ -n "${MODELS:-}" ] || [ "$rotate" != 0 ]; then
    if [ -n "${MODELS:-}" ]; then choice=(--models "$MODELS"); else choice=(--rotate "$rotate"); fi
    note "Keras Applications, Keras 2 and 3 (applications.py ${choice[*]})"
    if [ "$reuse" = 1 ] && [ -f "$apps_dir/manifest.tsv" ]; then
        echo "REUSE=1: keeping $apps_dir"
        apps_manifest="$apps_dir/manifest.tsv"
    elif py fixtures/python/applications.py --out "$apps_dir" "${choice[@]}"; then
        apps_manifest="$apps_dir/manifest.tsv"
    else
        echo "FAILED: applications.py"
        failed=1
    fi
fi

# --- 3. the page's AlexNet, channels_first
alexnet_manifest=""
if [ "${ALEXNET:-1}" != 0 ]; then
    note "page AlexNet, channels_first, Keras 2 and 3 (layer_models.py --channels-first-alexnet)"
    if [ "$reuse" = 1 ] && [ -f "$alexnet_dir/manifest.tsv" ]; then
        echo "REUSE=1: keeping $alexnet_dir"
        alexnet_manifest="$alexnet_dir/manifest.tsv"
    elif py fixtures/python/layer_models.py --channels-first-alexnet "$alexnet_dir"; then
        alexnet_manifest="$alexnet_dir/manifest.tsv"
    else
        echo "FAILED: layer_models.py --channels-first-alexnet"
        failed=1
    fi
fi

# --- 4. keras2dl4j on every saved model file
# run_tool LABEL LOG ARGS...: runs the tool (or prints it under DRY_RUN=1); returns its exit code
# and leaves its stdout/stderr in LOG.out/LOG.err.
run_tool() {
    local log=$1
    shift
    if [ "$dry_run" = 1 ]; then
        printf '  DRY_RUN:'
        printf ' %q' "${tool[@]}" "$@"
        printf '\n'
        return 0
    fi
    local code=0
    "${tool[@]}" "$@" </dev/null >"$log.out" 2>"$log.err" || code=$?
    return "$code"
}

# last_line LOG: the tool's last stderr line (its last stdout line if stderr is empty); for a Java
# stack trace, the last line that is not a frame ("Exception in ..." or the deepest "Caused by").
last_line() {
    local line skip='^[[:space:]]*$|^[[:space:]]+at |^[[:space:]]*\.\.\. [0-9]+ more'
    line=$(grep -v -E "$skip" "$1.err" 2>/dev/null | tail -n 1 || true)
    [ -n "$line" ] || line=$(grep -v -E "$skip" "$1.out" 2>/dev/null | tail -n 1 || true)
    printf '%s' "${line:-no output}"
}

# check_manifest TAG MANIFEST: verify and validate every model file it lists (paths relative to
# it); the tool's output goes to WORK_DIR/logs/TAG_<model file>.{verify,validate}.{out,err}.
check_manifest() {
    local tag=$1 manifest=$2 base header
    base=$(dirname "$manifest")
    note "keras2dl4j verify + validate: $manifest"
    header=1
    while IFS=$'\t' read -r major name model weights input expected summary params _note; do
        if [ "$header" = 1 ]; then
            header=0
            if [ "$major" != keras_major ]; then
                echo "FAILED: $manifest has no header line"
                failed=1
                return
            fi
            continue
        fi
        [ -n "$major" ] || continue
        checked=$((checked + 1))
        local w=() label log started problems=()
        if [ "$weights" != - ]; then w=(-w "$base/$weights"); fi
        label="$model"
        if [ "$weights" != - ]; then label="$model + $weights"; fi
        log="$logs/${tag}_$(printf '%s' "$model" | tr '/' '_')"
        started=$(date +%s)
        local code=0
        run_tool "$log.verify" verify "$base/$model" "${w[@]}" --input "$base/$input" \
            --expected "$base/$expected" --atol 1e-4 || code=$?
        if [ "$code" != 0 ]; then
            problems+=("verify exit $code: $(last_line "$log.verify")")
        fi
        code=0
        # Models that leave the image size open (MobileNetV3) need it for their DL4J network: the input's.
        local shape
        shape=$("$python" -c 'import sys, numpy; print(",".join(str(d) for d in numpy.load(sys.argv[1], mmap_mode="r").shape[1:]))' "$base/$input")
        run_tool "$log.validate" validate "$base/$model" "${w[@]}" --summary "$base/$summary" \
            --input-shape "$shape" || code=$?
        if [ "$code" != 0 ]; then
            problems+=("validate exit $code: $(last_line "$log.validate")")
        fi
        if [ "$dry_run" = 1 ]; then
            continue
        fi
        if [ ${#problems[@]} = 0 ]; then
            printf 'ok      %-60s (%ds)\n' "$label" "$(( $(date +%s) - started ))"
        else
            bad=$((bad + 1))
            failed=1
            printf 'FAILED  %-60s (%ds)\n' "$label" "$(( $(date +%s) - started ))"
            local p
            for p in "${problems[@]}"; do printf '        %s\n' "$p"; done
        fi
    done <"$manifest"
}

check_manifest layers "$layers_dir/manifest.tsv"
if [ -n "$apps_manifest" ]; then check_manifest applications "$apps_manifest"; fi
if [ -n "$alexnet_manifest" ]; then check_manifest alexnet "$alexnet_manifest"; fi

note "done"
if [ "$dry_run" = 1 ]; then
    echo "DRY_RUN=1: $checked model files listed, nothing run through keras2dl4j"
else
    echo "$checked model files checked with keras2dl4j, $bad failed"
fi
if [ "$failed" != 0 ]; then
    echo "real Keras models: FAILED"
    exit 1
fi
echo "real Keras models: OK"
