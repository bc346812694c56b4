//! The sharded search index in a real browser (headless Chromium through
//! `tests/node/search-check.mjs`): the demo built with `[search] split_from = 0`, so its
//! index is many small scripts, opened over `http://` and from `file://` (a
//! `--relative` build). A query in the URL shows the right first result having loaded
//! only some of the shards; a query whose two words live in different term shards loads
//! both and finds pages with both; a query that finds nothing says so and offers
//! shorter queries; follow-up queries typed into the page work. Skipped with a notice
//! when Chromium or Node is absent, unless CI is set.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn node_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node");
    let ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
        && Path::new("/usr/bin/chromium").exists()
        && dir.join("node_modules/playwright-core").is_dir();
    if ok {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "sharded search tests need node, /usr/bin/chromium and tests/node/node_modules in CI"
        );
    }
    eprintln!("SKIPPED: sharded search not tested in a browser (node, chromium or tests/node/node_modules missing)");
    None
}

/// The demo with every page's index in shards, built (`--relative` for `file://`).
fn build(relative: bool) -> (tempfile::TempDir, PathBuf) {
    let t = common::demo();
    let site = common::site(&t);
    let cfg = site.join("site-config.toml");
    let text = common::read(&cfg).replace(
        "[search]\nenabled = true\n",
        "[search]\nenabled = true\nsplit_from = 0\n",
    );
    assert!(
        text.contains("split_from = 0"),
        "the demo's [search] changed"
    );
    std::fs::write(&cfg, text).unwrap();
    let mut args = vec!["build"];
    if relative {
        args.push("--relative");
    }
    let out = common::run(&site, &args);
    assert!(out.status.success(), "{}", common::stderr(&out));
    (t, site.join("public"))
}

fn check(node: &Path, public: &Path, mode: &str, queries: Value) -> Vec<Value> {
    let cfg = tempfile::NamedTempFile::new().unwrap();
    let config = serde_json::json!({
        "chromium": "/usr/bin/chromium", "root": public, "mode": mode, "queries": queries,
    });
    std::fs::write(cfg.path(), config.to_string()).unwrap();
    let out = common::output_within(
        Command::new("node")
            .arg(node.join("search-check.mjs"))
            .arg(cfg.path()),
        std::time::Duration::from_secs(240),
        "search-check.mjs",
    );
    assert!(
        out.status.success(),
        "search-check.mjs failed:\n{}",
        common::stderr(&out)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("search-check prints JSON");
    report["results"].as_array().expect("results").clone()
}

/// The term shard (`t/N.js`) that holds `key`, from the manifest's bounds.
fn term_shard(bounds: &[String], key: &str) -> String {
    let utf16 = |s: &str| s.encode_utf16().collect::<Vec<_>>();
    let n = bounds.iter().filter(|b| utf16(b) <= utf16(key)).count();
    format!("search/t/{n}.js")
}

fn files(r: &Value) -> Vec<String> {
    r["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f.as_str().expect("file name").to_string())
        .collect()
}

fn sharded_search_works(mode: &str) {
    let Some(node) = node_dir() else { return };
    let (_t, public) = build(mode == "file");
    let manifest = common::read(public.join("search/index.js"));
    let json = manifest
        .strip_prefix("window.XINGHUO_SEARCH=")
        .and_then(|s| s.trim_end().strip_suffix(';'))
        .expect("search/index.js sets XINGHUO_SEARCH");
    let manifest: Value = serde_json::from_str(json).expect("the manifest is JSON");
    assert!(
        manifest.get("data").is_none(),
        "the index is sharded: {manifest}"
    );
    let bounds: Vec<String> = serde_json::from_value(manifest["t"].clone()).unwrap();
    // Two words on either side of a term-shard boundary.
    let (a, b) = ("志愿", "服务");
    assert_ne!(
        term_shard(&bounds, a),
        term_shard(&bounds, b),
        "pick two demo words in different term shards (bounds {bounds:?})"
    );
    let queries = serde_json::json!([
        {"q": "时间银行", "then": [format!("{a} {b}"), "量子计算机"]},
        {"q": "时间银行量子计算机编程"},
    ]);
    let results = check(&node, &public, mode, queries);
    let first = &results[0];
    assert_eq!(first["errors"], serde_json::json!([]), "{first}");
    assert_eq!(first["status"], "4 条结果", "{first}");
    assert_eq!(
        first["first"]["title"], "银龄<mark>时间银行</mark>",
        "{first}"
    );
    let loaded = files(first);
    for f in &loaded {
        assert!(public.join(f).is_file(), "{f} was loaded and exists");
    }
    assert!(
        loaded.iter().any(|f| f.starts_with("search/d/")),
        "result texts come from a document shard: {loaded:?}"
    );
    let all = walkdir::WalkDir::new(public.join("search"))
        .into_iter()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "js"))
        })
        .count();
    assert!(
        loaded.len() < all,
        "a query loads only some of the {all} index files: {loaded:?}"
    );

    let two = &first["then"][0];
    let shards = files(two);
    for key in [a, b] {
        let want = term_shard(&bounds, key);
        assert!(
            shards.contains(&want) || loaded.contains(&want),
            "{key}'s shard {want} is loaded for the query: {two}"
        );
    }
    let hits = two["hits"].as_u64().unwrap_or(0);
    assert!(hits > 0, "pages with both words are found: {two}");
    let title = two["first"]["title"].as_str().unwrap_or("");
    assert!(
        two["status"].as_str().unwrap_or("").ends_with("条结果"),
        "{two}"
    );
    assert!(!title.is_empty(), "{two}");

    for none in [&first["then"][1], &results[1]] {
        assert_eq!(none["hits"], 0, "{none}");
        assert_eq!(none["status"], "没有找到相关内容", "{none}");
    }
    let help = &results[1]["help"];
    assert_eq!(help["shown"], true, "the no-match help shows: {help}");
    let suggestions = help["suggestions"].as_array().expect("suggestions");
    assert_eq!(
        suggestions,
        &[serde_json::json!("时间银行"), serde_json::json!("时间")],
        "shorter queries that find something are offered: {help}"
    );
}

#[test]
fn sharded_search_over_http() {
    sharded_search_works("http");
}

#[test]
fn sharded_search_from_file_url() {
    sharded_search_works("file");
}
