//! The project's own documentation (`docs/` and `README.md`) against the code: every
//! built-in shortcode with every argument, every key `site-config.toml` accepts and
//! every long flag the binary prints in `--help` is documented in `docs/reference/`;
//! no document points outside the repository, and every relative link resolves.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// Every Markdown file under `dir`, recursively, sorted.
fn markdown_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for e in entries {
        let p = e.expect("a folder entry").path();
        if p.is_dir() {
            markdown_under(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

/// README.md and every Markdown file of docs/.
fn doc_files() -> Vec<PathBuf> {
    let mut v = vec![repo().join("README.md")];
    markdown_under(&repo().join("docs"), &mut v);
    v.sort();
    v
}

/// The text of every page of docs/reference/, joined.
fn reference() -> String {
    let mut files = Vec::new();
    markdown_under(&repo().join("docs/reference"), &mut files);
    files.sort();
    assert!(
        files.len() >= 5,
        "docs/reference/ should hold the reference pages, found {files:?}"
    );
    let mut text = String::new();
    for f in &files {
        text.push_str(&read(f));
        text.push('\n');
    }
    text
}

/// The part of `page` under the `## ` heading that contains `` `name` ``.
fn section_about<'a>(page: &'a str, name: &str) -> Option<&'a str> {
    let code = format!("`{name}`");
    page.split("\n## ")
        .skip(1)
        .find(|s| s.lines().next().is_some_and(|h| h.contains(&code)))
}

#[test]
fn every_builtin_shortcode_and_argument_is_documented() {
    let page = read(&repo().join("docs/reference/shortcodes.md"));
    let builtins = xinghuo::shortcodes::BUILTINS;
    assert!(
        builtins.len() >= 8,
        "expected the built-in shortcodes, got {}",
        builtins.len()
    );
    let mut missing = Vec::new();
    for sig in builtins {
        let name = sig.name;
        let Some(section) = section_about(&page, name) else {
            missing.push(format!("a `## ` heading with `{name}`"));
            continue;
        };
        if !section.contains(&format!("{{{{ {name}(")) {
            missing.push(format!("an example `{{{{ {name}(…) }}}}` under `{name}`"));
        }
        for (arg, _, _) in sig.args {
            if !section.contains(&format!("`{arg}`")) {
                missing.push(format!("argument `{arg}` under `{name}`"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/reference/shortcodes.md lacks: {missing:#?}"
    );
}

/// The fields of every `struct Raw…` with `deny_unknown_fields` in `text`:
/// `(struct name, [(field, type)])`.
fn raw_structs(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i].trim();
        let denies = lines[i.saturating_sub(3)..i]
            .iter()
            .any(|p| p.contains("deny_unknown_fields"));
        let name = l
            .strip_prefix("pub struct ")
            .or_else(|| l.strip_prefix("struct "))
            .and_then(|r| r.strip_suffix('{'))
            .map(str::trim)
            .filter(|n| n.starts_with("Raw"));
        if let (Some(name), true) = (name, denies) {
            let mut fields = Vec::new();
            i += 1;
            while i < lines.len() && lines[i].trim() != "}" {
                let f = lines[i].trim().trim_start_matches("pub ");
                if let Some((field, ty)) = f.split_once(':') {
                    let field = field.trim();
                    if !field.is_empty()
                        && !field.starts_with('#')
                        && !field.starts_with("//")
                        && field.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    {
                        fields.push((field.to_string(), ty.trim().to_string()));
                    }
                }
                i += 1;
            }
            out.push((name.to_string(), fields));
        }
        i += 1;
    }
    out
}

#[test]
fn every_site_config_key_is_documented() {
    let mut structs = Vec::new();
    for f in ["src/config/mod.rs", "src/config/types.rs"] {
        let p = repo().join(f);
        if p.exists() {
            structs.extend(raw_structs(&read(&p)));
        }
    }
    let names: Vec<&str> = structs.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.contains(&"RawConfig"),
        "the scan found no `struct RawConfig` in src/config (found {names:?}); update this test"
    );
    let keys: usize = structs.iter().map(|(_, f)| f.len()).sum();
    assert!(
        keys >= 10,
        "the scan of src/config found only {keys} keys ({structs:?}); update this test"
    );
    let page = read(&repo().join("docs/reference/config.md"));
    let mut missing = Vec::new();
    // A key is written `key`; a table `[name]` or `[name.KEY]`.
    let documented = |f: &str| {
        [format!("`{f}`"), format!("`[{f}]`"), format!("`[{f}.")]
            .iter()
            .any(|s| page.contains(s.as_str()))
    };
    for (name, fields) in &structs {
        for (field, ty) in fields {
            if !documented(field) {
                missing.push(format!("`{field}` (of {name})"));
            }
            // A table: `[report]`, `[collections.NAME]`, `[extra]`.
            let table = ty.contains("Raw") || ty.contains("Table");
            if name == "RawConfig" && table && !page.contains(&format!("[{field}")) {
                missing.push(format!("the table `[{field}]`"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/reference/config.md lacks: {missing:#?}"
    );
}

fn help(args: &[&str]) -> String {
    help_in(args, "en", None)
}

/// `xinghuo ARGS` with `--lang LANG` (or, with `lang` empty, the locale `LANG=C` in `dir`).
fn help_in(args: &[&str], lang: &str, dir: Option<&Path>) -> String {
    let mut c = Command::new(env!("CARGO_BIN_EXE_xinghuo"));
    c.env_remove("LC_ALL").env_remove("LC_MESSAGES");
    if lang.is_empty() {
        c.env("LANG", "C.UTF-8");
    } else {
        c.args(["--lang", lang]).env_remove("LANG");
    }
    c.args(args);
    if let Some(d) = dir {
        c.current_dir(d);
    }
    let o = c.output().expect("the xinghuo binary runs");
    assert!(o.status.success(), "xinghuo {args:?} failed");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The subcommands listed under `Commands:` in the main help (not `help`).
fn subcommands(main_help: &str) -> Vec<String> {
    main_help
        .lines()
        .skip_while(|l| !l.trim_end().ends_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

/// Every `--long-flag` in a help text.
fn long_flags(text: &str, out: &mut BTreeSet<String>) {
    for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
        let Some(rest) = word.strip_prefix("--") else {
            continue;
        };
        if rest.starts_with(|c: char| c.is_ascii_lowercase()) {
            out.insert(word.to_string());
        }
    }
}

#[test]
fn every_long_flag_is_documented() {
    let main = help(&["--help"]);
    let commands = subcommands(&main);
    assert!(
        commands.len() >= 6,
        "expected init, new, build, serve, report, check in `xinghuo --help`, got {commands:?}"
    );
    let mut flags = BTreeSet::new();
    long_flags(&main, &mut flags);
    let reference = reference();
    let mut missing = Vec::new();
    for c in &commands {
        if !reference.contains(&format!("xinghuo {c}")) {
            missing.push(format!("the command `xinghuo {c}`"));
        }
        long_flags(&help(&[c.as_str(), "--help"]), &mut flags);
    }
    assert!(
        flags.len() >= 10,
        "expected the flags of every command, got {flags:?}"
    );
    let page = read(&repo().join("docs/reference/commands.md"));
    for f in &flags {
        if !page.contains(&format!("`{f}")) {
            missing.push(format!("the flag `{f}`"));
        }
    }
    assert!(
        missing.is_empty(),
        "docs/reference/commands.md lacks: {missing:#?}"
    );
}

/// The Chinese `--help` of every command describes every argument in Chinese, with no
/// English words of clap's left (headings, usage, `Print help`); it is what a Chinese
/// site gets when the locale names no language.
#[test]
fn help_is_chinese_for_a_chinese_site() {
    let main = help(&["--help"]);
    let commands = subcommands(&main);
    let cjk = |l: &str| l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let mut problems = Vec::new();
    for args in std::iter::once(vec!["--help"])
        .chain(commands.iter().map(|c| vec![c.as_str(), "--help"]))
        .chain([vec!["help", "build"]])
    {
        let text = help_in(&args, "zh", None);
        for word in [
            "Usage",
            "Options",
            "Arguments",
            "Commands",
            "Print",
            "default:",
            "possible",
        ] {
            if text.contains(word) {
                problems.push(format!("{args:?}: English `{word}` in\n{text}"));
            }
        }
        // Every line that names an option or an argument describes it in Chinese.
        for l in text.lines() {
            let t = l.trim_start();
            if (t.starts_with('-') || t.starts_with('<') || l.starts_with("  ")) && !cjk(t) {
                problems.push(format!("{args:?}: no Chinese in `{l}`"));
            }
        }
        let mut en = BTreeSet::new();
        let mut zh = BTreeSet::new();
        long_flags(&help(&args), &mut en);
        long_flags(&text, &mut zh);
        if en != zh {
            problems.push(format!("{args:?}: flags differ: {en:?} vs {zh:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // No `--lang`, a locale that names no language: the repository's demo site is
    // Chinese, an empty folder is not a site (English).
    assert!(help_in(&["--help"], "", Some(repo())).contains("用法："));
    let empty = tempfile::tempdir().expect("temp dir");
    assert!(help_in(&["--help"], "", Some(empty.path())).contains("Usage:"));
}

/// `path` with `.` and `..` resolved without the disk; `None` if it climbs above its start.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(n) => out.push(n),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// What is wrong with link `dest` written in `file` (relative to the repo), if anything.
fn link_problem(file: &Path, dest: &str) -> Option<String> {
    let dest = dest.trim();
    let lower = dest.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
    {
        return None;
    }
    if dest.is_empty() || dest.starts_with('#') {
        return None;
    }
    if dest.starts_with('/') || dest.starts_with('\\') {
        return Some("an absolute path points outside the repository".into());
    }
    if let Some(i) = dest.find(':') {
        if !dest[..i].contains(['/', '#', '?']) {
            return Some("only http(s):// addresses and relative paths may be linked".into());
        }
    }
    let path_part = dest.split(['#', '?']).next().unwrap_or(dest);
    let Ok(decoded) = percent_encoding::percent_decode_str(path_part).decode_utf8() else {
        return Some("the path is not valid UTF-8 once decoded".into());
    };
    let dir = file.parent().unwrap_or(Path::new(""));
    match normalize(&dir.join(&*decoded)) {
        None => Some("the path leaves the repository".into()),
        Some(p) if !repo().join(&p).exists() => {
            Some(format!("{} does not exist", p.to_string_lossy()))
        }
        Some(_) => None,
    }
}

#[test]
fn docs_stay_inside_the_repository_and_links_resolve() {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let files = doc_files();
    for must in [
        "docs/README.md",
        "docs/manual/README.md",
        "docs/reference/README.md",
    ] {
        assert!(files.iter().any(|f| f.ends_with(must)), "{must} is missing");
    }
    let mut problems = Vec::new();
    let mut links = 0;
    for f in &files {
        let rel = f
            .strip_prefix(repo())
            .expect("inside the repo")
            .to_path_buf();
        let text = read(f);
        for bad in ["shared/SPEC", "SPEC.md", "/work/"] {
            if let Some(i) = text.find(bad) {
                let line = text[..i].matches('\n').count() + 1;
                problems.push(format!(
                    "{}:{line}: mentions `{bad}` (outside the repository)",
                    rel.display()
                ));
            }
        }
        let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
        for (event, range) in Parser::new_ext(&text, opts).into_offset_iter() {
            let dest = match &event {
                Event::Start(Tag::Link { dest_url, .. })
                | Event::Start(Tag::Image { dest_url, .. }) => dest_url.to_string(),
                _ => continue,
            };
            links += 1;
            if let Some(p) = link_problem(&rel, &dest) {
                let line = text[..range.start].matches('\n').count() + 1;
                problems.push(format!("{}:{line}: `{dest}`: {p}", rel.display()));
            }
        }
    }
    assert!(
        links >= 20,
        "expected the docs to link their pages, found {links} links"
    );
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The link check itself: it must refuse what it is meant to refuse.
#[test]
fn the_link_check_catches_bad_links() {
    let f = Path::new("docs/manual/README.md");
    assert_eq!(link_problem(f, "https://example.org/"), None);
    assert_eq!(link_problem(f, "#top"), None);
    assert_eq!(link_problem(f, "../reference/README.md"), None);
    assert!(link_problem(f, "../../../shared/SPEC.md").is_some());
    assert!(link_problem(f, "/etc/passwd").is_some());
    assert!(link_problem(f, "file:///etc/passwd").is_some());
    assert!(link_problem(f, "no-such-page.md").is_some());
    assert!(link_problem(Path::new("README.md"), "../x.md").is_some());
}

#[test]
fn the_config_scan_reads_raw_structs() {
    let text = "#[derive(Deserialize)]\n#[serde(deny_unknown_fields)]\nstruct RawA {\n    a_b: Option<String>,\n    c: Option<RawB>,\n}\n\nstruct RawNotChecked {\n    x: u8,\n}\n";
    let s = raw_structs(text);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].0, "RawA");
    let fields: Vec<&str> = s[0].1.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fields, ["a_b", "c"]);
}
