#!/usr/bin/env bash
# Times header parsing of the same files with the codec, dcmtk's dcmdump and pydicom, and prints files/s and
# the ratios, for pydicom's test files, for synthetic 512x512 16-bit CT slices, and for both together.
# Builds what it needs. Needs: JDK 17, Maven, dcmtk, python3-pydicom (Debian's /usr/bin/python3).
#
#   bench/codec.sh                        # 2000 CT slices, 3 timed rounds after a warm-up round
#   CT_SLICES=500 ROUNDS=5 bench/codec.sh
#   MVN_FLAGS=-o bench/codec.sh           # build offline
set -euo pipefail
cd "$(dirname "$0")/.."

CT_SLICES=${CT_SLICES:-2000}
BASE_ROUNDS=${ROUNDS:-3}
PYTHON=/usr/bin/python3   # Debian's python, the one python3-pydicom is installed for
JAR=bench/target/benchmarks.jar
DCMDUMP_HEADER=(-q -M +sb 7fe0,0010)   # quiet, do not load long values, stop before the pixel data

command -v dcmdump >/dev/null || { echo "dcmdump not found (apt-get install dcmtk)" >&2; exit 1; }
"$PYTHON" -c 'import pydicom' || { echo "pydicom not found (apt-get install python3-pydicom)" >&2; exit 1; }

echo "== building the codec and the benchmarks jar"
mvn -B -q ${MVN_FLAGS:-} -pl bench -am package -DskipTests
[ -f "$JAR" ] || { echo "missing $JAR" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

PYDICOM_DATA=$("$PYTHON" -c 'import os, pydicom.data; print(os.path.dirname(pydicom.data.__file__))')
echo "== corpus: pydicom's test files ($PYDICOM_DATA) and $CT_SLICES synthetic 512x512 16-bit CT slices"
find "$PYDICOM_DATA/test_files" "$PYDICOM_DATA/charset_files" "$PYDICOM_DATA/palettes" -type f \
  ! -name '*.txt' ! -name '*.json' ! -name '*.gz' ! -name '*.py' ! -name '*.pyc' ! -name '*.dump' \
  ! -name '*.md' ! -name 'README*' | sort > "$WORK/pydicom-candidates.txt"
java -cp "$JAR" org.dicompipe.codec.synth.SyntheticStudy "$WORK/ct" "$CT_SLICES" 512 512 16 1 > "$WORK/ct-candidates.txt"

# The same files for all three: those each of them reads without error (the corpus has deliberately broken files).
readable_by_all() {  # candidates -> files
  java -cp "$JAR" org.dicompipe.bench.HeaderParseTiming --readable "@$1" 2>/dev/null > "$WORK/codec-ok.txt"
  # dcmdump goes on after a file it cannot read and names it on stderr ("... reading file: PATH")
  xargs -a "$WORK/codec-ok.txt" dcmdump -M +sb 7fe0,0010 2>&1 >/dev/null \
    | sed -n 's/^E: dcmdump: .*reading file: //p' | sort -u > "$WORK/dcmtk-bad.txt" || true
  grep -vxF -f "$WORK/dcmtk-bad.txt" "$WORK/codec-ok.txt" > "$WORK/both-ok.txt" || true
  "$PYTHON" -W ignore - "$WORK/both-ok.txt" <<'PY'
import sys, pydicom
for f in open(sys.argv[1]).read().split("\n"):
    if f:
        try:
            pydicom.dcmread(f, stop_before_pixels=True)
            print(f)
        except Exception:
            pass
PY
}
readable_by_all "$WORK/pydicom-candidates.txt" > "$WORK/pydicom.txt"
readable_by_all "$WORK/ct-candidates.txt" > "$WORK/ct.txt"
cat "$WORK/pydicom.txt" "$WORK/ct.txt" > "$WORK/all.txt"
echo "   pydicom test files: $(wc -l < "$WORK/pydicom.txt") of $(wc -l < "$WORK/pydicom-candidates.txt") read by all three tools;" \
     "CT slices: $(wc -l < "$WORK/ct.txt") of $CT_SLICES"

rate() {  # files rounds start-seconds -> files/s since start
  awk -v n="$1" -v r="$2" -v s="$3" -v e="$(date +%s.%N)" 'BEGIN{printf "%.1f", n*r/(e-s)}'
}

time_codec() {  # list -> files/s, one JVM, warm-up (>= 20000 parses) not timed
  java -cp "$JAR" org.dicompipe.bench.HeaderParseTiming --warmup 1 --rounds "$ROUNDS" "@$1" \
    | sed -E 's/.*files_per_s=([0-9.]+).*/\1/'
}

time_dcmdump() {  # list extra-args... -> files/s, all files in one dcmdump process per round, output discarded
  local list=$1; shift
  xargs -a "$list" dcmdump "${DCMDUMP_HEADER[@]}" "$@" >/dev/null 2>&1   # warm-up (page cache)
  local start; start=$(date +%s.%N)
  for _ in $(seq "$ROUNDS"); do xargs -a "$list" dcmdump "${DCMDUMP_HEADER[@]}" "$@" >/dev/null 2>&1; done
  rate "$(wc -l < "$list")" "$ROUNDS" "$start"
}

time_pydicom() {  # list -> files/s, one process, one warm-up round not timed
  "$PYTHON" -W ignore - "$1" "$ROUNDS" <<'PY'
import sys, time, pydicom
files = [f for f in open(sys.argv[1]).read().split("\n") if f]
rounds = int(sys.argv[2])
for f in files:
    pydicom.dcmread(f, stop_before_pixels=True)
start = time.perf_counter()
for _ in range(rounds):
    for f in files:
        pydicom.dcmread(f, stop_before_pixels=True)
print("%.1f" % (len(files) * rounds / (time.perf_counter() - start)))
PY
}

printf '\n== header parse, files/s (%s cores, %s timed rounds of >= 2000 files; dcmtk %s, pydicom %s)\n' "$(nproc)" "$BASE_ROUNDS" \
  "$(dcmdump --version | head -1 | awk '{print $3}')" "$("$PYTHON" -c 'import pydicom; print(pydicom.__version__)')"
printf '   %-20s %7s %9s %11s %11s %9s %14s %14s\n' corpus files codec "dcmdump" "dcmdump +P" pydicom codec/pydicom codec/dcmdump
for subset in pydicom ct all; do
  list="$WORK/$subset.txt"
  # small corpora get more rounds (the same for every tool) so that each measurement parses >= 2000 files a round
  ROUNDS=$(( BASE_ROUNDS * ( ( 2000 + $(wc -l < "$list") - 1 ) / $(wc -l < "$list") ) ))
  codec=$(time_codec "$list")
  dump_full=$(time_dcmdump "$list")
  dump_one=$(time_dcmdump "$list" +P 0008,0018)
  py=$(time_pydicom "$list")
  name=$subset; [ "$subset" = pydicom ] && name="pydicom test files"; [ "$subset" = ct ] && name="CT slices"
  [ "$subset" = all ] && name="both"
  awk -v name="$name" -v n="$(wc -l < "$list")" -v c="$codec" -v d="$dump_full" -v o="$dump_one" -v p="$py" 'BEGIN{
    best = (d > o) ? d : o;
    printf "   %-20s %7d %9.1f %11.1f %11.1f %9.1f %13.1fx %13.1fx\n", name, n, c, d, o, p, c/p, c/best }'
  if [ "$subset" = all ]; then
    start=$(date +%s.%N)
    java -cp "$JAR" org.dicompipe.bench.HeaderParseTiming --warmup 0 --rounds 1 "@$list" >/dev/null
    echo "   (codec cold, one pass including JVM start, both corpora: $(rate "$(wc -l < "$list")" 1 "$start") files/s)"
    awk -v c="$codec" -v p="$py" -v d="$dump_full" -v o="$dump_one" 'BEGIN{ best = (d > o) ? d : o;
      printf "\n   goal: header parse >= 5x pydicom: %s (%.1fx)\n", (c/p >= 5 ? "met" : "NOT met"), c/p;
      printf "   goal: faster than dcmdump (its faster variant, +P): %s (%.1fx)\n", (c > best ? "met" : "NOT met"), c/best }'
  fi
done
echo "   dcmdump: full listing of every file; dcmdump +P: prints one tag only (less output, same parsing)."
echo "   codec/dcmdump compares against the faster of the two."
