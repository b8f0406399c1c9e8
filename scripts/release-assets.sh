#!/bin/sh
# release-assets.sh DIR writes what the release archives and packages carry
# beside the binary: DIR/completions/ (numbrowse.bash, _numbrowse for zsh,
# numbrowse.fish, numbrowse.ps1) and DIR/manpages/numbrowse.1.gz. They come
# from numbrowse itself (cobra's `completion`, fang's `man`), so they always
# match the flags being released.
# GoReleaser runs it as a before hook (.goreleaser.yaml); it runs alone too.
set -eu
cd "$(dirname "$0")/.."
out=${1:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

go build -o "$tmp/numbrowse" .

# A bare environment: the releaser's own config file or NUMBROWSE_* variables
# must not change (or break) what every user gets.
run() {
	env -i PATH="$PATH" HOME="$tmp" XDG_CONFIG_HOME="$tmp/config" NO_COLOR=1 \
		"$tmp/numbrowse" "$@"
}

rm -rf "$out/completions" "$out/manpages"
mkdir -p "$out/completions" "$out/manpages"
run completion bash >"$out/completions/numbrowse.bash"
run completion zsh >"$out/completions/_numbrowse"
run completion fish >"$out/completions/numbrowse.fish"
run completion powershell >"$out/completions/numbrowse.ps1"
# -n leaves the name and time out of the gzip header: the same page gives
# the same bytes.
run man | gzip -9n >"$out/manpages/numbrowse.1.gz"

for f in "$out"/completions/* "$out/manpages/numbrowse.1.gz"; do
	[ -s "$f" ] || { echo "release-assets.sh: $f is empty" >&2; exit 1; }
done
