//! The import rule of each module (ARCHITECTURE.md, "Layers"), read from
//! the source: every `crate::x` a module's files name must be one of the
//! layers below it, so the layering cannot drift unnoticed.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Each module of the `headroom` crate (or one file of one) and what it
/// may import, lowest first: a name allows the whole module, `a::b` only
/// that part of it.
const LAYERS: [(&str, &[&str]); 10] = [
    // Where a JSON path's value sits in a file's text (for decode errors).
    ("formats/locate", &["engine"]),
    ("formats/plan_json", &["engine", "formats::locate"]),
    // Presets are plan files, read by the plan file reader.
    ("presets", &["engine", "formats::plan_json"]),
    ("formats", &["engine", "presets"]),
    ("report", &["engine", "formats", "presets"]),
    // Plans side by side, from their forecasts and simulations.
    ("compare", &["engine", "formats", "presets", "report"]),
    (
        "cli",
        &["engine", "formats", "presets", "report", "compare"],
    ),
    // What the app shows and keeps, natively; the browser glue sits on it.
    (
        "app",
        &["engine", "formats", "presets", "report", "compare"],
    ),
    (
        "ui",
        &["engine", "formats", "presets", "report", "compare", "app"],
    ),
    (
        "bin",
        &[
            "engine", "formats", "presets", "report", "compare", "cli", "app", "ui",
        ],
    ),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Rust files of a module: `src/<name>.rs` or everything under `src/<name>/`.
fn files(name: &str) -> Vec<PathBuf> {
    let single = root().join("src").join(format!("{name}.rs"));
    if name.contains('/') {
        assert!(single.exists(), "{} is missing", single.display());
    }
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

/// The paths a source text names through `crate::`, as their first two
/// segments (`formats::plan_json`), including each path of a
/// `crate::{a, b::c}` group.
fn crate_imports(text: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        let word = |s: &str| -> String {
            s.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        };
        let first = word(s);
        match s[first.len()..].strip_prefix("::").map(word) {
            Some(second) if !second.is_empty() => format!("{first}::{second}"),
            _ => first,
        }
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
        for path in crate_imports(&text) {
            let m = path.split("::").next().unwrap_or_default().to_string();
            let own = name.split('/').next() == Some(m.as_str()) && !name.contains('/');
            // A module's own items are its own business.
            if !own && !allows(allowed, &path) && !own_item(&file, &m) {
                let shown = file
                    .strip_prefix(root())
                    .unwrap_or(&file)
                    .display()
                    .to_string();
                bad.push(format!("{shown} imports crate::{path}"));
            }
        }
    }
    bad
}

/// Whether `path` (`a` or `a::b`) is one of `allowed`'s modules or parts.
fn allows(allowed: &[&str], path: &str) -> bool {
    let module = path.split("::").next().unwrap_or_default();
    allowed.iter().any(|&a| a == module || a == path)
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
    assert_eq!(
        got,
        [
            "engine::Plan",
            "formats::numbers",
            "presets::find",
            "report"
        ]
    );
}

/// A layer that imported one above it is caught (the rule has teeth).
#[test]
fn a_higher_import_is_refused() {
    let presets: &[&str] = &["engine", "formats::plan_json"];
    assert!(allows(presets, "formats::plan_json"));
    assert!(allows(presets, "engine::Plan"));
    assert!(!allows(presets, "formats::link"));
    assert!(!allows(presets, "report"));
}
