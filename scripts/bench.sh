#!/usr/bin/env bash
# Measures what numbrowse costs and prints one table of the figures against
# the issue 5 budgets (see BENCHMARKS.md). Needs only Go (Linux: the start-up
# probe opens its pseudo-terminal the Linux way) and ../shared/tools/ptyprobe
# next to the repository. Takes about three minutes. Not run by CI: timings
# depend on the machine and on what else runs on it.
#
#   scripts/bench.sh                  # from anywhere in the repository
#   KEEP=1 scripts/bench.sh           # keep the raw outputs (path printed at the end)
#   SHARED=/elsewhere scripts/bench.sh  # the shared tools are not at ../shared
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
probe_src=${SHARED:-$root/../shared}/tools/ptyprobe
if [[ ! -d $probe_src ]]; then
	echo "bench.sh: $probe_src not found (check out the shared tools next to the repository)" >&2
	exit 2
fi
work=$(mktemp -d)
if [[ -z ${KEEP:-} ]]; then
	trap 'rm -rf "$work"' EXIT
fi

# A clean environment: no user settings, a UTF-8 locale (the browser draws
# ASCII only otherwise), the terminal type the budgets are stated for.
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep -E '^(NUMBROWSE_|IDENTITYCALL_)' || true)
unset NO_COLOR CLICOLOR_FORCE
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color
export XDG_CONFIG_HOME=$work/config XDG_STATE_HOME=$work/state

log() { printf '%s\n' "$*" >&2; }

log "building numbrowse and the probes..."
go build -o "$work/numbrowse" .
go build -o "$work/startprobe" ./scripts/startprobe
(cd "$probe_src" && go build -o "$work/ptyprobe" .)

# json FIELD FILE prints a number field of a probe's JSON report.
json() { sed -n "s/.*\"$1\": *\([-0-9.e+]*\).*/\1/p" "$2" | head -n1; }
jbool() { sed -n "s/.*\"$1\": *\(true\|false\).*/\1/p" "$2" | head -n1; }

browse=("$work/numbrowse" --demo --country US --type local)

# ptyprobe NAME SIZE FLAGS... runs ptyprobe against the demo browser.
ptyprobe() {
	local name=$1 size=$2
	shift 2
	log "ptyprobe: $name (NUMBROWSE_DEMO_SIZE=$size)..."
	NUMBROWSE_DEMO_SIZE=$size "$work/ptyprobe" -cols 120 -rows 40 -startup 60s "$@" -- "${browse[@]}" \
		>"$work/$name.json" || { log "ptyprobe $name failed:"; cat "$work/$name.json" >&2; exit 1; }
}

ptyprobe moves-closed 5000 -n 200 -key j
ptyprobe moves-open 5000 -n 200 -key j -pre d
ptyprobe pages 5000 -n 20 -key '\x1b[6~'
ptyprobe moves-100k 100000 -n 100 -key j
ptyprobe filter-narrow-100k 100000 -n 8 -pre / -key 5
ptyprobe filter-widen-100k 100000 -n 8 -pre /55555555 -key '\x7f'
ptyprobe sort-100k 100000 -n 8 -key s

log "startprobe: launch without terminal answers..."
"$work/startprobe" -runs 7 -- "$work/numbrowse" >"$work/start.json" ||
	{ cat "$work/start.json" >&2; exit 1; }
"$work/startprobe" -runs 3 -size 100000 -- "$work/numbrowse" >"$work/start-100k.json" ||
	{ cat "$work/start-100k.json" >&2; exit 1; }

log "go test -bench (api, results, ui)..."
# (-bench splits its pattern at slashes, so one pattern per level shape.)
gobench() { go test -run '^$' -bench "$2" "${@:3}" "$1" >>"$work/bench-$(basename "$1").txt"; }
gobench ./api/ '^BenchmarkDecodeSearch$/^100k$' -benchtime 3x
gobench ./api/ '^BenchmarkDecode(Documented|Baseline)$' -benchtime 5x
gobench ./internal/results/ '^BenchmarkFilter$/./^100000$'
gobench ./internal/results/ '^BenchmarkTyping$/^100000$'
gobench ./internal/results/ '^BenchmarkSort$/^monthly$/^100000$'
gobench ./ui/ '^BenchmarkView$/^(1000|100000)$'
gobench ./ui/ '^BenchmarkFilterKeystroke$'

# bench FILE NAME prints the ns/op of one benchmark, in ms.
bench() { awk -v n="$2" '$1 ~ "^Benchmark"n"(-[0-9]+)?$" { for (i = 2; i < NF; i++) if ($(i+1) == "ns/op") { printf "%.3f", $i / 1e6; exit } }' "$1"; }
# metric FILE NAME UNIT prints a custom metric of one benchmark.
metric() { awk -v n="$2" -v u="$3" '$1 ~ "^Benchmark"n"(-[0-9]+)?$" { for (i = 2; i < NF; i++) if ($(i+1) == u) { print $i; exit } }' "$1"; }

filter_worst=0
for q in digits anchored text vanity combined; do
	v=$(bench "$work/bench-results.txt" "Filter/$q/100000")
	filter_worst=$(awk -v a="$filter_worst" -v b="$v" 'BEGIN { print (b > a) ? b : a }')
done
typing=$(awk -v t="$(bench "$work/bench-results.txt" Typing/100000)" 'BEGIN { printf "%.3f", t / 7 }')
view1k=$(bench "$work/bench-ui.txt" View/1000)
view100k=$(bench "$work/bench-ui.txt" View/100000)
view_ratio=$(awk -v a="$view100k" -v b="$view1k" 'BEGIN { printf "%.2f", a / b }')

# row FIGURE VALUE UNIT OP LIMIT prints one line; OP is <= or - (information).
rows=()
fails=0
row() {
	local verdict=info
	if [[ $4 != - ]]; then
		if awk -v v="$2" -v l="$5" 'BEGIN { exit !(v != "" && v + 0 <= l + 0) }'; then verdict=pass; else
			verdict=FAIL
			fails=$((fails + 1))
		fi
	fi
	local shown=$2
	if [[ $shown =~ ^-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?$ ]]; then
		shown=$(awk -v v="$shown" 'BEGIN { if (v == int(v)) printf "%d", v; else if (v < 10) printf "%.2f", v; else printf "%.1f", v }')
	fi
	local budget="$4 $5 $3"
	[[ $4 == - ]] && budget="-"
	rows+=("$(printf '| %-62s | %12s | %-12s | %-4s |' "$1" "$shown $3" "$budget" "$verdict")")
}
okrow() {
	local verdict=pass
	[[ $2 == true ]] || { verdict=FAIL; fails=$((fails + 1)); }
	rows+=("$(printf '| %-62s | %12s | %-12s | %-4s |' "$1" "$2" "true" "$verdict")")
}

row "Bytes per cursor move, 120x40, 5,000 results, detail closed" "$(json bytes_per_key_median "$work/moves-closed.json")" B "<=" 300
row "Bytes per cursor move, 120x40, 5,000 results, detail open" "$(json bytes_per_key_median "$work/moves-open.json")" B "<=" 500
row "Bytes per page down (the rows that changed), detail closed" "$(json bytes_per_key_median "$work/pages.json")" B - -
row "Key to first byte, cursor move, 100,000 results (median)" "$(json first_byte_ms_median "$work/moves-100k.json")" ms "<=" 17
row "Key to first byte, filter keystroke narrowing, 100,000" "$(json first_byte_ms_median "$work/filter-narrow-100k.json")" ms "<=" 17
row "Key to first byte, filter keystroke widening, 100,000" "$(json first_byte_ms_median "$work/filter-widen-100k.json")" ms "<=" 17
row "Key to first byte, sort key (new order), 100,000 (median)" "$(json first_byte_ms_median "$work/sort-100k.json")" ms - -
row "First screen after launch, terminal answers no query" "$(json first_screen_ms "$work/start.json")" ms "<=" 100
row "First results after the server answers (default demo)" "$(json results_after_answer_ms "$work/start.json")" ms "<=" 300
row "First results after the server answers, 100,000 results" "$(json results_after_answer_ms "$work/start-100k.json")" ms "<=" 300
okrow "Quits cleanly although the terminal answers no query" "$(jbool exited_cleanly "$work/start.json")"
row "Filter keystroke over 100,000, full pass (slowest query)" "$filter_worst" ms "<=" 10
row "Filter keystroke over 100,000, typing (narrowing, mean)" "$typing" ms "<=" 10
row "Filter keystroke over 100,000 in the browser (Update + frame)" "$(bench "$work/bench-ui.txt" FilterKeystroke)" ms "<=" 10
row "Sort by monthly cost over 100,000 (new order)" "$(bench "$work/bench-results.txt" Sort/monthly/100000)" ms "<=" 40
row "Frame at 100,000 results / frame at 1,000 (same screen)" "$view_ratio" x "<=" 1.5
row "Frame at 100,000 results (View)" "$view100k" ms - -
row "Peak RSS, 100,000 results loaded (demo server included)" "$(json max_rss_mib "$work/moves-100k.json")" MiB "<=" 150
row "Decode 100,000 entries (streaming)" "$(bench "$work/bench-api.txt" DecodeSearch/100k)" ms - -
row "Decode 100,000 entries of the documented shape" "$(bench "$work/bench-api.txt" DecodeDocumented)" ms "<=" 150
row "Same body, plain encoding/json into a minimal struct" "$(bench "$work/bench-api.txt" DecodeBaseline)" ms - -
row "Documented decode / encoding/json baseline (same run)" \
	"$(awk -v a="$(bench "$work/bench-api.txt" DecodeDocumented)" -v b="$(bench "$work/bench-api.txt" DecodeBaseline)" 'BEGIN { printf "%.2f", a / b }')" x "<=" 1
row "Decode 100,000: heap kept by the numbers / body size" \
	"$(metric "$work/bench-api.txt" DecodeSearch/100k MiB-kept)/$(metric "$work/bench-api.txt" DecodeSearch/100k MiB-body)" MiB - -

printf '\nnumbrowse %s on %s, %s CPUs, load %s\n\n' "$(git -C "$root" describe --always --dirty 2>/dev/null || echo '?')" \
	"$(uname -sm)" "$(getconf _NPROCESSORS_ONLN)" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
printf '| %-62s | %12s | %-12s | %-4s |\n' "Figure" "Measured" "Budget" ""
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..64})" "$(printf -- '-%.0s' {1..14})" "$(printf -- '-%.0s' {1..14})" "------"
printf '%s\n' "${rows[@]}"
[[ -n ${KEEP:-} ]] && printf '\nraw outputs: %s\n' "$work"
if ((fails > 0)); then
	printf '\n%d budget(s) not met\n' "$fails"
	exit 1
fi
