//! Building the demo site: every page and URL kind, collections and their order,
//! taxonomies, drafts, `@/` links, sanitizing, shortcodes in code, `--relative`,
//! determinism, `init` and `new`.

use crate::common;

use common::*;
use std::path::Path;

fn public() -> std::path::PathBuf {
    built_demo().join("site/public")
}

fn page(rel: &str) -> String {
    read(public().join(rel))
}

#[test]
fn every_url_kind_exists() {
    for rel in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "atom.xml",
        "about/index.html",
        "stations/index.html",
        "stations/xingxing-yizhan/index.html",
        "stations/xingxing-yizhan/photo1.jpg",
        "projects/index.html",
        "members/index.html",
        "members/chen-liqun/index.html",
        "members/chen-liqun/portrait.jpg",
        "activities/index.html",
        "activities/page/2/index.html",
        "activities/七一主题党日/index.html",
        "activities/hongse-dangke-2022/index.html",
        "activities/hongmeng-lianxihui/index.html",
        "tags/index.html",
        "district/index.html",
        "district/西林街道/index.html",
        "stats/index.html",
        "units/index.html",
        "timeline/index.html",
        "search/index.html",
        "kiosk/index.html",
        "css/style.css",
        "images/poster.jpg",
        "favicon.ico",
    ] {
        assert!(public().join(rel).is_file(), "missing {rel}");
    }
}

#[test]
fn slug_and_date_prefix_shape_urls() {
    // slug override: the file name is not the URL.
    assert!(!public().join("activities/dangke-jin-shequ").exists());
    // date prefix: not part of the URL, but sets the date.
    assert!(!public()
        .join("activities/2024-05-07-hongmeng-lianxihui")
        .exists());
    let p = page("activities/hongmeng-lianxihui/index.html");
    assert!(p.contains("2024-05-07"), "date from the file name is shown");
}

#[test]
fn collections_list_their_pages_in_order() {
    let s = page("stations/index.html");
    // stations sort by weight: the pilot station (weight 1) comes first.
    let first = s
        .find("/stations/xingxing-yizhan/")
        .expect("pilot station listed");
    for other in ["/stations/xilin-heyuan/", "/stations/beigang-yunhewan/"] {
        let at = s.find(other).unwrap_or_else(|| panic!("{other} listed"));
        assert!(first < at, "weight order: xingxing-yizhan before {other}");
    }
    // activities sort newest first, 6 per page.
    let a = page("activities/index.html");
    let n = a.matches("class=\"card-title\"").count();
    assert_eq!(n, 6, "paginate_by = 6");
    let p1 = a.find("/activities/niandu-shuzhi/");
    let p2 = a.find("/activities/七一主题党日/");
    assert!(p1.is_some() && p2.is_some() && p1 < p2, "newest first");
    // A project page is not in the stations list.
    let main = &s[s.find("<main").unwrap()..s.find("</main>").unwrap()];
    assert!(
        !main.contains("/projects/"),
        "collections hold only their own pages"
    );
}

#[test]
fn taxonomy_pages_hold_their_pages() {
    let t = page("district/西林街道/index.html");
    assert!(t.contains("/stations/xingxing-yizhan/"));
    assert!(
        t.contains("/stations/xilin-heyuan/"),
        "a single-string district counts"
    );
    let list = page("district/index.html");
    assert!(list.contains("/district/西林街道/"));
}

#[test]
fn drafts_are_absent_everywhere() {
    assert!(!public().join("activities/shuzi-dangjian-saishi").exists());
    for f in [
        "sitemap.xml",
        "atom.xml",
        "activities/index.html",
        "activities/page/2/index.html",
        "timeline/index.html",
        "index.html",
    ] {
        assert!(
            !page(f).contains("shuzi-dangjian-saishi"),
            "draft listed in {f}"
        );
    }
}

#[test]
fn drafts_appear_with_the_flag() {
    let t = demo();
    let o = run(&site(&t), &["build", "--drafts"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site(&t)
        .join("public/activities/shuzi-dangjian-saishi/index.html")
        .is_file());
}

#[test]
fn at_links_are_resolved() {
    let p = page("stations/xingxing-yizhan/index.html");
    assert!(
        p.contains("href=\"/members/wu-cai/\""),
        "@/members/wu-cai.md resolved"
    );
    assert!(!p.contains("@/"), "no @/ left in the output");
    let home = page("index.html");
    assert!(
        home.contains("href=\"/stations/\""),
        "section link resolved"
    );
}

#[test]
fn shortcodes_inside_code_stay_literal_and_others_render() {
    let about = page("about/index.html");
    assert!(
        about.contains("{{ stat(key="),
        "inline code keeps the shortcode text"
    );
    assert!(
        about.contains("{{ chart("),
        "a fenced block keeps the shortcode text"
    );
    assert!(about.contains("<svg"), "map() and qr() render SVG");
    let home = page("index.html");
    assert!(home.contains("class=\"kpis\""), "kpis rendered");
    assert!(home.contains("role=\"img\""), "charts rendered");
    assert!(
        home.contains("110个"),
        "stat() gives value and unit with no space"
    );
}

#[test]
fn chinese_text_rules() {
    let home = page("index.html");
    assert!(
        home.contains("<strong>党建引领：</strong>"),
        "emphasis next to CJK punctuation"
    );
}

#[test]
fn case_pages_show_their_kind_fields() {
    let s = page("stations/xingxing-yizhan/index.html");
    for f in ["党员人数", "开放时间", "所在街道"] {
        assert!(s.contains(f), "station shows {f}");
    }
    let m = page("members/chen-liqun/index.html");
    assert!(m.contains("class=\"honors\""), "member shows honours");
    assert!(m.contains("portrait.jpg"), "member shows the portrait");
    let pr = page("projects/hongmeng-gongxiang-kongjian/index.html");
    assert!(
        pr.contains("/units/#unit-"),
        "project units link to /units/"
    );
}

#[test]
fn feeds_and_sitemap_are_well_formed() {
    let atom = page("atom.xml");
    assert!(atom.starts_with("<?xml"));
    assert!(atom.matches("<entry>").count() <= 20);
    assert!(atom.contains("https://dangjian.example.org/"));
    let sm = page("sitemap.xml");
    assert!(sm.contains("<loc>https://dangjian.example.org/activities/%E4%B8%83%E4%B8%80%E4%B8%BB%E9%A2%98%E5%85%9A%E6%97%A5/</loc>"), "Chinese URLs percent-encoded in the sitemap");
}

#[test]
fn raw_html_is_sanitized() {
    let t = demo();
    let s = site(&t);
    std::fs::write(
        s.join("content/xss.md"),
        "---\ntitle: xss\n---\n\n<script>alert(1)</script><img src=x onerror=alert(1)><a href=\"javascript:alert(1)\">j</a><p style=\"color:red\">红</p><mark>ok</mark>\n",
    )
    .unwrap();
    let o = run(&s, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let h = read(s.join("public/xss/index.html"));
    let body = &h[h.find("<main").unwrap()..];
    assert!(!body.contains("<script>alert"), "{body}");
    assert!(!body.contains("onerror"));
    assert!(!body.contains("javascript:"));
    assert!(!body.contains("style=\"color"));
    assert!(body.contains("<mark>ok</mark>"));
    assert!(body.contains("红"));
}

#[test]
fn relative_build_links_resolve_on_disk() {
    let t = demo();
    let s = site(&t);
    let o = run(&s, &["build", "--relative", "--output", "rel"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = s.join("rel");
    let mut checked = 0;
    for e in walkdir::WalkDir::new(&out).into_iter().flatten() {
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = read(e.path());
        let dir = e.path().parent().unwrap();
        for attr in ["href=\"", "src=\""] {
            for part in html.split(attr).skip(1) {
                let url = &part[..part.find('"').unwrap()];
                if url.starts_with("http")
                    || url.starts_with('#')
                    || url.starts_with("mailto:")
                    || url.starts_with("data:")
                    || url.is_empty()
                {
                    continue;
                }
                assert!(
                    !url.starts_with('/'),
                    "absolute URL {url} in {}",
                    e.path().display()
                );
                let path = url.split(['#', '?']).next().unwrap();
                let decoded = percent_decode(path);
                assert!(
                    dir.join(&decoded).exists(),
                    "{url} from {} does not resolve",
                    e.path().display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "checked {checked} links");
}

#[test]
fn two_builds_are_byte_identical() {
    let t = demo();
    let s = site(&t);
    assert!(run(&s, &["build", "--output", "a"]).status.success());
    assert!(run(&s, &["build", "--output", "b"]).status.success());
    let a = snapshot(&s.join("a"));
    let b = snapshot(&s.join("b"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{} differs between builds", k.display());
    }
}

#[test]
fn base_url_flag_changes_permalinks() {
    let t = demo();
    let s = site(&t);
    let o = run(
        &s,
        &["build", "--base-url", "https://exhibit.example.com/dj"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let sm = read(s.join("public/sitemap.xml"));
    assert!(
        sm.contains("<loc>https://exhibit.example.com/dj/stations/</loc>"),
        "{sm}"
    );
    let home = read(s.join("public/index.html"));
    assert!(home.contains("href=\"/dj/stations/\""));
}

#[test]
fn init_refuses_a_non_empty_folder_and_new_writes_a_skeleton() {
    let t = demo();
    let o = std::process::Command::new(bin())
        .args(["init", "--lang", "en"])
        .arg(site(&t))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not empty"));
    let o = run(&site(&t), &["new", "members", "李红 同志"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = stdout(&o).trim().to_string();
    assert_eq!(p, "content/members/李红-同志.md");
    let text = read(site(&t).join(&p));
    assert!(
        text.contains("honors:") && text.contains("title: \"李红 同志\""),
        "{text}"
    );
    let o = run(&site(&t), &["build"]);
    assert!(o.status.success(), "a new skeleton builds: {}", stderr(&o));
    let o = run(&site(&t), &["new", "memebrs", "x"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("did you mean `members`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn empty_init_builds() {
    let t = tempfile::tempdir().unwrap();
    let s = t.path().join("empty");
    let o = std::process::Command::new(bin())
        .arg("init")
        .arg(&s)
        .output()
        .unwrap();
    assert!(o.status.success());
    let o = run(&s, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(s.join("public/index.html").is_file());
}

#[test]
fn usage_errors_exit_2() {
    let d = Path::new(".");
    assert_eq!(run(d, &["bogus"]).status.code(), Some(2));
    assert_eq!(run(d, &["build", "--nope"]).status.code(), Some(2));
    assert_eq!(run(d, &["new"]).status.code(), Some(2));
}

#[test]
fn check_writes_nothing() {
    let t = demo();
    let s = site(&t);
    let o = run(&s, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!s.join("public").exists());
}

/// A site's copy of the default theme's UI strings written before a key existed still
/// builds: the embedded default fills in the keys the copy lacks (as it does templates).
#[test]
fn an_older_i18n_copy_gets_the_newer_keys() {
    let t = demo();
    let s = site(&t);
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/zh-CN.toml");
    let f = s.join("themes/default/i18n/zh-CN.toml");
    std::fs::create_dir_all(f.parent().expect("folder")).expect("mkdir");
    let old: String = read(&shipped)
        .lines()
        .filter(|l| !l.starts_with("label_sep") && !l.starts_with("list_sep"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&f, old).expect("write");
    let o = run(&s, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let filter = read(s.join("public/activities/year/2024/index.html"));
    assert!(filter.contains("h1-sub\">年份：2024"), "{filter}");
    assert!(read(s.join("public/units/index.html")).contains("、"));
}
