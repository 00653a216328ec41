#!/usr/bin/env bash
# Import throughput: the emulator's dicomStores.import of N generated CT instances from the local Cloud Storage
# bucket folder, against a plain `cp -r` of the same files on the same disk, measured in the same run.
#
# The files are generated straight into {data-dir}/gcs/bench/ct (a file in that folder is an object of bucket
# "bench"), then copied with `cp -r` (timed, and the `sync` after it timed on its own), then imported with
# gs://bench/ct/* (timed from the import request until operations.get reports it done). The import parses every
# object once, writes it to a temporary file with its checksum, renames it into the store (unforced; one sync at the end) and indexes it
# in SQLite; cp only copies. The API calls are plain HTTP/JSON, the wire format of Google's clients.
#
#   bench/import.sh                          # 10000 512x512 16-bit CT slices (about 5 GB; needs ~11 GB free)
#   INSTANCES=2000 ROWS=256 COLUMNS=256 bench/import.sh
#   MVN_FLAGS=-o bench/import.sh             # build offline;  SKIP_BUILD=1 to reuse the emulator jar
# Needs: JDK 17, Maven, Debian's /usr/bin/python3 (only for HTTP calls and a free port).
set -euo pipefail
cd "$(dirname "$0")/.."

INSTANCES=${INSTANCES:-10000}
ROWS=${ROWS:-512}
COLUMNS=${COLUMNS:-512}
PYTHON=/usr/bin/python3
JAR=${EMULATOR_JAR:-emulator/target/healthcare-emulator.jar}

echo "== building the emulator jar"
[ -n "${SKIP_BUILD:-}" ] || mvn -B -q ${MVN_FLAGS:-} -pl components/dicom-codec,emulator -am package -Dmaven.test.skip=true
[ -f "$JAR" ] || { echo "missing $JAR" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/import-bench.XXXXXX")
EMULATOR_PID=
cleanup() {
  if [ -n "$EMULATOR_PID" ]; then kill "$EMULATOR_PID" 2>/dev/null || true; wait "$EMULATOR_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

SOURCE="$WORK/data/gcs/bench/ct"
echo "== corpus: $INSTANCES synthetic ${ROWS}x${COLUMNS} 16-bit CT slices (org.dicompipe.codec.synth.SyntheticStudy)"
java -cp "$JAR" org.dicompipe.codec.synth.SyntheticStudy "$SOURCE" "$INSTANCES" "$ROWS" "$COLUMNS" 16 1 > /dev/null
BYTES=$(du -sb "$SOURCE" | cut -f1)
sync

now() { date +%s%N; }
seconds() { "$PYTHON" -c "print('%.3f' % (($2 - $1) / 1e9))"; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime of a process, in clock ticks
TICKS=$(getconf CLK_TCK)

echo "== cp -r of the same files"
T0=$(now)
cp -r "$SOURCE" "$WORK/cp-copy" & CP_PID=$!
CP_CPU=0
while kill -0 "$CP_PID" 2>/dev/null; do CP_CPU=$(cpu_ticks "$CP_PID" 2>/dev/null || echo "$CP_CPU"); sleep 0.05; done
wait "$CP_PID"
T1=$(now); sync; T2=$(now)
CP_SECONDS=$(seconds "$T0" "$T1")
SYNC_SECONDS=$(seconds "$T1" "$T2")
rm -rf "$WORK/cp-copy"
sync

PORT=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java ${EMULATOR_JAVA_OPTS:-} -jar "$JAR" --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" > "$WORK/emulator.log" 2>&1 &
EMULATOR_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "$BASE/healthz" >/dev/null || { echo "emulator did not start:" >&2; cat "$WORK/emulator.log" >&2; exit 1; }

echo "== emulator: dicomStores.import gs://bench/ct/*"
DATASET=projects/bench/locations/local/datasets/imports
curl -fs -X POST -H 'Content-Type: application/json' -d '{}' \
  "$BASE/v1/projects/bench/locations/local/datasets?datasetId=imports" >/dev/null
curl -fs -X POST -H 'Content-Type: application/json' -d '{}' "$BASE/v1/$DATASET/dicomStores?dicomStoreId=ct" >/dev/null
EMULATOR_CPU_BEFORE=$(cpu_ticks "$EMULATOR_PID")
RESULT=$("$PYTHON" bench/long_running.py "$BASE" "$DATASET/dicomStores/ct:import" '{"gcsSource": {"uri": "gs://bench/ct/*"}}')
EMULATOR_CPU=$(( $(cpu_ticks "$EMULATOR_PID") - EMULATOR_CPU_BEFORE ))
read -r OK FAILED IMPORT_SECONDS <<< "$RESULT"
[ "$OK" = "$INSTANCES" ] || { echo "imported $OK of $INSTANCES ($FAILED failed)" >&2; exit 1; }

"$PYTHON" - "$INSTANCES" "$BYTES" "$CP_SECONDS" "$SYNC_SECONDS" "$IMPORT_SECONDS" "$(nproc)" "$CP_CPU" "$EMULATOR_CPU" "$TICKS" <<'PY'
import os, sys
n, size, cp, sync, imp, cpus = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
cp_cpu, imp_cpu = int(sys.argv[7]) / int(sys.argv[9]), int(sys.argv[8]) / int(sys.argv[9])
print("load average (1 min) when done: %.1f" % os.getloadavg()[0])
print("instances: %d, %.1f MB, %s CPUs" % (n, size / 1e6, cpus))
print("cp -r:           %8.3f s  %9.1f files/s" % (cp, n / cp))
print("cp -r + sync:    %8.3f s  %9.1f files/s" % (cp + sync, n / (cp + sync)))
print("emulator import: %8.3f s  %9.1f instances/s" % (imp, n / imp))
print("ratio import/cp -r:        %.2f  (goal >= 0.5)" % ((n / imp) / (n / cp)))
print("ratio import/(cp -r+sync): %.2f" % ((n / imp) / (n / (cp + sync))))
# CPU time (user + system) is what a loaded machine distorts least; the emulator figure includes its HTTP polling
print("CPU time: cp -r %.2f s, emulator import %.2f s (%.2f ms per instance, cp %.2f ms per file)"
      % (cp_cpu, imp_cpu, 1000 * imp_cpu / n, 1000 * cp_cpu / n))
PY
