#!/usr/bin/env bash
# Compile time of a crate of `#[resource]` structs next to the same crate written by hand.
#
# Generates, in a temporary directory outside this workspace, one workspace of four crates that
# depend on this repository by path (built offline, with this repository's lock file):
#
# - `annotated`: 40 resources of 8 fields, each `#[ittybit::resource]`, each used through its
#   `get` and `stream`;
# - `handwritten`: the same 40 structs with serde's derive, and `get` and a walk of every page
#   written by hand over reqwest + serde_json with one generic helper (what a user writes
#   without this crate), reqwest with the features the runtime uses by default;
# - `minimal-annotated` / `minimal-handwritten`: one resource and one `get`, for the fresh
#   build of the whole dependency tree.
#
# It reports CPU seconds (user + sys of cargo and every compiler it runs, from /usr/bin/time),
# never wall time, each as a ratio against the hand-written crate measured in the same run, the
# two builds alternating:
#
# 1. the rebuild after one struct gains a field (incremental debug build; median of ROUNDS);
# 2. a debug build of the app crate alone, its dependencies already built (median of ROUNDS);
# 3. a fresh debug build of a minimal program, the whole dependency tree from an empty target
#    directory (once each; skipped with --no-fresh);
# 4. the crates each pulls in (`cargo tree -e normal,build`, the app crate included) and the
#    `syn` majors among them;
# 5. the size of the release binary (skipped with --no-release).
#
# With --llvm-lines it reports instead the lines of LLVM IR one resource adds (`cargo llvm-lines`,
# installed with `cargo install cargo-llvm-lines`): the crate with 11 resources minus the crate
# with 1, over 10, for each kind of crate.
#
#   scripts/compile_time.sh [--no-fresh] [--no-release] [--keep]
#   scripts/compile_time.sh --llvm-lines
#
# Environment: ROUNDS (default 3); COMPILE_TIME_TARGET, the target directory kept between runs
# for items 1, 2 and 5 (default <repo>/target/compile-time: the first run builds the
# dependencies there once, in debug and in release).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
rounds=${ROUNDS:-3}
fresh=1
release=1
keep=0
lines=0
for arg in "$@"; do
    case $arg in
    --llvm-lines) lines=1 ;;
    --no-fresh) fresh=0 ;;
    --no-release) release=0 ;;
    --keep) keep=1 ;;
    *)
        echo "unknown argument: $arg" >&2
        exit 2
        ;;
    esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/ittybit-compile-time.XXXXXX")
if [ "$keep" -eq 0 ]; then
    trap 'rm -rf "$work"' EXIT
fi
target=${COMPILE_TIME_TARGET:-$repo/target/compile-time}
mkdir -p "$target"
export CARGO_TERM_COLOR=never
unset CARGO_MAKEFLAGS MAKEFLAGS MFLAGS RUSTFLAGS CARGO_INCREMENTAL CARGO_BUILD_RUSTFLAGS

resources=40

# ---------------------------------------------------------------------------------------------
# The generated crates.

# The struct of resource $1 (r01…r40), with $2 as its attributes.
write_struct() {
    local name=$1 attrs=$2
    cat <<EOF
${attrs}
#[derive(Debug, Clone, serde::Deserialize)]
pub struct ${name^^} {
    pub id: String,
    pub name: String,
    pub status: String,
    pub count: i64,
    pub ratio: f64,
    pub active: bool,
    pub tags: Vec<String>,
    pub note: Option<String>,
    // fields added by the bench
}
EOF
}

write_annotated() {
    local dir=$1 count=$2 walk=$3
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "$(basename "$dir")"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
ittybit = { path = "$repo" }
serde = { version = "1", features = ["derive"] }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
EOF
    {
        for i in $(seq -f '%02g' 1 "$count"); do echo "mod r$i;"; done
        echo
        echo '#[tokio::main]'
        echo 'async fn main() {'
        echo '    let client = ittybit::Client::from_env().expect("ITTYBIT_API_KEY");'
        echo '    let mut total = 0;'
        for i in $(seq -f '%02g' 1 "$count"); do
            echo "    total += r$i::touch(&client).await.unwrap_or(0);"
        done
        echo '    println!("{total}");'
        echo '}'
    } >"$dir/src/main.rs"
    for i in $(seq -f '%02g' 1 "$count"); do
        {
            write_struct "r$i" "#[ittybit::resource(path = \"/r$i\")]"
            echo
            echo "pub async fn touch(client: &ittybit::Client) -> ittybit::Result<usize> {"
            echo "    let one = R$i::get(client, \"r${i}_1\").await?;"
            echo "    let mut n = usize::from(one.active);"
            if [ "$walk" -eq 1 ]; then
                echo "    let mut all = R$i::stream(client, &ittybit::ListParams::new().limit(100));"
                echo "    while let Some(item) = all.try_next().await? {"
                echo "        n += item.tags.len();"
                echo "    }"
            fi
            echo "    Ok(n)"
            echo "}"
        } >"$dir/src/r$i.rs"
    done
}

write_handwritten() {
    local dir=$1 count=$2 walk=$3
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "$(basename "$dir")"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
reqwest = { version = "0.13", default-features = false, features = ["http2", "system-proxy", "rustls"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
EOF
    cat >"$dir/src/api.rs" <<'EOF'
//! The hand-written client: one generic helper, `fetch`.

use reqwest::header::{HeaderMap, LINK};
use serde::de::DeserializeOwned;

#[derive(Debug)]
pub enum Error {
    Http(reqwest::Error),
    Json(serde_json::Error),
}

impl From<reqwest::Error> for Error {
    fn from(error: reqwest::Error) -> Self {
        Self::Http(error)
    }
}

impl From<serde_json::Error> for Error {
    fn from(error: serde_json::Error) -> Self {
        Self::Json(error)
    }
}

pub struct Api {
    http: reqwest::Client,
    base: String,
    key: String,
}

impl Api {
    pub fn from_env() -> Self {
        Self {
            http: reqwest::Client::new(),
            base: std::env::var("API_BASE").unwrap_or_else(|_| "https://api.ittybit.com".into()),
            key: std::env::var("API_KEY").unwrap_or_default(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GETs `url` and decodes its body as `T`; also returns the `rel="next"` link.
    pub async fn fetch<T: DeserializeOwned>(&self, url: &str) -> Result<(T, Option<String>), Error> {
        let response = self
            .http
            .get(url)
            .bearer_auth(&self.key)
            .send()
            .await?
            .error_for_status()?;
        let next = next_link(response.headers());
        let body = response.bytes().await?;
        Ok((serde_json::from_slice(&body)?, next))
    }
}

/// The target of the `Link` header's `rel="next"` link.
fn next_link(headers: &HeaderMap) -> Option<String> {
    let link = headers.get(LINK)?.to_str().ok()?;
    link.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        params
            .contains("rel=\"next\"")
            .then(|| target.trim().trim_start_matches('<').trim_end_matches('>').to_owned())
    })
}
EOF
    {
        echo 'mod api;'
        for i in $(seq -f '%02g' 1 "$count"); do echo "mod r$i;"; done
        echo
        echo '#[tokio::main]'
        echo 'async fn main() {'
        echo '    let api = api::Api::from_env();'
        echo '    let mut total = 0;'
        for i in $(seq -f '%02g' 1 "$count"); do
            echo "    total += r$i::touch(&api).await.unwrap_or(0);"
        done
        echo '    println!("{total}");'
        echo '}'
    } >"$dir/src/main.rs"
    for i in $(seq -f '%02g' 1 "$count"); do
        {
            echo "use crate::api::{Api, Error};"
            echo
            write_struct "r$i" "/// Resource r$i."
            echo
            echo "impl R$i {"
            echo "    pub async fn get(api: &Api, id: &str) -> Result<Self, Error> {"
            echo "        Ok(api.fetch(&api.url(&format!(\"/r$i/{id}\"))).await?.0)"
            echo "    }"
            if [ "$walk" -eq 1 ]; then
                echo
                echo "    pub async fn all(api: &Api) -> Result<Vec<Self>, Error> {"
                echo "        let mut items = Vec::new();"
                echo "        let mut next = Some(api.url(\"/r$i?limit=100\"));"
                echo "        while let Some(url) = next {"
                echo "            let (page, link): (Vec<Self>, _) = api.fetch(&url).await?;"
                echo "            items.extend(page);"
                echo "            next = link;"
                echo "        }"
                echo "        Ok(items)"
                echo "    }"
            fi
            echo "}"
            echo
            echo "pub async fn touch(api: &Api) -> Result<usize, Error> {"
            echo "    let one = R$i::get(api, \"r${i}_1\").await?;"
            echo "    let mut n = usize::from(one.active);"
            if [ "$walk" -eq 1 ]; then
                echo "    for item in R$i::all(api).await? {"
                echo "        n += item.tags.len();"
                echo "    }"
            fi
            echo "    Ok(n)"
            echo "}"
        } >"$dir/src/r$i.rs"
    done
}

ws=$work/ws
mkdir -p "$ws"
cat >"$ws/Cargo.toml" <<'EOF'
[workspace]
members = ["annotated", "handwritten", "minimal-annotated", "minimal-handwritten", "lines-*"]
resolver = "3"
EOF
cp "$repo/Cargo.lock" "$ws/Cargo.lock"
write_annotated "$ws/annotated" "$resources" 1
write_handwritten "$ws/handwritten" "$resources" 1
write_annotated "$ws/minimal-annotated" 1 0
write_handwritten "$ws/minimal-handwritten" 1 0
for n in 1 11; do
    write_annotated "$ws/lines-annotated-$n" "$n" 1
    write_handwritten "$ws/lines-handwritten-$n" "$n" 1
done

# ---------------------------------------------------------------------------------------------
# Measuring.

# CPU seconds (user + sys) of `cargo $@`, run in the generated workspace.
cpu() {
    local out=$work/time.out
    if ! (cd "$ws" && /usr/bin/time -f '%U %S' -o "$out" cargo "$@" --offline --quiet >"$work/cargo.log" 2>&1); then
        cat "$work/cargo.log" >&2
        echo "cargo $* failed" >&2
        exit 1
    fi
    awk '{ printf "%.2f\n", $1 + $2 }' "$out"
}

median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'
}

# Adds a field to resource r07 of crate $1.
add_field() {
    sed -i "s|^    // fields added by the bench|    pub added_$2: Option<String>,\n    // fields added by the bench|" "$ws/$1/src/r07.rs"
}

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(rustc -V)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "repository: $repo ($(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "target directory: $target"
echo

export CARGO_TARGET_DIR=$target

if [ "$lines" -eq 1 ]; then
    # The lines of LLVM IR of a debug build of crate $1, every function counted.
    llvm_lines() {
        (cd "$ws" && cargo llvm-lines --offline --quiet -p "$1" 2>/dev/null) | awk '/\(TOTAL\)/ { print $1 }'
    }
    echo "| lines of LLVM IR (debug) | 1 resource | 11 resources | one resource adds |"
    echo "|---|---|---|---|"
    for kind in annotated handwritten; do
        one=$(llvm_lines "lines-$kind-1")
        eleven=$(llvm_lines "lines-$kind-11")
        echo "| $kind | $one | $eleven | $(((eleven - one) / 10)) |"
    done
    exit 0
fi
echo "building both crates once (the first run also builds their dependencies)…" >&2
cpu build -p annotated >/dev/null
cpu build -p handwritten >/dev/null

# 1. Rebuild after a field change, alternating which crate goes first.
declare -a rebuild_a rebuild_h alone_a alone_h
for round in $(seq 1 "$rounds"); do
    order=(annotated handwritten)
    [ $((round % 2)) -eq 0 ] && order=(handwritten annotated)
    for crate in "${order[@]}"; do
        add_field "$crate" "$round"
        t=$(cpu build -p "$crate")
        if [ "$crate" = annotated ]; then rebuild_a+=("$t"); else rebuild_h+=("$t"); fi
    done
done

# 2. The app crate alone: cleaned, its dependencies kept.
for round in $(seq 1 "$rounds"); do
    order=(annotated handwritten)
    [ $((round % 2)) -eq 0 ] && order=(handwritten annotated)
    for crate in "${order[@]}"; do
        cpu clean -p "$crate" >/dev/null
        t=$(cpu build -p "$crate")
        if [ "$crate" = annotated ]; then alone_a+=("$t"); else alone_h+=("$t"); fi
    done
done

# 3. Fresh builds of the minimal programs, each in an empty target directory.
fresh_a=- fresh_h=-
if [ "$fresh" -eq 1 ]; then
    echo "fresh builds of the whole dependency tree (several CPU minutes each)…" >&2
    fresh_a=$(CARGO_TARGET_DIR=$work/fresh-a cpu build -p minimal-annotated)
    rm -rf "$work/fresh-a"
    fresh_h=$(CARGO_TARGET_DIR=$work/fresh-h cpu build -p minimal-handwritten)
    rm -rf "$work/fresh-h"
fi

# 4. Crates (normal and build dependencies, the app crate included) and `syn` majors.
crates() {
    (cd "$ws" && cargo tree -p "$1" -e normal,build --prefix none --format '{p}' --offline 2>/dev/null) |
        awk '{ print $1, $2 }' | sort -u
}
crates annotated >"$work/crates-a"
crates handwritten >"$work/crates-h"
count_a=$(wc -l <"$work/crates-a")
count_h=$(wc -l <"$work/crates-h")
syn_majors() { awk '$1 == "syn" { sub(/^v/, "", $2); split($2, v, "."); print v[1] }' "$1" | sort -u | paste -sd, -; }

# 5. Release binaries.
size_a=- size_h=-
if [ "$release" -eq 1 ]; then
    echo "release builds…" >&2
    cpu build --release -p annotated >/dev/null
    cpu build --release -p handwritten >/dev/null
    size_a=$(stat -c %s "$target/release/annotated")
    size_h=$(stat -c %s "$target/release/handwritten")
fi

ma=$(median "${rebuild_a[@]}")
mh=$(median "${rebuild_h[@]}")
aa=$(median "${alone_a[@]}")
ah=$(median "${alone_h[@]}")
echo "| CPU seconds (user + sys), debug | \`#[resource]\` | hand-written | ratio |"
echo "|---|---|---|---|"
echo "| rebuild after one struct gains a field (median of $rounds; all: ${rebuild_a[*]} / ${rebuild_h[*]}) | $ma | $mh | **$(ratio "$ma" "$mh")** |"
echo "| build of the app crate alone (median of $rounds; all: ${alone_a[*]} / ${alone_h[*]}) | $aa | $ah | **$(ratio "$aa" "$ah")** |"
if [ "$fresh" -eq 1 ]; then
    echo "| fresh build of a minimal program, whole dependency tree | $fresh_a | $fresh_h | **$(ratio "$fresh_a" "$fresh_h")** |"
fi
echo
echo "| | \`#[resource]\` | hand-written | difference / ratio |"
echo "|---|---|---|---|"
echo "| crates (normal + build, the app crate included) | $count_a | $count_h | +$((count_a - count_h)) |"
echo "| \`syn\` majors | $(syn_majors "$work/crates-a") | $(syn_majors "$work/crates-h") | |"
if [ "$release" -eq 1 ]; then
    echo "| release binary, bytes | $size_a | $size_h | $(ratio "$size_a" "$size_h") |"
fi
echo
echo "crates only the \`#[resource]\` crate pulls in:"
comm -23 "$work/crates-a" "$work/crates-h" | awk '{ printf "%s %s, ", $1, $2 } END { print "" }'
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
