//! The default theme in a real browser (headless Chromium driven by
//! `tests/node/browser-check.mjs`): the home, a case page, `/stats/`, `/search/`, a
//! collection, a taxonomy term, `/units/`, `/timeline/` and `/kiosk/` load with no console
//! errors, page errors or failed requests, over `http://` and from `file://` (a
//! `--relative` build); axe-core finds no serious or critical violation; the kiosk
//! advances with the arrow keys and never scrolls; the W3C Nu HTML checker (vnu-jar)
//! reports no error on any page kind. Screenshots of every page kind at 390, 1280 and
//! 1920 px go to `target/screenshots/`.
//!
//! Needs Chromium, Node.js with `npm ci --prefix tests/node`, and Java. Skipped with a
//! printed notice when one is missing locally; in CI (`CI` set) a missing tool fails.

use crate::common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every page kind of the demo, by its path in the output.
const PAGES: &[(&str, &str)] = &[
    ("home", "index.html"),
    ("station", "stations/xingxing-yizhan/index.html"),
    ("member", "members/wu-cai/index.html"),
    ("project", "projects/yinling-shijian-yinhang/index.html"),
    ("collection", "stations/index.html"),
    ("taxonomy", "tags/index.html"),
    ("stats", "stats/index.html"),
    ("units", "units/index.html"),
    ("timeline", "timeline/index.html"),
    ("search", "search/index.html"),
    ("about", "about/index.html"),
    ("404", "404.html"),
];

fn have(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The tools, or `None` (after a notice) when one is missing outside CI.
fn tools() -> Option<PathBuf> {
    let node_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node");
    let mut missing = vec![];
    if !have("chromium", "--version") {
        missing.push("chromium");
    }
    if !have("node", "--version") {
        missing.push("node");
    }
    if !have("java", "-version") {
        missing.push("java");
    }
    if !node_dir.join("node_modules/playwright-core").is_dir() {
        missing.push("tests/node/node_modules (run: npm ci --prefix tests/node)");
    }
    if missing.is_empty() {
        return Some(node_dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("browser tests need {missing:?} in CI");
    }
    eprintln!("SKIPPED: browser tests need {}", missing.join(", "));
    None
}

fn build(relative: bool) -> (tempfile::TempDir, PathBuf) {
    let t = common::demo();
    let site = common::site(&t);
    let mut args = vec!["build"];
    if relative {
        args.push("--relative");
    }
    let o = common::run(&site, &args);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let public = site.join("public");
    for (_, p) in PAGES.iter().chain([("kiosk", "kiosk/index.html")].iter()) {
        assert!(public.join(p).is_file(), "{p} was not built");
    }
    (t, public)
}

fn check(node_dir: &Path, public: &Path, mode: &str, screenshots: bool) -> Value {
    let mut pages: Vec<Value> = PAGES
        .iter()
        .map(|(n, p)| serde_json::json!({"name": n, "path": p, "map": *n == "units"}))
        .collect();
    pages.push(serde_json::json!({"name": "kiosk", "path": "kiosk/index.html", "kiosk": true}));
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir")
        .join("screenshots");
    let config = serde_json::json!({
        "chromium": "/usr/bin/chromium",
        "root": public,
        "mode": mode,
        "pages": pages,
        "axe": true,
        "screenshots": if screenshots { Some(shots) } else { None },
        "widths": [390, 1280, 1920],
    });
    let cfg = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(cfg.path(), config.to_string()).expect("write config");
    let chromium = std::fs::canonicalize("/usr/bin/chromium");
    assert!(
        chromium.is_ok(),
        "chromium is expected at /usr/bin/chromium"
    );
    // A browser that stops answering is the harness failing, not the site: such a run
    // (exit status 3 from the script's time limits, or past the deadline here) is tried
    // once more, so one hung Chromium neither stalls CI nor fails it. A second hang fails.
    let mut o = None;
    for attempt in 1..=2 {
        let run = common::try_output_within(
            Command::new("node")
                .arg(node_dir.join("browser-check.mjs"))
                .arg(cfg.path()),
            std::time::Duration::from_secs(400),
            "browser-check.mjs",
        );
        match run {
            Ok(out) if out.status.code() != Some(3) => {
                o = Some(out);
                break;
            }
            Ok(out) => eprintln!(
                "browser-check.mjs hung (attempt {attempt}):\n{}",
                common::stderr(&out)
            ),
            Err(printed) => eprintln!("browser-check.mjs hung (attempt {attempt}):\n{printed}"),
        }
    }
    let o = o.expect("browser-check.mjs hung twice (its messages are above)");
    assert!(
        o.status.success(),
        "browser-check failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("browser-check prints JSON")
}

/// Assert the report: no console error, page error, failed request, or serious/critical
/// axe violation on any page; the kiosk works.
fn assert_clean(report: &Value) {
    let mut problems = vec![];
    for p in report["pages"].as_array().expect("pages") {
        let name = p["name"].as_str().unwrap_or("?");
        for key in ["console", "pageErrors", "failed"] {
            for m in p[key].as_array().expect("list") {
                // The 404 page is fetched as itself; its own status is not an error.
                if name == "404" && key == "failed" {
                    continue;
                }
                problems.push(format!("{name}: {key}: {m}"));
            }
        }
        for v in p["axe"].as_array().expect("axe") {
            if matches!(v["impact"].as_str(), Some("serious" | "critical")) {
                problems.push(format!("{name}: axe: {v}"));
            }
        }
        if name == "units" {
            assert_map(&p["map"]);
        }
        if name == "kiosk" {
            let k = &p["kiosk"];
            assert!(k["slides"].as_u64().unwrap_or(0) >= 3, "kiosk slides: {k}");
            assert_eq!(k["start"], 0, "kiosk starts at the first slide: {k}");
            assert_eq!(k["afterRight"], 1, "ArrowRight advances: {k}");
            assert_eq!(k["afterLeft"], 0, "ArrowLeft goes back: {k}");
            assert_eq!(k["overflowX"], false, "kiosk has no scrollbars: {k}");
            assert_eq!(k["overflowY"], false, "kiosk has no scrollbars: {k}");
            assert_eq!(
                k["hiddenOthers"], true,
                "hidden slides are aria-hidden: {k}"
            );
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The `/units/` map (issue 16 item 6) at 1280 and 390 px: no two label, number or
/// area-name boxes intersect as drawn, tap targets are at least 44 px, the unit names of
/// the table are not squeezed to a character per line; Enter on a point shows its card
/// (name, link) and stays on the page, Escape closes it.
fn assert_map(m: &Value) {
    for w in ["1280", "390"] {
        let at = &m[w];
        assert_eq!(at["points"], 29, "{w} px: {at}");
        assert!(at["boxes"].as_u64().unwrap_or(0) >= 29, "{w} px: {at}");
        assert_eq!(at["overlaps"], serde_json::json!([]), "{w} px: {at}");
        assert!(at["minHit"].as_f64().unwrap_or(0.0) >= 44.0, "{w} px: {at}");
        assert!(
            at["minNameWidth"].as_f64().unwrap_or(0.0) >= 150.0,
            "{w} px: {at}"
        );
    }
    let card = &m["card"];
    assert!(
        card["text"].as_str().unwrap_or("").contains("成员单位"),
        "{m}"
    );
    assert!(
        card["href"].as_str().unwrap_or("").contains("units/"),
        "{m}"
    );
    assert_eq!(card["focused"], true, "{m}");
    assert_eq!(m["stayed"], true, "{m}");
    assert_eq!(m["closed"], true, "{m}");
}

#[test]
fn pages_over_http_are_clean_and_accessible() {
    let Some(node) = tools() else { return };
    let (_t, public) = build(false);
    let report = check(&node, &public, "http", true);
    assert_clean(&report);
    let home = &report["pages"][0];
    assert!(
        home["title"]
            .as_str()
            .unwrap_or("")
            .contains("钟楼区社会组织党建展"),
        "{home}"
    );
}

#[test]
fn relative_build_works_from_file_urls() {
    let Some(node) = tools() else { return };
    let (_t, public) = build(true);
    let report = check(&node, &public, "file", false);
    assert!(
        report["base"].as_str().unwrap_or("").starts_with("file://"),
        "{report}"
    );
    assert_clean(&report);
}

#[test]
fn every_page_kind_is_valid_html() {
    let Some(node) = tools() else { return };
    let (_t, public) = build(false);
    let vnu = node.join("node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(vnu.is_file(), "{} is missing", vnu.display());
    let mut files: Vec<PathBuf> = PAGES.iter().map(|(_, p)| public.join(p)).collect();
    files.push(public.join("kiosk/index.html"));
    let o = common::output_within(
        Command::new("java")
            .arg("-jar")
            .arg(&vnu)
            .args(["--errors-only", "--format", "gnu"])
            .args(&files),
        std::time::Duration::from_secs(300),
        "the Nu HTML checker (java -jar vnu.jar)",
    );
    let errors = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.success() && errors.trim().is_empty(),
        "vnu found errors:\n{errors}"
    );
}
