//! Building the demo site: every page and URL kind, collections and their order,
//! taxonomies, drafts, `@/` links, sanitizing, shortcodes, `--relative`,
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

/// The pinyin key of a term (Han characters by their pinyin with the tone number).
fn pinyin_key(s: &str) -> String {
    use pinyin::ToPinyin;
    s.chars()
        .map(|c| match c.to_pinyin() {
            Some(p) => format!("{} ", p.with_tone_num_end()),
            None => c.to_lowercase().to_string(),
        })
        .collect()
}

/// The term names linked as `/TAXONOMY/NAME/` in `html`, in order, each once.
fn linked_terms(html: &str, taxonomy: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in html.split(&format!("href=\"/{taxonomy}/")).skip(1) {
        let name = &part[..part.find('"').unwrap_or(0)];
        let name = name.trim_end_matches('/');
        if !name.is_empty() && !name.contains('/') && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// Terms are listed by pinyin (星火驿站 xing before 志愿服务 zhi, though 志 comes before
/// 星 in Unicode), on the taxonomy page and in a collection's filter bar.
#[test]
fn terms_are_sorted_by_pinyin() {
    let list = page("tags/index.html");
    let main = &list[list.find("<main").unwrap()..list.find("</main>").unwrap()];
    let terms = linked_terms(main, "tags");
    assert!(terms.len() >= 10, "{terms:?}");
    let mut sorted = terms.clone();
    sorted.sort_by_key(|t| pinyin_key(t));
    assert_eq!(terms, sorted, "the tags page is in pinyin order");
    let xing = terms
        .iter()
        .position(|t| t == "星火驿站")
        .expect("星火驿站");
    let zhi = terms
        .iter()
        .position(|t| t == "志愿服务")
        .expect("志愿服务");
    assert!(xing < zhi);
    let section = page("activities/index.html");
    let bar = &section[section.find("class=\"filters").expect("filters")..];
    let bar = &bar[..bar
        .find("</nav>")
        .or(bar.find("</form>"))
        .unwrap_or(bar.len())];
    let chips = linked_terms(bar, "activities/tags");
    assert!(chips.len() >= 3, "{chips:?}");
    let mut sorted = chips.clone();
    sorted.sort_by_key(|t| pinyin_key(t));
    assert_eq!(chips, sorted, "the filter bar is in pinyin order");
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
    // A plain build ends by saying how to look at it: not by double-clicking.
    let last = stderr(&o)
        .trim_end()
        .lines()
        .last()
        .unwrap_or("")
        .to_string();
    assert!(
        last.contains("run xinghuo serve") && last.contains("xinghuo build --relative"),
        "{last}"
    );
    let o = std::process::Command::new(bin())
        .args(["build", "--drafts"])
        .current_dir(site(&t))
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(
        err.contains("查看网站：运行 xinghuo serve"),
        "the demo is Chinese, so are its messages: {err}"
    );
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

/// The demo is content a district could publish: no page shows maintainers' notes,
/// code or shortcode text to visitors (those live in docs/).
#[test]
fn demo_pages_speak_to_visitors() {
    for e in walkdir::WalkDir::new(public()).into_iter().flatten() {
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = read(e.path());
        let Some(a) = html.find("<main") else {
            continue;
        };
        let main = &html[a..html[a..].find("</main>").map_or(html.len(), |b| a + b)];
        for bad in ["{{", "{%", "site-config", "<code", "维护人员", "短代码"] {
            assert!(
                !main.contains(bad),
                "{} shows `{bad}` to visitors",
                e.path().display()
            );
        }
    }
    let about = page("about/index.html");
    assert!(
        about.contains("参观指南") && about.contains("110个"),
        "{about}"
    );
}

/// (Shortcodes inside code are left as written: tests/spec_site.rs.)
#[test]
fn shortcodes_render() {
    let about = page("about/index.html");
    assert!(about.contains("<svg"), "map() and qr() render SVG");
    let home = page("index.html");
    assert!(home.contains("class=\"kpis\""), "kpis rendered");
    assert!(home.contains("role=\"img\""), "charts rendered");
    assert!(
        home.contains("110个"),
        "stat() gives value and unit with no space"
    );
}

/// Opened without its stylesheet (a plain build from the disk), a page stays readable:
/// every inline SVG and image has its size in the markup (no screen-filling emblem),
/// and the page says why it looks bare (a notice the stylesheet hides).
#[test]
fn pages_keep_their_sizes_without_the_stylesheet() {
    let mut pages = 0;
    let mut problems = Vec::new();
    for e in walkdir::WalkDir::new(public()).into_iter().flatten() {
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        pages += 1;
        let html = read(e.path());
        let name = e
            .path()
            .strip_prefix(public())
            .unwrap()
            .display()
            .to_string();
        if !html.contains("<p class=\"unstyled-notice\"") {
            problems.push(format!("{name}: no notice for a page without styles"));
        }
        let tag_at = |i: usize| &html[i..i + html[i..].find('>').unwrap_or(0)];
        let mut depth = 0usize;
        let mut at = 0;
        while let Some(i) = html[at..].find('<').map(|i| at + i) {
            at = i + 1;
            let rest = &html[i..];
            if rest.starts_with("</svg") {
                depth = depth.saturating_sub(1);
            } else if rest.starts_with("<svg") {
                let tag = tag_at(i);
                // The outermost SVG needs a width, and a height or a viewBox (ratio).
                if depth == 0
                    && !(tag.contains(" width=")
                        && (tag.contains(" height=") || tag.contains(" viewBox=")))
                {
                    problems.push(format!("{name}: {tag}"));
                }
                if !tag.ends_with('/') {
                    depth += 1;
                }
            } else if rest.starts_with("<img ") {
                let tag = tag_at(i);
                if !(tag.contains(" width=") && tag.contains(" height=")) {
                    problems.push(format!("{name}: {tag}"));
                }
            }
        }
    }
    assert!(pages > 100, "checked {pages} pages");
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let css = page("css/extras.css");
    assert!(css.contains(".unstyled-notice { display: none !important; }"));
}

/// Shared links show a card: Open Graph tags with the page's title, summary, full
/// address and picture (a full URL under base_url).
#[test]
fn pages_carry_open_graph_tags() {
    let station = page("stations/xingxing-yizhan/index.html");
    for tag in [
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:site_name\" content=\"钟楼区社会组织党建展\">",
        "<meta property=\"og:title\" content=\"星火驿站（首个试点）\">",
        "<meta property=\"og:description\" content=\"全区首个社会组织星火党建驿站",
        "<meta property=\"og:url\" content=\"https://dangjian.example.org/stations/xingxing-yizhan/\">",
        "<meta property=\"og:image\" content=\"https://dangjian.example.org/stations/xingxing-yizhan/photo1.jpg\">",
        "<meta name=\"twitter:card\" content=\"summary_large_image\">",
        "<meta property=\"og:locale\" content=\"zh_CN\">",
    ] {
        assert!(station.contains(tag), "missing {tag}");
    }
    let chinese_url = page("activities/七一主题党日/index.html");
    assert!(chinese_url.contains("<meta property=\"og:url\" content=\"https://dangjian.example.org/activities/%E4%B8%83%E4%B8%80%E4%B8%BB%E9%A2%98%E5%85%9A%E6%97%A5/\">"));
    let home = page("index.html");
    assert!(home.contains("<meta property=\"og:title\" content=\"钟楼区社会组织党建展\">"));
    assert!(home.contains("<meta property=\"og:url\" content=\"https://dangjian.example.org/\">"));
    let list = page("stations/index.html");
    assert!(list.contains("<meta property=\"og:title\" content=\"星火党建驿站\">"));
    let term = page("tags/志愿服务/index.html");
    assert!(term.contains("<meta property=\"og:title\" content=\"志愿服务 · 标签\">"));
    assert!(page("stats/index.html").contains("<meta property=\"og:title\" content=\"数据统计\">"));
}

/// The footer's registrations: the ICP number links to the MIIT filing site, the
/// public-security filing to its entry at beian.mps.gov.cn; what the config does not
/// set (the government website code, the CONAC mark) is not shown.
#[test]
fn footer_shows_the_filings_the_config_sets() {
    let home = page("index.html");
    let foot = &home[home.find("<footer").unwrap()..];
    assert!(foot.contains("<a href=\"https://beian.miit.gov.cn/\" target=\"_blank\" rel=\"noopener noreferrer\">苏ICP备00000000号-1</a>"), "{foot}");
    assert!(foot.contains("<a href=\"https://beian.mps.gov.cn/#/query/webSearch?code=32040402000000\" target=\"_blank\" rel=\"noopener noreferrer\">苏公网安备 32040402000000号</a>"), "{foot}");
    assert!(
        !foot.contains("政府网站标识码") && !foot.contains("党政机关网站标识"),
        "{foot}"
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
    // The last line says how to look at it: this copy opens from the disk.
    let last = stderr(&o)
        .trim_end()
        .lines()
        .last()
        .unwrap_or("")
        .to_string();
    assert!(last.contains("open rel/index.html in a browser"), "{last}");
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

/// `xinghuo new` writes a commented skeleton with nothing made up: built at once, the
/// new pages show no invented facts (no pin on the map, no "0 名", no empty boxes).
#[test]
fn new_pages_show_only_what_is_filled_in() {
    let t = demo();
    let s = site(&t);
    for (collection, title) in [
        ("stations", "测试驿站"),
        ("projects", "测试项目"),
        ("members", "测试党员"),
        ("activities", "测试活动"),
    ] {
        let o = run(&s, &["new", collection, title]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let skeleton = read(s.join("content/stations/测试驿站.md"));
    assert!(
        skeleton.contains("# 党员人数（整数）\nparty_members:\n")
            && skeleton.contains("\nlocation:\n")
            && skeleton.contains("# 区域：")
            && skeleton.contains("\ndistrict:\n"),
        "{skeleton}"
    );
    let o = run(&s, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = |rel: &str| read(s.join("public").join(rel).join("index.html"));
    let main = |html: &str| {
        let a = html.find("<main").expect("main");
        let b = html.find("</main>").expect("/main");
        html[a..b].to_string()
    };
    let station = main(&page("stations/测试驿站"));
    assert!(!station.contains("class=\"facts"), "{station}");
    assert!(!station.contains("facts-number"), "no \"0 名\": {station}");
    let member = main(&page("members/测试党员"));
    assert!(
        !member.contains("class=\"facts") && !member.contains("class=\"honors\""),
        "{member}"
    );
    let project = main(&page("projects/测试项目"));
    assert!(
        !project.contains("facts-figure") && !project.contains("class=\"status"),
        "{project}"
    );
    let activity = main(&page("activities/测试活动"));
    assert!(!activity.contains("facts-figure"), "{activity}");
    // No pin: the demo's maps (about, units) know only the stations with a location.
    for rel in ["about", "units"] {
        let html = page(rel);
        assert!(
            !html.contains("测试驿站") && !html.contains("%E6%B5%8B%E8%AF%95"),
            "{rel} shows the new station"
        );
    }
    let list = page("stations");
    let card = &list[list.find("测试驿站").expect("listed")..];
    let card = &card[..card.find("</article>").expect("card end")];
    assert!(!card.contains("党员人数"), "{card}");
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
