#!/usr/bin/env bash
# Measures what numbrowse costs and prints one table of the figures against
# the issue 5 budgets (see BENCHMARKS.md). Needs only Go (Linux: the start-up
# probe opens its pseudo-terminal the Linux way) and ../shared/tools/ptyprobe
# next to the repository. Takes about five minutes. Not run by CI: timings
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
export XDG_CONFIG_HOME=$work/config XDG_STATE_HOME=$work/state XDG_CACHE_HOME=$work/cache

log() { printf '%s\n' "$*" >&2; }

log "building numbrowse and the probes..."
go build -o "$work/numbrowse" .
go build -o "$work/startprobe" ./scripts/startprobe
(cd "$probe_src" && go build -o "$work/ptyprobe" .)
(cd "$probe_src/../baseline-table" && go build -o "$work/baseline-table" .)
go build -o "$work/sshload" ./scripts/sshload
go build -trimpath -ldflags "-s -w" -o "$work/numbrowse-release" .
# As published (docs/releasing.md): also without cgo.
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$work/numbrowse-release-nocgo" .

# json FIELD FILE prints a number field of a probe's JSON report.
json() { sed -n "s/.*\"$1\": *\([-0-9.e+]*\).*/\1/p" "$2" | head -n1; }
# jmap KEY K FILE: the value of K in the JSON object KEY ("added_mib": {"10": 3.1, ...}).
jmap() { sed -n "s/.*\"$1\": *{[^}]*\"$2\": *\([-0-9.e+]*\).*/\1/p" "$3" | head -n1; }
jbool() { sed -n "s/.*\"$1\": *\(true\|false\).*/\1/p" "$2" | head -n1; }

# --no-cache: the keystroke probes measure the results of a fresh search,
# never the kept ones of the previous probe.
browse=("$work/numbrowse" --demo --no-cache --country US --type local)

# ptyprobe NAME SIZE FLAGS... runs ptyprobe against the demo browser. It
# measures keys only once the status line counts the numbers (-ready), not
# while the spinner still runs (a loaded machine can take seconds to
# generate 100,000).
ptyprobe() {
	local name=$1 size=$2
	shift 2
	log "ptyprobe: $name (NUMBROWSE_DEMO_SIZE=$size)..."
	NUMBROWSE_DEMO_SIZE=$size "$work/ptyprobe" -cols 120 -rows 40 -startup 60s -ready ' numbers' "$@" -- "${browse[@]}" \
		>"$work/$name.json" || { log "ptyprobe $name failed:"; cat "$work/$name.json" >&2; exit 1; }
}

ptyprobe moves-closed 5000 -n 200 -key j
ptyprobe moves-open 5000 -n 200 -key j -pre d
# The detail pane at the other sizes issue 16 checks (below the table at
# 80x24, beside it at 160x50 and 200x60; later -cols/-rows win).
ptyprobe moves-open-80x24 5000 -cols 80 -rows 24 -n 200 -key j -pre d
ptyprobe moves-open-160x50 5000 -cols 160 -rows 50 -n 200 -key j -pre d
ptyprobe moves-open-200x60 5000 -cols 200 -rows 60 -n 200 -key j -pre d
ptyprobe pages 5000 -n 20 -key '\x1b[6~'
ptyprobe moves-100k 100000 -n 100 -key j
ptyprobe filter-narrow-100k 100000 -n 8 -pre / -key 5
ptyprobe filter-widen-100k 100000 -n 8 -pre /55555555 -key '\x7f'
ptyprobe sort-100k 100000 -n 8 -key s
# The same launch with no key that sorts: the sort's peak RSS is measured
# against it (same run).
ptyprobe nosort-100k 100000 -n 8 -key j

# First screen against a bare Bubbles v2 table, and a launch with the
# previous run's results kept while the API takes 2 s to answer (startprobe:
# it times the first bytes of each screen, where ptyprobe waits for the
# output to settle, which a spinner never does): rounds of the three,
# interleaved (the machine's load moves between rounds), medians.
log "startprobe: first screen against a bare table, 5 rounds..."
# sp FIELD FLAGS... prints one field of one startprobe run of 3 launches.
sp() {
	local f=$1
	shift
	"$work/startprobe" -runs 3 "$@" >"$work/sp.json" || { cat "$work/sp.json" >&2; exit 1; }
	json "$f" "$work/sp.json"
}
: >"$work/first.txt"
for _ in 1 2 3 4 5; do
	printf '%s %s %s\n' "$(sp first_screen_ms -screen 'Lead time' -results 'Lead time' -- "$work/baseline-table")" \
		"$(sp first_screen_ms -- "$work/numbrowse")" \
		"$(sp results_ms -latency 2s -warm -- "$work/numbrowse")" >>"$work/first.txt"
done
# median COLUMN prints the median of a column of first.txt.
median() { awk -v c="$1" '{ print $c }' "$work/first.txt" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# serve: 100 SSH sessions of one 100,000-number inventory on loopback.
log "sshload: 100 SSH sessions of serve at 100,000 numbers..."
port=$((20000 + RANDOM % 20000))
NUMBROWSE_DEMO_SIZE=100000 "$work/numbrowse" serve --demo --max-sessions 120 --idle-timeout 0 \
	--listen "127.0.0.1:$port" --host-key "$work/host_key" >"$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 100); do grep -q listening "$work/serve.log" && break; sleep 0.1; done
# (Ready at the whole count: the first session's first 10,000 numbers,
# shown while the rest arrives, are not all of its memory yet.)
"$work/sshload" -addr "127.0.0.1:$port" -pid "$serve_pid" -n 100 -ready '100,000 numbers' -keys 5 >"$work/sshload.json" ||
	{ kill "$serve_pid"; cat "$work/sshload.json" >&2; exit 1; }
kill "$serve_pid"
wait "$serve_pid" 2>/dev/null || true

log "startprobe: launch without terminal answers..."
"$work/startprobe" -runs 7 -- "$work/numbrowse" >"$work/start.json" ||
	{ cat "$work/start.json" >&2; exit 1; }
# At 100,000: the probe encodes the answer before it starts it and writes
# it whole, so the figures after the answer are the browser's alone; a bare
# Bubbles table drawing 100,000 rows is launched in the same run. The first
# results are the answer's first numbers, shown while the rest arrives
# ("10,000 numbers so far"); all results, the whole count ("100,000
# numbers", startprobe's -all for -size).
"$work/startprobe" -runs 3 -size 100000 -- "$work/numbrowse" --no-cache >"$work/start-100k.json" ||
	{ cat "$work/start-100k.json" >&2; exit 1; }
BASELINE_ROWS=100000 "$work/startprobe" -runs 3 -screen 'Lead time' -results 'Lead time' -- "$work/baseline-table" >"$work/bare-100k.json" ||
	{ cat "$work/bare-100k.json" >&2; exit 1; }

log "go test -bench (api, results, ui)..."
# (-bench splits its pattern at slashes, so one pattern per level shape.)
gobench() { go test -run '^$' -bench "$2" "${@:3}" "$1" >>"$work/bench-$(basename "$1").txt"; }
gobench ./api/ '^BenchmarkDecodeSearch$/^100k$' -benchtime 3x
gobench ./api/ '^BenchmarkDecode(Documented|Baseline|Unsized|Tokenize)$' -benchtime 5x
gobench ./internal/results/ '^BenchmarkFilter$/./^100000$'
gobench ./internal/results/ '^BenchmarkTyping$/^100000$'
gobench ./internal/results/ '^BenchmarkSort$/^monthly$/^100000$'
gobench ./internal/results/ '^BenchmarkSortColumn$/^monthly$'
gobench ./ui/ '^BenchmarkView$/^(1000|100000)$'
gobench ./ui/ '^BenchmarkFilterKeystroke$'
gobench ./ui/ '^Benchmark(NewSession|SessionHeap)$' -benchtime 10x

# benchbytes FILE NAME prints the B/op of one benchmark; benchmetric FILE
# NAME UNIT the value of one of its metrics.
benchbytes() { benchmetric "$1" "$2" B/op; }
benchmetric() { awk -v n="$2" -v u="$3" '$1 ~ "^Benchmark"n"(-[0-9]+)?$" { for (i = 2; i < NF; i++) if ($(i+1) == u) { print $i; exit } }' "$1"; }
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
row "First screen (startprobe), median of 5 rounds of 3" "$(median 2)" ms - -
row "First screen of a bare Bubbles v2 table, same rounds" "$(median 1)" ms - -
row "First screen / bare table's first screen" "$(awk -v a="$(median 2)" -v b="$(median 1)" 'BEGIN { printf "%.2f", a / b }')" x "<=" 1.2
row "Launch to kept results, API answering after 2 s (median)" "$(median 3)" ms - -
row "Launch to kept results / bare table's first screen" "$(awk -v a="$(median 3)" -v b="$(median 1)" 'BEGIN { printf "%.2f", a / b }')" x "<=" 1.2
row "First screen after launch, terminal answers no query" "$(json first_screen_ms "$work/start.json")" ms "<=" 100
row "First results after the server answers (default demo)" "$(json results_after_answer_ms "$work/start.json")" ms "<=" 300
row "First results after the answer's first byte, 100,000 results" "$(json results_after_answer_ms "$work/start-100k.json")" ms "<=" 300
row "All 100,000 results after the answer's first byte" "$(json all_results_after_answer_ms "$work/start-100k.json")" ms - -
row "All 100,000 results after the answer's last byte" "$(json all_results_after_answer_end_ms "$work/start-100k.json")" ms - -
row "First screen of a bare Bubbles table of 100,000 rows, same run" "$(json first_screen_ms "$work/bare-100k.json")" ms - -
okrow "Quits cleanly although the terminal answers no query" "$(jbool exited_cleanly "$work/start.json")"
row "Filter keystroke over 100,000, full pass (slowest query)" "$filter_worst" ms "<=" 10
row "Filter keystroke over 100,000, typing (narrowing, mean)" "$typing" ms "<=" 10
row "Filter keystroke over 100,000 in the browser (Update + frame)" "$(bench "$work/bench-ui.txt" FilterKeystroke)" ms "<=" 10
row "Sort by monthly cost over 100,000 (new order)" "$(bench "$work/bench-results.txt" Sort/monthly/100000)" ms "<=" 40
row "Sort by monthly cost, the number order known (a press of s)" "$(bench "$work/bench-results.txt" SortColumn/monthly)" ms - -
row "Sort by monthly cost, bytes allocated (the order: 400,000)" "$(benchbytes "$work/bench-results.txt" SortColumn/monthly)" B - -
row "Frame at 100,000 results / frame at 1,000 (same screen)" "$view_ratio" x "<=" 1.5
row "Frame at 100,000 results (View)" "$view100k" ms - -
row "Peak RSS, 100,000 results loaded (demo server included)" "$(json max_rss_mib "$work/moves-100k.json")" MiB "<=" 150
row "Peak RSS added by 8 sorts at 100,000 (against 8 moves)" \
	"$(awk -v a="$(json max_rss_mib "$work/sort-100k.json")" -v b="$(json max_rss_mib "$work/nosort-100k.json")" 'BEGIN { printf "%.1f", a - b }')" MiB "<=" 5
row "Bytes per cursor move, detail open, mean" "$(json bytes_per_key_mean "$work/moves-open.json")" B "<=" 350
row "Bytes per cursor move, detail open, p95" "$(json bytes_per_key_p95 "$work/moves-open.json")" B "<=" 500
for sz in 80x24 160x50 200x60; do
	row "Bytes per cursor move, detail open, $sz, mean" "$(json bytes_per_key_mean "$work/moves-open-$sz.json")" B - -
	row "Bytes per cursor move, detail open, $sz, p95" "$(json bytes_per_key_p95 "$work/moves-open-$sz.json")" B - -
done
row "serve at 100,000: RSS added per session, mean of 100" "$(json mean_added_mib "$work/sshload.json")" MiB "<=" 2
for k in 10 50 100; do
	row "serve: RSS added per session, the 5 up to the ${k}th" "$(jmap added_mib $k "$work/sshload.json")" MiB "<=" 2
	row "serve: RSS added by the ${k}th session alone" "$(jmap added_one_mib $k "$work/sshload.json")" MiB - -
done
row "serve: a new session's allocations up to its first screen" "$(benchbytes "$work/bench-ui.txt" NewSession)" B - -
row "serve: live heap a session keeps (ui only, no renderer)" "$(benchmetric "$work/bench-ui.txt" SessionHeap MiB-live/session)" MiB - -
row "serve: server CPU per cursor key, 100 sessions" "$(json cpu_ms_per_key "$work/sshload.json")" ms - -
row "serve: server CPU per login, sessions 2 to 100" "$(json cpu_ms_per_login "$work/sshload.json")" ms - -
row "Release binary (-trimpath -ldflags \"-s -w\")" "$(awk -v b="$(wc -c <"$work/numbrowse-release")" 'BEGIN { printf "%.2f", b / 1e6 }')" MB "<=" 15
row "Release binary as published (the same, CGO_ENABLED=0)" "$(awk -v b="$(wc -c <"$work/numbrowse-release-nocgo")" 'BEGIN { printf "%.2f", b / 1e6 }')" MB - -
row "Decode 100,000 entries (streaming)" "$(bench "$work/bench-api.txt" DecodeSearch/100k)" ms - -
row "Decode 100,000 entries of the documented shape" "$(bench "$work/bench-api.txt" DecodeDocumented)" ms "<=" 150
row "Same body, length not known in advance (streamed)" "$(bench "$work/bench-api.txt" DecodeUnsized)" ms - -
row "Same body, jsontext tokens only (the floor)" "$(bench "$work/bench-api.txt" DecodeTokenize)" ms - -
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
