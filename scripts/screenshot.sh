#!/usr/bin/env bash
# Renders docs/screenshot.png from a real frame: numbrowse --demo in tmux at
# 130x30 (US local, filter "312 sms", the detail pane open on the 4th row),
# captured with its colours (tmux capture-pane -e) and drawn by freeze
# (go install github.com/charmbracelet/freeze@v0.2.2). freeze draws SGR 49
# (default background) as if it kept the previous background, which paints
# the selected row's colour across the rest of the line: each 49 is written
# as a reset followed by the attributes still in force, which the terminal
# reads the same way. Needs tmux, python3 and freeze.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'tmux -L numbrowse-shot kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/numbrowse" .
export XDG_CACHE_HOME=$tmp/cache XDG_STATE_HOME=$tmp/state XDG_CONFIG_HOME=$tmp/config
t="tmux -L numbrowse-shot"
$t new-session -d -x 130 -y 30 "COLORTERM=truecolor $tmp/numbrowse --demo --type local"
sleep 3
$t send-keys / 312 Space sms Enter
sleep 1
$t send-keys d j j j
sleep 1.5
$t capture-pane -e -p >"$tmp/frame.ans"
python3 - "$tmp/frame.ans" >"$tmp/fixed.ans" <<'PY'
import re, sys
fg, bold = None, False
def sgr(m):
    global fg, bold
    ps = m.group(1).split(';') if m.group(1) else ['0']
    out, i = [], 0
    while i < len(ps):
        p = ps[i]
        if p in ('38', '48') and i + 1 < len(ps):
            n = 3 if ps[i + 1] == '5' else 5
            seq = ';'.join(ps[i:i + n]); i += n
            if p == '38':
                fg = seq
            out.append(seq); continue
        if p in ('0', ''): fg, bold = None, False; out.append('0')
        elif p == '1': bold = True; out.append('1')
        elif p == '22': bold = False; out.append('22')
        elif p == '39': fg = None; out.append('39')
        elif p == '49':
            out.append('0')
            if bold: out.append('1')
            if fg: out.append(fg)
        else: out.append(p)
        i += 1
    return '\x1b[' + ';'.join(out) + 'm'
for line in open(sys.argv[1]):
    sys.stdout.write(re.sub(r'\x1b\[([0-9;]*)m', sgr, line.rstrip('\n')) + '\x1b[0m  \n')
PY
freeze=$(command -v freeze || echo "$(go env GOPATH)/bin/freeze")
"$freeze" --language ansi --font.size 5.6 -o docs/screenshot.png "$tmp/fixed.ans" >/dev/null
echo "wrote docs/screenshot.png"
