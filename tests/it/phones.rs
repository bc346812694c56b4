//! Phones (issue 15), in a real browser (headless Chromium driven by
//! `tests/node/fit-check.mjs`, one browser and one reused tab): **every** page of the
//! built demo fits a 320, 360 and 390 px screen — `scrollWidth <= innerWidth` — with the
//! root font at 100 % and at 200 %; every chart's text is drawn at least 12 CSS px tall
//! and inside its chart at those widths; the search page's box is the page's main control
//! and a search that finds nothing offers shorter queries and popular terms; a station's
//! facts stand above its text on a phone and its address opens a map. A station of long
//! Latin words, URLs, a wide table and a long code line ([`STRESS`]) is added to the demo.
//!
//! The kiosk (`kiosk/index.html`) is left out: it is a fixed-size exhibition screen,
//! checked by tests/it/browser.rs. The 1,000-page generated site is checked by
//! `bench/phones.sh` (about three minutes: too long for CI).
//!
//! Needs Chromium and Node.js with `npm ci --prefix tests/node`. Skipped with a printed
//! notice when one is missing locally; in CI (`CI` set) a missing tool fails.

use crate::common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A page that is too wide and a chart with tiny text, added to the built demo so that
/// the run shows the check finds both (and names them).
const WIDE_CONTROL: &str = "zz-control/wide/index.html";
const CHART_CONTROL: &str = "zz-control/chart/index.html";

/// A station of everything that used to widen a phone page: long Latin words and URLs
/// (title, summary, facts, tags, text), a table of eight columns, a long code line.
/// Added to the demo before the build, so it shows in lists, filters and taxonomy pages.
const STRESS: &str = r#"---
title: Supercalifragilisticexpialidocious-International-Volunteer-Coordination-Centre
summary: 见 https://www.example.org/a/very/long/path/that/never/breaks/anywhere/at/all/index.html?query=aVeryLongParameterValueWithoutSpaces
date: 2024-05-01
street: Pneumonoultramicroscopicsilicovolcanoconiosis-Street
address: No.1234567890 Pneumonoultramicroscopicsilicovolcanoconiosis Road, Zhonglou District, Changzhou
organization: InternationalVolunteerCoordinationCentreOfChangzhouAndSurroundingAreas
party_members: 1234567
services: [InternationalVolunteerCoordinationCentreOfChangzhou, 党建+公益]
contact_hours: Monday–Saturday 8:30–20:00
location: [31.77, 119.95]
tags: [InternationalVolunteerCoordinationCentreOfChangzhou, 志愿服务]
district: [西林街道]
---

## Supercalifragilisticexpialidocious-International-Volunteer-Coordination-Centre

访问 https://www.example.org/a/very/long/path/that/never/breaks/anywhere/at/all/index.html?query=aVeryLongParameterValueWithoutSpaces 了解 Pneumonoultramicroscopicsilicovolcanoconiosis。

| 年份 | 接待群众（人次） | 办结诉求（件） | 轮值党员（名） | 志愿服务时长（小时） | 参与单位（家） | 覆盖率 | 备注 |
|---|---|---|---|---|---|---|---|
| 2024 | 12,500,000 | 681,000 | 46,000 | 125,000,000 | 70,000 | 99.9% | InternationalVolunteerCoordination |

```text
a_very_long_line_of_code_without_any_spaces_whatsoever_to_break_it_at_all_in_the_middle_of_a_phone_screen
```

`inline_code_that_is_really_long_and_has_no_spaces_at_all_for_breaking_it_anywhere`

> 引用：https://www.example.org/another/very/long/url/without/any/spaces/in/it/at/all/index.html
"#;

fn tools() -> Option<PathBuf> {
    let node_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node");
    let have = |cmd: &str| {
        Command::new(cmd)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let mut missing = vec![];
    if !have("chromium") {
        missing.push("chromium");
    }
    if !have("node") {
        missing.push("node");
    }
    if !node_dir.join("node_modules/playwright-core").is_dir() {
        missing.push("tests/node/node_modules (run: npm ci --prefix tests/node)");
    }
    if missing.is_empty() {
        return Some(node_dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("phone tests need {missing:?} in CI");
    }
    eprintln!("SKIPPED: phone tests need {}", missing.join(", "));
    None
}

fn html_files(dir: &Path, root: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            html_files(&p, root, out);
        } else if p.extension().is_some_and(|x| x == "html") {
            let rel = p.strip_prefix(root).expect("inside");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// The walk's report over the built demo (with the two control pages).
fn walk(node_dir: &Path, public: &Path) -> Value {
    run_walk(node_dir, public, serde_json::json!({}))
}

/// The walk with the default configuration changed by `overrides`.
fn run_walk(node_dir: &Path, public: &Path, overrides: Value) -> Value {
    let css = "/css/style.css";
    std::fs::create_dir_all(public.join("zz-control/wide")).expect("mkdir");
    std::fs::create_dir_all(public.join("zz-control/chart")).expect("mkdir");
    std::fs::write(
        public.join(WIDE_CONTROL),
        format!("<!DOCTYPE html><html lang=\"zh-CN\"><meta name=\"viewport\" content=\"width=device-width\"><link rel=\"stylesheet\" href=\"{css}\"><main id=\"main\" class=\"wrap\"><p class=\"too-wide\" style=\"width:500px\">宽</p></main></html>"),
    )
    .expect("write control");
    std::fs::write(
        public.join(CHART_CONTROL),
        format!("<!DOCTYPE html><html lang=\"zh-CN\"><meta name=\"viewport\" content=\"width=device-width\"><link rel=\"stylesheet\" href=\"{css}\"><main id=\"main\" class=\"wrap\"><figure class=\"chart\"><figcaption>小字</figcaption><svg viewBox=\"0 0 640 360\" width=\"100%\"><text x=\"10\" y=\"20\" font-size=\"11\">六像素</text><text x=\"630\" y=\"20\" font-size=\"30\">出界</text></svg></figure></main></html>"),
    )
    .expect("write control");
    let config = serde_json::json!({
        "chromium": "/usr/bin/chromium",
        "root": public,
        "widths": [320, 360, 390],
        "fonts": [100, 200],
        "chartWidths": [320, 360, 390],
        "minChartText": 12,
        "exclude": ["kiosk/index.html"],
        "fontDir": Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"),
        "search": {"path": "search/index.html", "none": "时间银行量子计算机编程"},
        "station": {"path": "stations/xingxing-yizhan/index.html"},
    });
    let mut config = config;
    if let (Some(c), Some(o)) = (config.as_object_mut(), overrides.as_object()) {
        c.extend(o.clone());
    }
    let cfg = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(cfg.path(), config.to_string()).expect("write config");
    // A browser that stops answering (exit status 3) is tried once more.
    for attempt in 1..=2 {
        let run = common::try_output_within(
            Command::new("node")
                .arg(node_dir.join("fit-check.mjs"))
                .arg(cfg.path()),
            std::time::Duration::from_secs(400),
            "fit-check.mjs",
        );
        match run {
            Ok(o) if o.status.code() != Some(3) => {
                assert!(
                    o.status.success(),
                    "fit-check failed:\n{}",
                    common::stderr(&o)
                );
                return serde_json::from_slice(&o.stdout).expect("fit-check prints JSON");
            }
            Ok(o) => eprintln!(
                "fit-check.mjs hung (attempt {attempt}):\n{}",
                common::stderr(&o)
            ),
            Err(printed) => eprintln!("fit-check.mjs hung (attempt {attempt}):\n{printed}"),
        }
    }
    panic!("fit-check.mjs hung twice (its messages are above)");
}

/// One line per page, width and root font that scrolls sideways, naming the elements
/// that reach past the right edge.
fn overflow_lines(report: &Value, skip: &str) -> Vec<String> {
    report["overflow"]
        .as_array()
        .expect("overflow")
        .iter()
        .filter(|o| o["page"] != skip)
        .map(|o| {
            let culprits: Vec<String> = o["culprits"]
                .as_array()
                .expect("culprits")
                .iter()
                .map(|c| {
                    format!(
                        "{} (right edge {} px)",
                        c["selector"].as_str().unwrap_or("?"),
                        c["right"]
                    )
                })
                .collect();
            format!(
                "{} at {} px, root font {} %: {} px wide; widest: {}",
                o["page"].as_str().unwrap_or("?"),
                o["width"],
                o["font"],
                o["scrollWidth"],
                culprits.join("; ")
            )
        })
        .collect()
}

#[test]
fn every_page_fits_a_phone_and_charts_read_at_12_px() {
    let Some(node) = tools() else { return };
    let t = common::demo();
    let site = common::site(&t);
    std::fs::write(site.join("content/stations/zz-stress.md"), STRESS).expect("write");
    let o = common::run(&site, &["build"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let public = site.join("public");
    let mut pages = vec![];
    html_files(&public, &public, &mut pages);
    let started = std::time::Instant::now();
    let report = walk(&node, &public);
    eprintln!(
        "fit-check: {} pages, {} views in {:.1} s",
        report["pages"],
        report["views"],
        started.elapsed().as_secs_f64()
    );

    // Every page but the kiosk, and the two controls, each at 3 widths × 2 fonts.
    let walked = pages.len() - 1 + 2;
    assert_eq!(report["pages"], walked, "every page is walked");
    assert_eq!(report["views"], walked * 6);

    // The controls are caught, named by page, width and element.
    let wide = overflow_lines(&report, "");
    assert!(
        wide.iter().any(
            |l| l.starts_with(&format!("{WIDE_CONTROL} at 320 px, root font 100 %"))
                && l.contains("p.too-wide")
        ),
        "the too-wide control page is reported: {wide:#?}"
    );
    let problems = report["charts"]["problems"].as_array().expect("problems");
    let control: Vec<&Value> = problems
        .iter()
        .filter(|p| p["page"] == CHART_CONTROL)
        .collect();
    assert!(
        control
            .iter()
            .any(|p| p["text"] == "六像素"
                && p["problem"].as_str().unwrap_or("").ends_with("px text")),
        "tiny chart text is reported: {control:#?}"
    );
    assert!(
        control
            .iter()
            .any(|p| p["text"] == "出界" && p["problem"].as_str().unwrap_or("").starts_with("cut")),
        "cut chart text is reported: {control:#?}"
    );

    // The demo's own pages: nothing scrolls sideways.
    let mut failures: Vec<String> = overflow_lines(&report, WIDE_CONTROL)
        .into_iter()
        .filter(|l| !l.starts_with(CHART_CONTROL))
        .collect();
    for p in problems.iter().filter(|p| p["page"] != CHART_CONTROL) {
        failures.push(format!(
            "{} at {} px: chart {} “{}”: “{}”: {}",
            p["page"].as_str().unwrap_or("?"),
            p["width"],
            p["chart"].as_str().unwrap_or("?"),
            p["title"].as_str().unwrap_or(""),
            p["text"].as_str().unwrap_or(""),
            p["problem"].as_str().unwrap_or("?")
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // The charts were there to measure: /stats/, /units/, the about page, the home page.
    let charts = &report["charts"];
    assert!(charts["pages"].as_u64().unwrap_or(0) >= 4, "{charts}");
    assert!(charts["texts"].as_u64().unwrap_or(0) >= 500, "{charts}");

    search_page(&report["search"]);
    station_page(&report["station"]);
}

fn search_page(s: &Value) {
    let num = |k: &str| s[k].as_f64().unwrap_or(0.0);
    assert!(num("fontSize") >= 16.0, "search box text ≥ 16 px: {s}");
    assert!(
        num("height") >= 44.0 && num("buttonHeight") >= 44.0,
        "≥ 44 px tall: {s}"
    );
    assert!(
        num("formWidth") >= num("mainWidth") - 1.0,
        "full width on a phone: {s}"
    );
    assert_eq!(s["status"], "没有找到相关内容", "{s}");
    assert_eq!(s["results"], 0, "{s}");
    assert_eq!(
        s["helpShown"], true,
        "the help shows when nothing matches: {s}"
    );
    let popular: Vec<&str> = s["popular"]
        .as_array()
        .expect("popular")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(popular.contains(&"/tags/时间银行/"), "popular tags: {s}");
    assert!(popular.iter().any(|u| u.starts_with("/district/")), "{s}");
    assert_eq!(s["shorter"], serde_json::json!(["时间银行", "时间"]), "{s}");
    let after = &s["afterClick"];
    assert_eq!(after["query"], "时间银行", "{s}");
    assert_eq!(after["results"], 4, "{s}");
    assert_eq!(after["helpHidden"], true, "{s}");
}

fn station_page(s: &Value) {
    let num = |a: &str, k: &str| s[a][k].as_f64().unwrap_or(f64::NAN);
    assert!(
        num("phone", "factsTop") < num("phone", "proseTop"),
        "on a phone the facts come before the text and photos: {s}"
    );
    assert!(
        num("wide", "factsLeft") >= num("wide", "proseRight"),
        "on a wide screen the facts stand right of the text: {s}"
    );
    let href = s["mapLink"]["href"].as_str().unwrap_or("");
    assert!(
        href.starts_with("https://uri.amap.com/marker?position=119.9083,31.7715&name=")
            && href.ends_with("&src=xinghuo&coordinate=wgs84&callnative=1"),
        "{s}"
    );
    assert!(
        s["mapLink"]["text"]
            .as_str()
            .unwrap_or("")
            .starts_with("常州市钟楼区西林街道荷园路18号"),
        "{s}"
    );
}

/// From a USB stick: a `build --relative` output opened over file:// fits the narrowest
/// phone too, at both root font sizes, on every page (the same CSS, other URLs).
#[test]
fn every_page_fits_a_phone_from_file() {
    let Some(node) = tools() else { return };
    let t = common::demo();
    let site = common::site(&t);
    let o = common::run(&site, &["build", "--relative"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let public = site.join("public");
    let overrides = serde_json::json!({
        "mode": "file", "widths": [320], "chartWidths": [320], "search": null, "station": null,
    });
    let report = run_walk(&node, &public, overrides);
    let lines = overflow_lines(&report, WIDE_CONTROL);
    assert!(
        report["pages"].as_u64().unwrap_or(0) > 100,
        "{}",
        report["pages"]
    );
    assert!(lines.is_empty(), "from file://:\n{}", lines.join("\n"));
}
