#!/usr/bin/env bash
# De-identification throughput: the emulator's dicomStores.deidentify (ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE)
# against a pydicom script applying the same PS3.15 Basic Profile table (the emulator's basic-profile.tsv, the same
# resolution of compound actions, the same dummy values and HMAC-based UID replacement) to the same files, in one run.
#
# The emulator figure is end to end: from the deidentify request until operations.get reports the operation done,
# which includes reading each source instance, writing the de-identified copy into a temporary file of the
# destination store (SHA-256 on the way), renaming it into place, indexing it, and syncing the file system once at
# the end. The pydicom figure is file to file (dcmread, clean, save_as) in one process, outputs in memory.
#
#   bench/deid.sh                      # 2000 synthetic 512x512 16-bit CT slices
#   CT_SLICES=500 bench/deid.sh
#   MVN_FLAGS=-o bench/deid.sh         # build offline
#   EMULATOR_JAR=path/healthcare-emulator.jar bench/deid.sh   # use a built jar, no build
# Needs: JDK 17, Maven, curl, python3-pydicom (Debian's /usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/.."

CT_SLICES=${CT_SLICES:-2000}
PYTHON=/usr/bin/python3
JAR=${EMULATOR_JAR:-emulator/target/healthcare-emulator.jar}
TABLE=emulator/src/main/resources/org/dicompipe/emulator/deid/basic-profile.tsv

"$PYTHON" -c 'import pydicom' || { echo "pydicom not found (apt-get install python3-pydicom)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl not found" >&2; exit 1; }

echo "== building the emulator jar"
# test sources are not compiled: the benchmark needs only the server
[ -n "${EMULATOR_JAR:-}" ] || mvn -B -q ${MVN_FLAGS:-} -pl components/dicom-codec,emulator -am package -Dmaven.test.skip=true
[ -f "$JAR" ] || { echo "missing $JAR" >&2; exit 1; }

WORK=$(mktemp -d)
# file-to-file outputs go to memory when possible: the comparison is about de-identification, not the disk
OUT_ROOT=$WORK
if [ -d /dev/shm ] && [ -w /dev/shm ]; then OUT_ROOT=$(mktemp -d /dev/shm/deid-bench.XXXXXX); fi
EMULATOR_PID=
cleanup() {
  if [ -n "$EMULATOR_PID" ]; then kill "$EMULATOR_PID" 2>/dev/null || true; wait "$EMULATOR_PID" 2>/dev/null || true; fi
  rm -rf "$WORK" "$OUT_ROOT"
}
trap cleanup EXIT
# a private copy: other builds in the same tree may rewrite emulator/target while this runs
cp "$JAR" "$WORK/emulator.jar"
JAR=$WORK/emulator.jar

echo "== corpus: $CT_SLICES synthetic 512x512 16-bit CT slices (org.dicompipe.codec.synth.SyntheticStudy)"
java -cp "$JAR" org.dicompipe.codec.synth.SyntheticStudy "$WORK/ct" "$CT_SLICES" 512 512 16 1 > "$WORK/files.txt"
BYTES=$(du -sb "$WORK/ct" | cut -f1)

PORT=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java ${EMULATOR_JAVA_OPTS:-} -jar "$JAR" --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" > "$WORK/emulator.log" 2>&1 &
EMULATOR_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "$BASE/healthz" >/dev/null || { echo "emulator did not start:" >&2; cat "$WORK/emulator.log" >&2; exit 1; }

DATASET="projects/bench/locations/local/datasets/deid"
curl -fs -X POST -H 'Content-Type: application/json' -d '{}' \
  "$BASE/v1/projects/bench/locations/local/datasets?datasetId=deid" >/dev/null
curl -fs -X POST -H 'Content-Type: application/json' -d '{}' \
  "$BASE/v1/$DATASET/dicomStores?dicomStoreId=source" >/dev/null

echo "== storing the slices in the source store (STOW-RS, not timed)"
"$PYTHON" - "$BASE/v1/$DATASET/dicomStores/source/dicomWeb/studies" "$WORK/files.txt" <<'PY'
import sys, urllib.request, uuid
url, listing = sys.argv[1], sys.argv[2]
files = [l.strip() for l in open(listing) if l.strip()]
for start in range(0, len(files), 100):
    boundary = uuid.uuid4().hex
    parts = []
    for path in files[start:start + 100]:
        parts.append(b"--" + boundary.encode() + b"\r\nContent-Type: application/dicom\r\n\r\n" + open(path, "rb").read() + b"\r\n")
    body = b"".join(parts) + b"--" + boundary.encode() + b"--\r\n"
    req = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": 'multipart/related; type="application/dicom"; boundary=' + boundary})
    with urllib.request.urlopen(req) as r:
        if r.status != 200:
            sys.exit("STOW failed: %d" % r.status)
print("stored %d instances" % len(files))
PY

LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
echo "== emulator engine, file to file (DeidentifyFiles, $(nproc) threads): the same rules the operation applies"
read -r ENGINE_OK ENGINE_SECONDS ENGINE_CPU <<< "$("$PYTHON" - "$JAR" "$WORK/files.txt" "$OUT_ROOT/engine-out" <<'PY'
import os, resource, subprocess, sys, time
jar, listing, out = sys.argv[1:4]
started = time.perf_counter()
r = subprocess.run(["java", "-cp", jar, "org.dicompipe.emulator.deid.DeidentifyFiles",
                    "--profile", "ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE", "--secret", "benchmark-secret",
                    "--threads", str(os.cpu_count()), "@" + listing, out],
                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
files, ok, failed, seconds = r.stdout.split()
# wall time of the whole JVM run, start-up included; CPU time of all its threads (JIT and GC too)
print(ok, "%.3f" % wall, "%.3f" % (usage.ru_utime + usage.ru_stime))
PY
)"
[ "$ENGINE_OK" = "$CT_SLICES" ] || { echo "engine de-identified $ENGINE_OK of $CT_SLICES" >&2; exit 1; }

cpu_of() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# prints "SECONDS CPU-SECONDS" of one deidentify of the source store into a new store named $1
deidentify_into() {
  local ticks_before result ok failed seconds
  ticks_before=$(cpu_of "$EMULATOR_PID")
  result=$("$PYTHON" bench/long_running.py "$BASE" "$DATASET/dicomStores/source:deidentify" \
    "{\"destinationStore\": \"$DATASET/dicomStores/$1\", \"config\": {\"dicom\": {\"filterProfile\": \"ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE\"}}}")
  read -r ok failed seconds <<< "$result"
  [ "$ok" = "$CT_SLICES" ] || { echo "emulator de-identified $ok of $CT_SLICES ($failed failed)" >&2; exit 1; }
  echo "$seconds $("$PYTHON" -c "import os,sys; print('%.3f' % ((int(sys.argv[2]) - int(sys.argv[1])) / os.sysconf('SC_CLK_TCK')))" \
    "$ticks_before" "$(cpu_of "$EMULATOR_PID")")"
}
echo "== emulator: dicomStores.deidentify, ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE (first run: code not yet JIT-compiled)"
read -r EMULATOR_SECONDS EMULATOR_CPU <<< "$(deidentify_into deidentified)"
echo "== emulator: the same deidentify again into another store (second run: JIT-compiled, as in a running service)"
read -r WARM_SECONDS WARM_CPU <<< "$(deidentify_into deidentified-again)"

echo "== pydicom: the same basic profile table on the same files"
mkdir -p "$OUT_ROOT/pydicom-out"
read -r PYDICOM_SECONDS PYDICOM_CPU <<< "$("$PYTHON" - "$TABLE" "$WORK/files.txt" "$OUT_ROOT/pydicom-out" <<'PY'
import hashlib, hmac, os, sys, time
import pydicom
from pydicom.sequence import Sequence
from pydicom.dataset import Dataset

table_path, listing, out_dir = sys.argv[1], sys.argv[2], sys.argv[3]
# same resolution of the compound codes as the emulator's TagAction.ofProfileCode
RESOLVE = {"K": "K", "C": "K", "X/Z/U*": "K", "X": "X", "Z": "Z", "Z/D": "Z", "X/Z": "Z", "X/Z/D": "Z",
           "D": "D", "X/D": "D", "U": "U"}
exact, masked = {}, []
for line in open(table_path, encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    tag, code = line.split("\t")[:2]
    if "x" in tag:
        mask = int("".join("0" if c == "x" else "f" for c in tag), 16)
        value = int(tag.replace("x", "0"), 16)
        masked.append((mask, value, RESOLVE[code]))
    else:
        exact[int(tag, 16)] = RESOLVE[code]

def action(tag):
    if (tag >> 16) & 1:
        return "X"
    a = exact.get(tag)
    if a:
        return a
    for mask, value, a in masked:
        if tag & mask == value:
            return a
    return "K"

SECRET = b"benchmark-secret"
def remap(uid):
    h = hmac.new(SECRET, uid.strip().encode("ascii"), hashlib.sha256).digest()
    msb = (int.from_bytes(h[0:8], "big") & ~0xF000) | 0x8000
    lsb = (int.from_bytes(h[8:16], "big") & 0x3FFFFFFFFFFFFFFF) | 0x8000000000000000
    return "2.25.%d" % ((msb << 64) | lsb)

DUMMY = {"DA": "19000101", "TM": "000000", "DT": "19000101000000", "AS": "000D", "DS": "0", "IS": "0"}
STRING_VRS = {"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"}

def uids(value):
    values = value if isinstance(value, (list, pydicom.multival.MultiValue)) else [value]
    mapped = [remap(str(v)) if str(v) else "" for v in values]
    return mapped if len(mapped) > 1 else mapped[0]

def clean(ds):
    for elem in list(ds):
        tag = int(elem.tag)
        if tag & 0xFFFF == 0:
            del ds[elem.tag]
            continue
        a = action(tag)
        if a == "X":
            del ds[elem.tag]
        elif a == "K" or (a == "D" and elem.VR == "SQ"):
            if elem.VR == "SQ":
                for item in elem.value:
                    clean(item)
        elif a == "Z":
            elem.value = Sequence() if elem.VR == "SQ" else ("" if elem.VR in STRING_VRS else b"")
        elif a == "U" or (a == "D" and elem.VR == "UI"):
            elem.value = uids(elem.value)
        elif a == "D":
            if elem.VR in STRING_VRS:
                elem.value = DUMMY.get(elem.VR, "ANONYMIZED")
            else:
                elem.value = b"\0\0"

files = [l.strip() for l in open(listing) if l.strip()]
started = time.perf_counter()
cpu_started = time.process_time()
for i, path in enumerate(files):
    ds = pydicom.dcmread(path)
    clean(ds)
    ds.PatientIdentityRemoved = "YES"
    ds.DeidentificationMethod = ["pydicom benchmark", "ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE"]
    code = Dataset()
    code.CodeValue, code.CodingSchemeDesignator, code.CodeMeaning = "113100", "DCM", "Basic Application Confidentiality Profile"
    ds.DeidentificationMethodCodeSequence = Sequence([code])
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.save_as(os.path.join(out_dir, "%06d.dcm" % i), write_like_original=False)
elapsed = time.perf_counter() - started
cpu = time.process_time() - cpu_started
check = pydicom.dcmread(os.path.join(out_dir, "000000.dcm"))
assert check.PatientName == "" and check.PatientIdentityRemoved == "YES" and check.StudyInstanceUID.startswith("2.25.")
print("%.3f %.3f" % (elapsed, cpu))
PY
)"

echo "== cross-check: the engine's and pydicom's outputs hold the same attributes and values"
"$PYTHON" - "$OUT_ROOT/engine-out" "$OUT_ROOT/pydicom-out" <<'PY'
import os, sys
import pydicom
a_dir, b_dir = sys.argv[1], sys.argv[2]
names = sorted(os.listdir(a_dir))[:25]
def flat(ds):
    out = {}
    for e in ds:
        if e.tag in (0x00120063, 0x7FE00010):  # De-identification Method text differs by design; pixels compared below
            continue
        out[int(e.tag)] = [flat(i) for i in e.value] if e.VR == "SQ" else str(e.value)
    return out
for n in names:
    a = pydicom.dcmread(os.path.join(a_dir, n))
    b = pydicom.dcmread(os.path.join(b_dir, n))
    fa, fb = flat(a), flat(b)
    if fa != fb or a.PixelData != b.PixelData:
        diff = sorted(set(fa) ^ set(fb)) + [t for t in fa if t in fb and fa[t] != fb[t]]
        sys.exit("%s: outputs differ in %s" % (n, ", ".join("%08X" % t for t in diff[:10])))
print("the first %d outputs agree attribute by attribute (UIDs included)" % len(names))
PY

"$PYTHON" - "$CT_SLICES" "$BYTES" "$(nproc)" "$LOAD_BEFORE" "$(cut -d' ' -f1 /proc/loadavg)" \
  "$ENGINE_SECONDS" "$ENGINE_CPU" "$EMULATOR_SECONDS" "$EMULATOR_CPU" "$PYDICOM_SECONDS" "$PYDICOM_CPU" \
  "$WARM_SECONDS" "$WARM_CPU" <<'PY'
import sys
n, size, cores, load_before, load_after = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
engine, engine_cpu, op, op_cpu, py, py_cpu, warm, warm_cpu = map(float, sys.argv[6:14])
print()
print("instances: %d synthetic 512x512 CT slices, %.0f MB; %s cores; load average %s before, %s after"
      % (n, size / 1e6, cores, load_before, load_after))
print("%-58s %10s %12s" % ("", "inst/s", "inst/CPU-s"))
rows = [("emulator engine, file to file (JVM start included)", engine, engine_cpu),
        ("emulator dicomStores.deidentify operation, end to end", op, op_cpu),
        ("the same operation again (JIT-compiled)", warm, warm_cpu),
        ("pydicom, same profile table, file to file, one process", py, py_cpu)]
for name, wall, cpu in rows:
    print("%-58s %10.1f %12.1f" % (name, n / wall, n / cpu))
print("engine / pydicom:    %.1fx by wall time, %.1fx by CPU time" % (py / engine, py_cpu / engine_cpu))
print("operation / pydicom: %.1fx by wall time, %.1fx by CPU time (goal >= 10x)" % (py / op, py_cpu / op_cpu))
print("second operation / pydicom: %.1fx by wall time, %.1fx by CPU time" % (py / warm, py_cpu / warm_cpu))
PY
