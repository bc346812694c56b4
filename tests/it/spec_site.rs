//! A second site, written strictly to the reference (docs/reference/) and unlike the demo: English UI, a
//! custom taxonomy, title sorting by pinyin, pagination, TOML front matter, a bundle
//! linking relatively, site shortcodes, shortcodes in code left as written, template
//! overrides, nested data, `[extra]`.

use crate::common;

use common::*;

fn built() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let s = t.path().join("site");
    copy_tree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spec-site"),
        &s,
    );
    let o = run(&s, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    t
}

#[test]
fn spec_site_builds_right() {
    let t = built();
    let p = t.path().join("site/public");
    let page = |r: &str| read(p.join(r));
    // Title sort by pinyin: 丙 (bing) 甲 (jia) 乙 (yi), two per page.
    let n1 = page("notices/index.html");
    let main1 = &n1[n1.find("<main").unwrap()..];
    let (a, b) = (
        main1.find("/notices/丙/").unwrap(),
        main1.find("/notices/甲/").unwrap(),
    );
    assert!(a < b);
    assert!(!main1.contains("/notices/乙/"), "乙 is on page 2");
    assert!(page("notices/page/2/index.html").contains("/notices/乙/"));
    // A custom taxonomy, a term with a space, a single-string term in TOML.
    assert!(page("topics/公告/index.html").contains("/stations/hub/"));
    assert!(page("topics/a-b/index.html").contains("通知甲"));
    // Weight order: `second` (weight 1) before the TOML bundle (weight 2).
    let st = page("stations/index.html");
    assert!(st.find("/stations/second/").unwrap() < st.find("/stations/hub/").unwrap());
    // Relative link from a bundle to a page, relative image in a bundle, static cover.
    let hub = page("stations/hub/index.html");
    assert!(
        hub.contains("href=\"/notices/%E7%94%B2/\""),
        "relative .md link resolved (percent-encoded by the Markdown writer)"
    );
    assert!(hub.contains("src=\"/stations/hub/hub.png\""));
    assert!(p.join("stations/hub/hub.png").is_file());
    assert!(page("stations/second/index.html").contains("/img/logo.png"));
    // Units by name and by id.
    let pr = page("projects/a/index.html");
    assert!(pr.contains("/units/#unit-u1") && pr.contains("/units/#unit-u2"));
    // Site shortcode with escaping; template override reading nested data and [extra].
    assert!(page("index.html").contains("<div class=\"notice\">欢迎 &lt;光临&gt;</div>"));
    assert!(page("404.html").contains("<p id=\"custom404\">周一至周五 为民服务</p>"));
    // English UI from language = "en"; the site title is escaped.
    let home = page("index.html");
    assert!(home.contains("<html lang=\"en\""));
    assert!(home.contains(">Statistics<"), "English nav");
    assert!(home.contains("测试站点 &lt;&amp;&gt;"));
    // Shortcodes in code stay literal (the site has no statistics: run, they would fail).
    let jia = page("notices/甲/index.html");
    assert!(
        jia.contains("{{ stat(key=&quot;x&quot;) }}") || jia.contains("{{ stat(key=\"x\") }}"),
        "inline code keeps the shortcode text"
    );
    assert!(
        jia.contains("{{ chart("),
        "a fenced block keeps the shortcode text"
    );
    // [filing]: every registration in the footer, in the site's language, linked.
    let foot = &home[home.find("<footer").unwrap()..];
    assert!(foot.contains(
        "<a href=\"https://beian.mps.gov.cn/#/query/webSearch?code=32040402000123\" target=\"_blank\" rel=\"noopener noreferrer\">Police filing 32040402000123</a>"
    ), "{foot}");
    assert!(
        foot.contains("Government website code: bm01000001"),
        "{foot}"
    );
    assert!(
        foot.contains("href=\"https://bszs.conac.cn/sitename?method=show&amp;id=1\""),
        "{foot}"
    );
    assert!(
        foot.contains("<img src=\"/img/logo.png\" alt=\"Party and government website mark\""),
        "{foot}"
    );
    assert!(!foot.contains("beian.miit.gov.cn"), "no icp, no ICP line");
    // A collection without _index.md still has its page, titled from the config.
    assert!(page("projects/index.html").contains("项目"));
}
