//! The shape of the code, checked on every test run (see ARCHITECTURE.md):
//! - the top-level modules of `src/` import each other in one direction only (no
//!   cycle), read from every `crate::NAME` path outside comments and tests;
//! - no function in `src/` is longer than 150 lines, no file longer than 600;
//! - nothing in the repository points to a contract outside it (the docs are `docs/`).
//!
//! Run alone with `cargo test --test architecture`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const MAX_FN_LINES: usize = 150;
const MAX_FILE_LINES: usize = 600;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("src is readable")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`None` for the crate roots).
fn module_of(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src()).expect("under src");
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    let name = first.trim_end_matches(".rs").to_string();
    (!matches!(name.as_str(), "lib" | "main")).then_some(name)
}

/// A file's code without comments, test modules and test files' contents.
fn code_of(file: &Path) -> String {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name == "tests.rs" || name.ends_with("_tests.rs") || name == "proptests.rs" {
        return String::new();
    }
    let text = fs::read_to_string(file).expect("source is UTF-8");
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => &text[..],
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Identifier characters.
fn ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every module named by a `crate::NAME` path or inside a `crate::{A, B::c}` group.
fn imports(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let before_ok = rest[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !ident(c) && c != '$');
        rest = &rest[i + "crate::".len()..];
        if !before_ok {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level names of the group: at brace depth 0, after `{` or `,`.
            let mut depth = 0usize;
            let mut at_start = true;
            let mut name = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        if !name.is_empty() {
                            out.insert(std::mem::take(&mut name));
                        }
                        at_start = true;
                    }
                    c if ident(c) && at_start && depth == 0 => name.push(c),
                    _ => {
                        if !name.is_empty() {
                            out.insert(std::mem::take(&mut name));
                            at_start = false;
                        }
                    }
                }
            }
            if !name.is_empty() {
                out.insert(name);
            }
        } else {
            let name: String = rest.chars().take_while(|&c| ident(c)).collect();
            out.insert(name);
        }
    }
    out
}

/// The module graph: module → the other modules it imports, with the files that do.
fn graph() -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(f)).collect();
    let mut g: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for f in &files {
        let Some(m) = module_of(f) else { continue };
        let entry = g.entry(m.clone()).or_default();
        for to in imports(&code_of(f)) {
            if to != m && modules.contains(&to) {
                let rel = f
                    .strip_prefix(src())
                    .expect("under src")
                    .display()
                    .to_string();
                entry.entry(to).or_default().insert(rel);
            }
        }
    }
    g
}

/// A cycle in `g`, if there is one (depth-first search with colours).
fn find_cycle(g: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for next in g
            .get(n)
            .map(|e| e.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            match state.get(&next).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|s| s == &next).expect("on the stack");
                    let mut c = stack[from..].to_vec();
                    c.push(next);
                    return Some(c);
                }
                0 => {
                    if let Some(c) = visit(&next, g, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in g.keys() {
        if state.get(n).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(n, g, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn the_import_parser_sees_paths_and_groups() {
    let got = imports("use crate::config::{Config, Kind};\nuse crate::{diag::Text, tr, site::{a, b}};\nlet x = crate::render::render(r);\nmy_crate::nope();");
    let want: BTreeSet<String> = ["config", "diag", "tr", "site", "render"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(got, want);
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let mut g: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (a, b) in [
        ("site", "content"),
        ("content", "render"),
        ("render", "site"),
    ] {
        g.entry(a.into())
            .or_default()
            .insert(b.into(), BTreeSet::new());
    }
    assert!(find_cycle(&g).is_some());
    g.remove("render");
    assert!(find_cycle(&g).is_none());
}

#[test]
fn modules_import_each_other_in_one_direction() {
    let g = graph();
    assert!(
        g.len() >= 20,
        "the scan found too few modules: {:?}",
        g.keys()
    );
    assert!(
        g.get("site").is_some_and(|e| e.contains_key("content")),
        "the scan misses imports"
    );
    if let Some(cycle) = find_cycle(&g) {
        let mut why = String::new();
        for w in cycle.windows(2) {
            let files = &g[&w[0]][&w[1]];
            why.push_str(&format!("  {} -> {} (in {:?})\n", w[0], w[1], files));
        }
        panic!("the module graph has a cycle:\n{why}");
    }
}

/// Lines of every `fn` body over `limit`, found by brace matching outside strings,
/// characters and comments.
fn long_functions(file: &Path, limit: usize) -> Vec<String> {
    let text = fs::read_to_string(file).expect("source is UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let is_fn = t.starts_with("fn ")
            || [
                "pub fn ",
                "pub(crate) fn ",
                "pub(super) fn ",
                "async fn ",
                "pub async fn ",
                "const fn ",
                "pub const fn ",
            ]
            .iter()
            .any(|p| t.starts_with(p));
        if !is_fn {
            continue;
        }
        let mut depth = 0i64;
        let mut started = false;
        for (j, l) in lines.iter().enumerate().skip(i) {
            let code = strip_literals(l);
            if !started && code.contains(';') && !code.contains('{') {
                break;
            }
            for c in code.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        started = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            if started && depth == 0 {
                let n = j - i + 1;
                if n > limit {
                    out.push(format!("{}:{} {} lines: {}", file.display(), i + 1, n, t));
                }
                break;
            }
        }
    }
    out
}

/// A line without string and character literals and `//` comments (enough for brace
/// counting in this code base, which has no multi-line string with unbalanced braces
/// inside a function it would matter for).
fn strip_literals(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    let mut in_str = false;
    while let Some(c) = chars.next() {
        if in_str {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '/' if chars.peek() == Some(&'/') => break,
            '\'' => {
                // A char literal like '{' or '\''; a lifetime has no closing quote soon.
                let rest: String = chars.clone().take(3).collect();
                if let Some(escaped) = rest.strip_prefix('\\') {
                    if let Some(end) = escaped.find('\'') {
                        for _ in 0..end + 2 {
                            chars.next();
                        }
                    }
                } else if rest.chars().nth(1) == Some('\'') {
                    chars.next();
                    chars.next();
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[test]
fn functions_and_files_stay_short() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    assert!(files.len() > 50, "the scan found too few files");
    let mut problems = Vec::new();
    for f in &files {
        problems.extend(long_functions(f, MAX_FN_LINES));
        let n = fs::read_to_string(f).expect("UTF-8").lines().count();
        if n > MAX_FILE_LINES {
            problems.push(format!(
                "{}: {n} lines (at most {MAX_FILE_LINES})",
                f.display()
            ));
        }
    }
    assert!(problems.is_empty(), "too long:\n{}", problems.join("\n"));
}

#[test]
fn the_length_check_can_fail() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = dir.path().join("x.rs");
    let body: String = (0..200)
        .map(|i| format!("    let a{i} = \"{{\";\n"))
        .collect();
    fs::write(
        &f,
        format!("fn long() {{\n{body}}}\nfn short() {{ let c = '}}'; }}\n"),
    )
    .expect("write");
    let found = long_functions(&f, MAX_FN_LINES);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("202 lines"), "{found:?}");
}

#[test]
fn nothing_points_outside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    rust_files(&root.join("tests"), &mut files);
    files.push(root.join("README.md"));
    files.push(root.join("ARCHITECTURE.md"));
    files.push(root.join("site-config.toml"));
    // These two hold the needles as test data.
    let exempt = [
        root.join("tests/architecture.rs"),
        root.join("tests/it/docs.rs"),
    ];
    let needles = ["SPEC.md", "SPEC §", "SPEC 第", "../shared", "shared/SPEC"];
    let mut found = Vec::new();
    for f in files.iter().filter(|f| !exempt.contains(f)) {
        let text = fs::read_to_string(f).unwrap_or_default();
        for (i, l) in text.lines().enumerate() {
            if needles.iter().any(|n| l.contains(n)) {
                found.push(format!("{}:{}: {}", f.display(), i + 1, l.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "references outside the repository (the docs are docs/):\n{}",
        found.join("\n")
    );
}
