//! The import rule of each module (ARCHITECTURE.md, "Layers"), read from
//! the source: every `crate::x` a module's files name must be one of the
//! layers below it, so the layering cannot drift unnoticed.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Each module of the `headroom` crate and what it may import, lowest first.
const LAYERS: [(&str, &[&str]); 6] = [
    ("presets", &["engine"]),
    ("formats", &["engine", "presets"]),
    ("report", &["engine", "formats", "presets"]),
    ("cli", &["engine", "formats", "presets", "report"]),
    ("ui", &["engine", "formats", "presets", "report"]),
    (
        "bin",
        &["engine", "formats", "presets", "report", "cli", "ui"],
    ),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Rust files of a module: `src/<name>.rs` or everything under `src/<name>/`.
fn files(name: &str) -> Vec<PathBuf> {
    let single = root().join("src").join(format!("{name}.rs"));
    if single.exists() {
        return vec![single];
    }
    let mut out = Vec::new();
    let mut dirs = vec![root().join("src").join(name)];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    assert!(!out.is_empty(), "module {name} has no files");
    out
}

/// The top-level modules a source text names through `crate::`, including
/// each name of a `crate::{a, b::c}` group.
fn crate_imports(text: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && !c.is_whitespace() => {
                        out.insert(ident(&group[i..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident(rest));
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

fn violations(name: &str, allowed: &[&str]) -> Vec<String> {
    let mut bad = Vec::new();
    for file in files(name) {
        let text = fs::read_to_string(&file).unwrap();
        for m in crate_imports(&text) {
            // A module's own items are its own business.
            if m != name && !allowed.contains(&m.as_str()) && !own_item(&file, &m) {
                let shown = file
                    .strip_prefix(root())
                    .unwrap_or(&file)
                    .display()
                    .to_string();
                bad.push(format!("{shown} imports crate::{m}"));
            }
        }
    }
    bad
}

/// `crate::x` in a binary names the binary's own crate root, not the library.
fn own_item(file: &Path, m: &str) -> bool {
    file.starts_with(root().join("src/bin")) && m != "engine"
}

#[test]
fn every_module_imports_only_the_layers_below_it() {
    let bad: Vec<String> = LAYERS
        .iter()
        .flat_map(|(name, allowed)| violations(name, allowed))
        .collect();
    assert!(bad.is_empty(), "layering broken:\n{}", bad.join("\n"));
}

#[test]
fn the_engine_names_no_browser_or_ui_code() {
    let words = [
        "leptos",
        "web_sys",
        "js_sys",
        "gloo",
        "wasm_bindgen",
        "headroom::",
    ];
    let mut bad = Vec::new();
    for file in files("engine") {
        let text = fs::read_to_string(&file).unwrap();
        for w in words {
            if text.contains(w) {
                bad.push(format!("{} names {w}", file.display()));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The reader itself, on the forms the code uses.
#[test]
fn imports_are_read_from_paths_and_groups() {
    let text = "use crate::engine::Plan;\nuse crate::{formats::numbers::money, report};\nlet x = crate::presets::find(\"a\");";
    let got: Vec<String> = crate_imports(text).into_iter().collect();
    assert_eq!(got, ["engine", "formats", "presets", "report"]);
}

/// A layer that imported one above it is caught (the rule has teeth).
#[test]
fn a_higher_import_is_refused() {
    let allowed: &[&str] = &["engine"];
    let imports = crate_imports("use crate::formats::plan_json;");
    assert!(imports.iter().any(|m| !allowed.contains(&m.as_str())));
}
