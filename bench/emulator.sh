#!/usr/bin/env bash
# DICOMweb throughput and latency: the emulator against Orthanc with its DICOMweb plugin, the same requests with the
# same number of client threads, in one run. Both servers run as separate processes on 127.0.0.1 with their data in
# a temporary folder, and are stopped at the end. The load generator is org.dicompipe.bench.dicomweb.DicomWebBench:
#   1. STOW-RS of the same generated CT series (SyntheticStudy, seed 1) into both, one instance per request;
#   2. QIDO-RS searches (studies by PatientID, PatientName wildcard, StudyDate range; series of a study; a page of
#      instances; instances by InstanceNumber; by SOPInstanceUID), every answer's match count checked;
#   3. WADO-RS retrieve instance, metadata, frames/1 of random instances, every answer checked;
#   4. the emulator alone: its store filled to FILL_TO instances with small generated ones, then the QIDO loads again.
#
#   bench/emulator.sh                                   # 2000 512x512 16-bit CT slices, 8 clients, fill to 100000
#   INSTANCES=500 CLIENTS=4 FILL_TO=0 bench/emulator.sh # quick run, no large-index part
#   MVN_FLAGS=-o bench/emulator.sh                      # build offline;  SKIP_BUILD=1 to reuse the jars
# Needs: JDK 17, Maven, Debian's orthanc and orthanc-dicomweb (installed with apt-get if missing), curl, python3.
set -euo pipefail
cd "$(dirname "$0")/.."

INSTANCES=${INSTANCES:-2000}
ROWS=${ROWS:-512}
COLUMNS=${COLUMNS:-512}
CLIENTS=${CLIENTS:-8}
QIDO_REQUESTS=${QIDO_REQUESTS:-300}
WADO_REQUESTS=${WADO_REQUESTS:-300}
FILL_TO=${FILL_TO:-100000}
FILL_SIZE=${FILL_SIZE:-16}
PYTHON=/usr/bin/python3
EMULATOR_JAR=${EMULATOR_JAR:-emulator/target/healthcare-emulator.jar}
BENCH_JAR=bench/target/benchmarks.jar

if ! dpkg -s orthanc >/dev/null 2>&1 || ! dpkg -s orthanc-dicomweb >/dev/null 2>&1; then
  echo "== installing orthanc and orthanc-dicomweb"
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -q && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q orthanc orthanc-dicomweb
  # the package starts a system-wide Orthanc on 8042/4242 where there is an init system; this benchmark uses its own
fi
ORTHANC=$(command -v Orthanc || echo /usr/sbin/Orthanc)   # /usr/sbin is not on every user's PATH
PLUGIN=$(dpkg -L orthanc-dicomweb | grep -E '/libOrthancDicomWeb\.so$' | head -1)
[ -n "$PLUGIN" ] && [ -f "$PLUGIN" ] || { echo "libOrthancDicomWeb.so not found in orthanc-dicomweb" >&2; exit 1; }

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "== building the emulator jar and the benchmarks jar"
  mvn -B -q ${MVN_FLAGS:-} -pl components/dicom-codec,emulator,bench -am package -Dmaven.test.skip=true
fi
for jar in "$EMULATOR_JAR" "$BENCH_JAR"; do [ -f "$jar" ] || { echo "missing $jar" >&2; exit 1; }; done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/dicomweb-bench.XXXXXX")
EMULATOR_PID=
ORTHANC_PID=
stop() {  # pid: TERM, then KILL after 20 s
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  [ -z "$EMULATOR_PID" ] || stop "$EMULATOR_PID"
  [ -z "$ORTHANC_PID" ] || stop "$ORTHANC_PID"
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_http() {  # url log-file name
  for _ in $(seq 1 600); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "$3 did not start:" >&2; cat "$2" >&2; exit 1
}

echo "== corpus: $INSTANCES synthetic ${ROWS}x${COLUMNS} 16-bit CT slices (org.dicompipe.codec.synth.SyntheticStudy, seed 1)"
java -cp "$BENCH_JAR" org.dicompipe.codec.synth.SyntheticStudy "$WORK/ct" "$INSTANCES" "$ROWS" "$COLUMNS" 16 1 > /dev/null

EMULATOR_PORT=$(free_port)
mkdir -p "$WORK/emulator-data"
java ${EMULATOR_JAVA_OPTS:-} -jar "$EMULATOR_JAR" --host 127.0.0.1 --port "$EMULATOR_PORT" \
  --data-dir "$WORK/emulator-data" > "$WORK/emulator.log" 2>&1 &
EMULATOR_PID=$!
wait_http "http://127.0.0.1:$EMULATOR_PORT/healthz" "$WORK/emulator.log" emulator

ORTHANC_PORT=$(free_port)
DICOM_PORT=$(free_port)
mkdir -p "$WORK/orthanc-storage"
sed -e "s|@STORAGE@|$WORK/orthanc-storage|g" -e "s|@HTTP_PORT@|$ORTHANC_PORT|" -e "s|@DICOM_PORT@|$DICOM_PORT|" \
    -e "s|@DICOMWEB_PLUGIN@|$PLUGIN|" bench/orthanc.json > "$WORK/orthanc.json"
"$ORTHANC" "$WORK/orthanc.json" > "$WORK/orthanc.log" 2>&1 &
ORTHANC_PID=$!
wait_http "http://127.0.0.1:$ORTHANC_PORT/dicom-web/studies" "$WORK/orthanc.log" Orthanc

echo "== servers: emulator $(git rev-parse --short HEAD 2>/dev/null || echo '?') on 127.0.0.1:$EMULATOR_PORT," \
     "Orthanc $(dpkg-query -W -f='${Version}' orthanc) + DICOMweb plugin $(dpkg-query -W -f='${Version}' orthanc-dicomweb)" \
     "on port $ORTHANC_PORT (no DICOM server)"
if command -v ss >/dev/null; then
  echo "   listening sockets:"; ss -ltnpH 2>/dev/null | grep -E "pid=($EMULATOR_PID|$ORTHANC_PID)," | awk '{print "     " $4}' || true
fi
echo "   machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

java -Xmx1g -cp "$BENCH_JAR" org.dicompipe.bench.dicomweb.DicomWebBench \
  --emulator "http://127.0.0.1:$EMULATOR_PORT" --orthanc "http://127.0.0.1:$ORTHANC_PORT/dicom-web" \
  --ct-dir "$WORK/ct" --instances "$INSTANCES" --rows "$ROWS" --columns "$COLUMNS" --clients "$CLIENTS" \
  --qido-requests "$QIDO_REQUESTS" --wado-requests "$WADO_REQUESTS" --fill-to "$FILL_TO" --fill-size "$FILL_SIZE"

cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f (user %.1f, system %.1f)", ($14 + $15) / hz, $14 / hz, $15 / hz }' "/proc/$1/stat"; }
echo "   CPU time used by the whole run (user+system): emulator $(cpu_seconds "$EMULATOR_PID") s," \
     "Orthanc $(cpu_seconds "$ORTHANC_PID") s"
echo "   load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   disk used: emulator $(du -sh "$WORK/emulator-data" | cut -f1), Orthanc $(du -sh "$WORK/orthanc-storage" | cut -f1)"
