//! The mock's modules import one way. Every `crate::`, `super::` and `self::` path in
//! `src/` (in `use` items and in code) is resolved to the file that defines it, and:
//!
//! - each file imports only from its own layer or lower ones (the table in [`LAYERS`]);
//! - within a layer the file graph has no cycle;
//! - route modules never import each other, and nothing imports the crate root;
//! - the models, the store and the state never name axum.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The layers, lowest first: a file belongs to the first entry its path starts with.
const LAYERS: [(&str, &[&str]); 7] = [
    ("settings", &["config.rs", "config/"]),
    ("model", &["model.rs", "model/"]),
    ("store", &["store.rs", "store/"]),
    ("state", &["state.rs", "state/"]),
    ("http", &["http.rs", "http/"]),
    ("routes", &["routes.rs", "routes/"]),
    ("server", &["server.rs"]),
];

/// Files outside the layers: the crate roots, which only declare modules and re-export.
const ROOTS: [&str; 2] = ["lib.rs", "main.rs"];

/// Layers that must not name axum.
const NO_AXUM: [&str; 4] = ["settings", "model", "store", "state"];

/// Source files of the library, relative to `src/`, with `/` separators.
fn sources(dir: &Path, base: &Path, out: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, base, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let rel = path.strip_prefix(base).unwrap();
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// The layer index of a file, or `None` for a crate root.
fn layer(file: &str) -> Option<usize> {
    if ROOTS.contains(&file) {
        return None;
    }
    LAYERS
        .iter()
        .position(|(_, prefixes)| prefixes.iter().any(|p| file.starts_with(p)))
        .or_else(|| panic!("{file} is in no layer: add it to LAYERS"))
}

/// The module path of a file: `store/page.rs` → `[store, page]`, `store/mod.rs` → `[store]`.
fn module_of(file: &str) -> Vec<String> {
    let stem = file.trim_end_matches(".rs");
    let mut parts: Vec<String> = stem.split('/').map(str::to_owned).collect();
    if parts
        .last()
        .is_some_and(|last| last == "mod" || last == "lib")
    {
        parts.pop();
    }
    parts
}

/// The file defining the longest prefix of `path` that is a module.
fn resolve(path: &[String], files: &BTreeSet<String>) -> String {
    for len in (0..=path.len()).rev() {
        let prefix = path[..len].join("/");
        if len == 0 {
            return "lib.rs".to_owned();
        }
        for candidate in [format!("{prefix}.rs"), format!("{prefix}/mod.rs")] {
            if files.contains(&candidate) {
                return candidate;
            }
        }
    }
    unreachable!()
}

/// The code of a file without comments, string literals and its test module (by convention
/// last, after `#[cfg(test)]`), so paths in docs and tests do not count.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for rest in chars.by_ref() {
                    if rest == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => in_string = true,
            '\'' => {
                // A char literal such as '"' must not start a string; lifetimes pass through.
                let ahead: String = chars.clone().take(3).collect();
                if ahead.starts_with('\\') || ahead.chars().nth(1) == Some('\'') {
                    for rest in chars.by_ref() {
                        if rest == '\'' {
                            break;
                        }
                    }
                } else {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Expands a `use` tree such as `crate::a::{b, c::{d, e}}` into its paths.
fn expand(tree: &str, prefix: &[String], out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head: Vec<String> = tree[..open]
            .split("::")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let inner = &tree[open + 1..tree.rfind('}').unwrap()];
        let mut depth = 0;
        let mut start = 0;
        let mut full = prefix.to_vec();
        full.extend(head);
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&inner[start..i], &full, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand(&inner[start..], &full, out);
    } else if !tree.is_empty() {
        let mut full = prefix.to_vec();
        let path = tree.split(" as ").next().unwrap();
        full.extend(path.split("::").map(|s| s.trim().to_owned()));
        out.push(full);
    }
}

/// Every path starting with `crate`, `super` or `self` that `code` names.
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut rest = code;
    // `use` items first, then inline paths in what remains.
    let mut inline = String::new();
    while let Some(at) = rest.find("use ") {
        let boundary = at == 0 || !rest[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_');
        inline.push_str(&rest[..at]);
        if !boundary {
            inline.push_str("use ");
            rest = &rest[at + 4..];
            continue;
        }
        let end = rest[at..].find(';').map_or(rest.len(), |e| at + e);
        expand(&rest[at + 4..end], &[], &mut found);
        rest = &rest[end..];
    }
    inline.push_str(rest);
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(at) = inline[from..].find(start) {
            let at = from + at;
            from = at + start.len();
            if inline[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = inline[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            found.push(
                path.split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            );
        }
    }
    found
        .into_iter()
        .filter(|p| {
            p.first()
                .is_some_and(|s| s == "crate" || s == "super" || s == "self")
        })
        .collect()
}

/// The absolute module path `path` names from inside `module`.
fn absolute(path: &[String], module: &[String]) -> Vec<String> {
    let mut base = module.to_vec();
    // Inside `a/b.rs` and `a/b/mod.rs` alike, `self` is `a::b` and `super` is `a`.
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &rest[1..];
        }
        _ => {
            while let Some(head) = rest.first() {
                match head.as_str() {
                    "self" => rest = &rest[1..],
                    "super" => {
                        base.pop();
                        rest = &rest[1..];
                    }
                    _ => break,
                }
            }
        }
    }
    base.extend(rest.iter().cloned());
    base
}

/// The file import graph of `src/`.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &src, &mut files);
    let set: BTreeSet<String> = files.iter().cloned().collect();
    let mut graph = BTreeMap::new();
    for file in &files {
        let text = code(&fs::read_to_string(src.join(file)).unwrap());
        let module = module_of(file);
        let edges: BTreeSet<String> = paths(&text)
            .iter()
            .map(|path| resolve(&absolute(path, &module), &set))
            .filter(|target| target != file)
            .collect();
        graph.insert(file.clone(), edges);
    }
    graph
}

#[test]
fn modules_import_one_way_through_the_layers() {
    let graph = graph();
    let mut problems = Vec::new();
    for (file, edges) in &graph {
        let Some(from) = layer(file) else { continue };
        for target in edges {
            match layer(target) {
                None => problems.push(format!("{file} imports the crate root {target}")),
                Some(to) if to > from => problems.push(format!(
                    "{file} ({}) imports {target} ({}), a higher layer",
                    LAYERS[from].0, LAYERS[to].0
                )),
                Some(to) if to == from && LAYERS[from].0 == "routes" => {
                    if !target.ends_with("mod.rs") && !file.ends_with("mod.rs") {
                        problems.push(format!("route module {file} imports {target}"));
                    }
                }
                Some(_) => {}
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_file_graph_has_no_cycle() {
    let graph = graph();
    // Kahn's algorithm: repeatedly remove files that import nothing left.
    let mut left = graph.clone();
    loop {
        let leaves: Vec<String> = left
            .iter()
            .filter(|(_, edges)| edges.iter().all(|e| !left.contains_key(e)))
            .map(|(file, _)| file.clone())
            .collect();
        if leaves.is_empty() {
            break;
        }
        for leaf in leaves {
            left.remove(&leaf);
        }
    }
    assert!(
        left.is_empty(),
        "files in or behind a cycle: {:?}",
        left.keys().collect::<Vec<_>>()
    );
    // The check itself sees imports: the state imports the store, the store the model.
    assert!(graph["state.rs"].contains("store.rs"), "{graph:?}");
    assert!(graph["store.rs"].contains("model.rs"), "{graph:?}");
}

#[test]
fn models_store_and_state_do_not_know_axum() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = graph();
    let offenders: Vec<&String> = graph
        .keys()
        .filter(|file| layer(file).is_some_and(|l| NO_AXUM.contains(&LAYERS[l].0)))
        .filter(|file| code(&fs::read_to_string(src.join(file)).unwrap()).contains("axum"))
        .collect();
    assert!(offenders.is_empty(), "{offenders:?}");
}

#[test]
fn the_path_parser_resolves_use_trees_and_relative_paths() {
    let mut out = Vec::new();
    expand("crate::a::{b, c::{d, e as f}}", &[], &mut out);
    let joined: Vec<String> = out.iter().map(|p| p.join("::")).collect();
    assert_eq!(joined, ["crate::a::b", "crate::a::c::d", "crate::a::c::e"]);
    let module = vec!["store".to_owned(), "page".to_owned()];
    let path: Vec<String> = ["super", "collection", "Order"].map(str::to_owned).to_vec();
    assert_eq!(absolute(&path, &module), ["store", "collection", "Order"]);
    let text = code(
        "// use crate::x;\nlet s = \"crate::y\"; crate::z::f(); use crate::w::V;\n#[cfg(test)] use super::*;",
    );
    let found: Vec<String> = paths(&text).iter().map(|p| p.join("::")).collect();
    assert_eq!(found, ["crate::w::V", "crate::z::f"]);
}
