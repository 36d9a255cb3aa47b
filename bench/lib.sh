# Shared helpers of the bench runners (bench/check/run.sh, bench/tuf/run.sh).
# Sourced, not run. Needs: $MEASURE (psirt-bench-measure) and $WORK.

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# timed NAME CMD...: runs CMD under psirt-bench-measure, appending its figures
# to $WORK/NAME.fig; CMD's stdout goes to $WORK/NAME.out, stderr to
# $WORK/NAME.err. A failing run aborts the whole benchmark (exit 1).
timed() {
  local name=$1; shift
  if ! "$MEASURE" "$WORK/$name.fig" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"; then
    echo "$(basename "$0"): run of '$name' failed: $*" >&2
    cat "$WORK/$name.err" >&2
    exit 1
  fi
}

# column NAME FIELD: the values of FIELD (wall_seconds, maxrss_kib) of every run.
column() { sed -n "s/.*$2=\([0-9.]*\).*/\1/p" "$WORK/$1.fig"; }
# median NAME [FIELD]: the median of FIELD (default wall_seconds) over the runs.
median() { column "$1" "${2:-wall_seconds}" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
runs_of() { column "$1" "${2:-wall_seconds}" | awk '{printf "%s%.3f", (NR>1?" ":""), $1}'; }
# The 1-minute load average now: the machine may be shared with other work.
load() { cut -d' ' -f1 /proc/loadavg; }
max_rss_kib() { column "$1" maxrss_kib | sort -n | tail -1; }
# ratio A B: A/B with 2 decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
# verdict VALUE LIMIT: PASS when VALUE <= LIMIT, else OVER.
within() { awk -v a="$1" -v b="$2" 'BEGIN {print (a <= b) ? "PASS" : "OVER"}'; }
at_least() { awk -v a="$1" -v b="$2" 'BEGIN {print (a >= b) ? "PASS" : "UNDER"}'; }
