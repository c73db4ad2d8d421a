#!/usr/bin/env python3
"""Issue 11's probes: hostile and broken inputs through ./keras2dl4j, with figures.

Each probe makes one bad input from the committed real-Keras fixtures (SYNTHETIC: bytes changed on
purpose, see each probe's description), runs one command of ./keras2dl4j on it, and records the exit
code, the number of lines on stderr, the wall time and the peak resident memory (wait4's ru_maxrss:
the largest of the launcher's JVM and the child JVM it may start). A probe passes with the expected
exit code (3 for a bad file, 2 for an argument refused before anything is read: an output that
would overwrite an input or a device, an input that is not a regular file), exactly one line,
under 10 s and under 1 GB, and nothing new left in the output directory.

    python3 bench/hostile_probes.py [--keep DIR] [--doc docs/robustness.md]

Needs only Python's standard library and a built ./keras2dl4j (mvn -B package -DskipTests).
Exit 0 when every probe passes, 1 otherwise. With --doc, rewrites the part of the file between the
'probes' markers with the table.
"""
import argparse
import datetime
import io
import os
import platform
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "fixtures/src/main/resources/org/keras2dl4j/fixtures")
LAUNCHER = os.path.join(ROOT, "keras2dl4j")
TIME_LIMIT_S = 10.0
MEMORY_LIMIT_BYTES = 10**9
GCOL_AT = 2048  # the global heap collection of keras2/small_alexnet.h5 (tf_keras 2.19)


def fixture(name):
    with open(os.path.join(FIXTURES, name), "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


def npy_header(descr, shape):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape)
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1")


def deep_json(levels):
    return "[" * levels + "]" * levels


class Popen(subprocess.Popen):
    """A Popen that keeps wait4's rusage: ru_maxrss is the largest of the child and its reaped children."""

    rusage = None

    def _try_wait(self, wait_flags):
        try:
            pid, status, rusage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return self.pid, 0
        if pid == self.pid:
            self.rusage = rusage
        return pid, status


def run(args, out_dir):
    """Runs ./keras2dl4j ARGS in out_dir: (exit code, stderr, wall seconds, peak RSS bytes, new files)."""
    before = set(os.listdir(out_dir))
    start = time.monotonic()
    proc = Popen([LAUNCHER] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=out_dir)
    try:
        _, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    wall = time.monotonic() - start
    rss = proc.rusage.ru_maxrss * 1024 if proc.rusage else 0
    left = sorted(set(os.listdir(out_dir)) - before)
    return proc.returncode, err.decode("utf-8", "replace"), wall, rss, left


def probes(d):
    """(name, description, argv, expected exit) for each probe; inputs written into d."""
    h5 = fixture("keras2/small_alexnet.h5")
    weights = fixture("keras2/small_alexnet_weights.h5")
    model_json = fixture("keras2/small_alexnet.json").decode()
    keras = fixture("keras3/small_alexnet.keras")
    good_h5 = write(os.path.join(d, "small_alexnet.h5"), h5)
    good_npy = write(os.path.join(d, "input.npy"), fixture("keras2/small_alexnet.input.npy"))
    out = os.path.join(d, "out")
    os.mkdir(out)
    p = []

    b = bytearray(h5)
    assert b[GCOL_AT:GCOL_AT + 4] == b"GCOL"
    struct.pack_into("<H", b, GCOL_AT + 16, 0)
    struct.pack_into("<Q", b, GCOL_AT + 24, 0)
    f = write(os.path.join(d, "synthetic-heap-loop.h5"), b)
    p.append(("h5: global heap object of size 0", "hung forever in H5Aread", ["summary", f], 3))
    p.append(("h5: the same, --no-isolate", "in-process: keras2dl4j's own attribute reader",
              ["summary", "--no-isolate", f], 3))
    b = bytearray(h5)
    struct.pack_into("<H", b, GCOL_AT + 72, 9)
    f = write(os.path.join(d, "synthetic-heap-missing-object.h5"), b)
    p.append(("h5: string naming a heap object that is not there", "SIGSEGV in H5HG_read", ["convert", f, "-o",
                                                                                              os.path.join(out, "a.zip")], 3))
    fifo = os.path.join(d, "fifo.h5")
    os.mkfifo(fifo)
    # Refused while reading the arguments, before anything is opened: a usage error (exit 2).
    p.append(("a FIFO as MODEL", "hung", ["summary", fifo], 2))

    for name, text in (("nested 5,000 levels", '{"class_name": "Model", "config": %s}' % deep_json(5000)),
                       ("a number of 5,000 digits", '{"class_name": "Model", "config": {"x": %s}}' % ("9" * 5000)),
                       ("a string of 21,000,000 characters", '{"class_name": "Model", "config": {"x": "%s"}}'
                        % ("a" * 21_000_000))):
        f = write(os.path.join(d, "synthetic-%s.json" % name.split()[1].replace(",", "")), text.encode())
        p.append(("json: " + name, "exit 70 (NullPointerException)", ["summary", f], 3))

    entries = {}
    with zipfile.ZipFile(io.BytesIO(keras)) as z:
        for n in z.namelist():
            entries[n] = z.read(n)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, v in entries.items():
            z.writestr(n, deep_json(5000).encode() if n == "config.json" else v)
    f = write(os.path.join(d, "synthetic-nested.keras"), buf.getvalue())
    p.append((".keras: config nested 5,000 levels", "exit 70", ["summary", f], 3))

    dense = model_json.replace('"units": 10,', '"units": 50000000,')
    assert dense != model_json
    fj = write(os.path.join(d, "synthetic-dense-50m.json"), dense.encode())
    b = bytearray(weights)
    at = bytes(b).find(struct.pack("<4Q", 32, 10, 32, 10))
    assert at > 0
    struct.pack_into("<Q", b, at + 8, 50_000_000)
    struct.pack_into("<Q", b, at + 24, 50_000_000)
    fw = write(os.path.join(d, "synthetic-dense-50m_weights.h5"), b)
    p.append(("json + weights: Dense(50,000,000), 8 KB + 100 KB", "grew to 12.85 GB, exit 70",
              ["convert", fj, "-w", fw, "-o", os.path.join(out, "b.zip")], 3))

    zip_path = os.path.join(d, "converted.zip")
    subprocess.run([LAUNCHER, "convert", good_h5, "-o", zip_path], check=True, capture_output=True)
    with zipfile.ZipFile(zip_path) as z:
        names = z.namelist()
        originals = {n: z.read(n) for n in names}
    # configuration.json replaced by deflated data that expands to 1 GiB of spaces, with honest sizes.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for n in names:
            if n != "configuration.json":
                z.writestr(n, originals[n])
    bombed = with_bomb_entry(buf.getvalue(), "configuration.json", 1 << 30)
    f = write(os.path.join(d, "synthetic-bomb.zip"), bombed)
    p.append(("own .zip: 1 GiB bomb as configuration.json", "OutOfMemoryError, exit 70", ["summary", f], 3))

    f = write(os.path.join(d, "synthetic-shape-overflow.npy"), npy_header("<f4", "(1099511627776, 1099511627776)"))
    p.append((".npy: shape overflows a long", "exit 70", ["predict", good_h5, "--input", f, "--output",
                                                            os.path.join(out, "c.npy")], 3))
    f = os.path.join(d, "synthetic-3gb.npy")
    with open(f, "wb") as g:
        g.write(npy_header("<f4", "(750000000,)"))
        g.truncate(128 + 3_000_000_000)  # sparse: 3 GB declared, nothing on disk
    p.append((".npy: 3 GB (sparse)", "exit 70", ["predict", good_h5, "--input", f, "--output",
                                                 os.path.join(out, "d.npy")], 3))
    p.append((".npy: /dev/zero", "exit 70", ["predict", good_h5, "--input", "/dev/zero", "--output",
                                             os.path.join(out, "e.npy")], 2))

    p.append(("output: convert M.h5 -o M.h5", "overwrote the input", ["convert", good_h5, "-o", good_h5], 2))
    p.append(("output: predict --output = --input", "overwrote the input",
              ["predict", good_h5, "--input", good_npy, "--output", good_npy], 2))
    p.append(("output: -o /dev/null", "replaced the device node (as root)", ["convert", good_h5, "-o", "/dev/null"], 2))
    link = os.path.join(d, "link.zip")
    os.symlink(os.path.join(d, "elsewhere.zip"), link)
    p.append(("output: -o through a symbolic link", "replaced the link", ["convert", good_h5, "-o", link], 2))
    p.append(("output: -o dir/new/", "wrote a file named new", ["convert", good_h5, "-o", os.path.join(out, "new") + "/"], 2))
    return p, out


def with_bomb_entry(zip_bytes, name, size):
    """zip_bytes with one more entry, NAME: SIZE spaces deflated (about 1,000 times smaller), written
    by hand so that no decompressor runs here; its local header and central record give the true sizes."""
    bomb = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate, as in a zip entry
    chunk = b" " * (1 << 20)
    parts, crc = [], 0
    for _ in range(size >> 20):
        parts.append(bomb.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    raw = b"".join(parts) + bomb.flush()
    end = zip_bytes.rfind(b"PK\x05\x06")
    count = struct.unpack_from("<H", zip_bytes, end + 10)[0]
    cd_size, cd_offset = struct.unpack_from("<II", zip_bytes, end + 12)
    body, central = zip_bytes[:cd_offset], zip_bytes[cd_offset:cd_offset + cd_size]
    n = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(raw), size, len(n), 0) + n
    record = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(raw), size, len(n), 0, 0, 0, 0,
                         0, len(body)) + n
    body += local + raw
    central += record
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count + 1, count + 1, len(central), len(body), 0)
    return body + central + eocd


MARK_BEGIN = "<!-- probes:begin (written by bench/hostile_probes.py --doc; edit outside the markers) -->"
MARK_END = "<!-- probes:end -->"


def table(rows):
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M UTC")
    lines = ["Measured %s with `python3 bench/hostile_probes.py --doc docs/robustness.md` on %s, %d cores "
             "(peak memory: wait4's `ru_maxrss`, the largest resident set of any one process of the run, the "
             "launcher's JVM or the child JVM it starts to read an HDF5 file; MB = 10^6 bytes)." % (when, platform.machine(), os.cpu_count()), "",
             "| Probe (synthetic input) | Before issue 11 | Exit | Lines | Wall | Peak memory | Message |",
             "|---|---|---:|---:|---:|---:|---|"]
    for name, before, code, lines_, wall, rss, message, ok in rows:
        message = message.replace("|", "\\|")
        if len(message) > 150:
            message = message[:147] + "..."
        lines.append("| %s | %s | %d%s | %d | %.2f s | %d MB | `%s` |" % (
            name, before, code, "" if ok else " **FAIL**", lines_, wall, rss // 10**6, message))
    return "\n".join(lines) + "\n"


def rewrite(doc, text):
    with open(doc, encoding="utf-8") as f:
        content = f.read()
    if MARK_BEGIN not in content or MARK_END not in content:
        sys.exit("%s: no probes markers (%s ... %s)" % (doc, MARK_BEGIN, MARK_END))
    head, rest = content.split(MARK_BEGIN, 1)
    tail = rest.split(MARK_END, 1)[1]
    tmp = doc + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(head + MARK_BEGIN + "\n" + text + MARK_END + tail)
    os.replace(tmp, doc)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keep", help="make the inputs in this directory and keep them")
    ap.add_argument("--doc", help="rewrite the 'probes' section of this Markdown file")
    a = ap.parse_args()
    if not os.access(LAUNCHER, os.X_OK):
        sys.exit("%s not found or not executable" % LAUNCHER)
    d = a.keep or tempfile.mkdtemp(prefix="keras2dl4j-probes-")
    os.makedirs(d, exist_ok=True)
    try:
        plist, out = probes(d)
        rows, failed = [], 0
        for name, before, argv, expected in plist:
            code, err, wall, rss, left = run(argv, out)
            err_lines = err.strip().splitlines()
            ok = (code == expected and len(err_lines) == 1 and wall < TIME_LIMIT_S and rss < MEMORY_LIMIT_BYTES
                  and not left)
            message = (err_lines[-1] if err_lines else "").replace(d + "/", "")  # the same text on any run
            rows.append((name, before, code, len(err_lines), wall, rss, message, ok))
            failed += not ok
            print("%-4s %-52s exit %d (want %d), %d line(s), %5.2f s, %4d MB%s  %s" % (
                "ok" if ok else "FAIL", name, code, expected, len(err_lines), wall, rss // 10**6,
                ", left " + ",".join(left) if left else "", message[:150]), flush=True)
        print("%d of %d probes passed (exit code as expected, one line, < %g s, < 1 GB, nothing left)"
              % (len(rows) - failed, len(rows), TIME_LIMIT_S))
        if a.doc:
            rewrite(a.doc, table(rows))
        return 1 if failed else 0
    finally:
        if not a.keep:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
