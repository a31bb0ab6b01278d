#!/usr/bin/env bash
# Smoke test of the real desktop app: builds cmd/relance (cgo, OpenGL),
# starts it under Xvfb (Mesa's llvmpipe renders it) on a fresh demo ledger,
# visits every screen (--tour) and keeps a screenshot of each, taken from
# the X server with ImageMagick's import, in
#   ${RELANCE_ARTIFACTS:-artifacts}/screenshots/<language>/NN-<screen>.png
# It fails if the app does not start, crashes, or leaves a screenshot
# missing, empty or blank. Runs in English, then French, German and Serbian taken
# from the system language (LANG), as an owner's machine would set it.
#
# Needs (Debian): gcc libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
# libxinerama-dev libxi-dev libxxf86vm-dev xvfb xauth imagemagick.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in xvfb-run import identify gcc; do
  if ! command -v "$tool" >/dev/null; then
    echo "smoke-gui: $tool is missing (apt-get install xvfb xauth imagemagick gcc libgl1-mesa-dev ...)" >&2
    exit 1
  fi
done

out="${RELANCE_ARTIFACTS:-$PWD/artifacts}/screenshots"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "smoke-gui: building cmd/relance (the first cold build compiles go-gl's C code: minutes)"
CGO_ENABLED=1 go build -o "$work/relance" ./cmd/relance

screens=10 # the navigation's entries (ui.New)
status=0
for lang in en_US.UTF-8 fr_FR.UTF-8 de_DE.UTF-8 sr_RS.UTF-8; do
  short="${lang%%_*}"
  dir="$out/$short"
  rm -rf "$dir"
  mkdir -p "$dir"
  # A home of its own: the app's preferences and data folder stay out of
  # the user's, and the demo ledger is made afresh.
  home="$work/home-$short"
  mkdir -p "$home"
  log="$dir/relance.log"
  echo "smoke-gui: $lang: touring every screen"
  if ! HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" LANG="$lang" LC_ALL= \
      timeout 300 xvfb-run -a -s "-screen 0 1280x900x24" \
      "$work/relance" --demo --tour "$dir" >"$log" 2>&1; then
    echo "smoke-gui: $lang: the app failed; its output:" >&2
    cat "$log" >&2
    status=1
    continue
  fi
  if grep -E "panic:|fatal error:" "$log" >&2; then
    status=1
  fi
  n=0
  for png in "$dir"/*.png; do
    [ -e "$png" ] || continue
    n=$((n + 1))
    # A blank screen (one colour) means nothing was drawn.
    colours="$(identify -format '%k' "$png")"
    size="$(identify -format '%wx%h' "$png")"
    echo "  $(basename "$png"): $size, $colours colours"
    if [ "$colours" -lt 16 ]; then
      echo "smoke-gui: $png is blank" >&2
      status=1
    fi
  done
  if [ "$n" -ne "$screens" ]; then
    echo "smoke-gui: $lang: $n screenshots, want $screens; the app said:" >&2
    cat "$log" >&2
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "smoke-gui: ok, screenshots in $out"
exit "$status"
