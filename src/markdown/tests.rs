//! Tests of `render` as a whole.

use super::*;

fn opts() -> MarkdownOptions {
    MarkdownOptions::default()
}

fn html(md: &str) -> String {
    render(md, &opts(), &mut |_| None).html
}

fn with(md: &str, raw_html: RawHtml) -> Rendered {
    let opts = MarkdownOptions { raw_html, ..opts() };
    render(md, &opts, &mut |_| None)
}

#[test]
fn extensions_are_on() {
    let out = html("| 项目 | 数量 |\n|:--|--:|\n| 驿站 | 12 |\n");
    assert!(
        out.contains("<table>") && out.contains("<th style=\"text-align:left\">项目</th>"),
        "{out}"
    );
    assert!(
        out.contains("<td style=\"text-align:right\">12</td>"),
        "{out}"
    );

    let out = html("正文[^1]。\n\n[^1]: 注释。\n");
    assert!(
        out.contains("<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>"),
        "{out}"
    );
    assert!(
        out.contains("<div class=\"footnote-definition\" id=\"1\">"),
        "{out}"
    );

    assert_eq!(html("~~删除~~"), "<p><del>删除</del></p>\n");

    let out = html("- [x] 完成\n- [ ] 待办\n");
    assert!(
        out.contains("<input disabled=\"\" type=\"checkbox\" checked=\"\">"),
        "{out}"
    );
    assert!(
        out.contains("<input disabled=\"\" type=\"checkbox\">"),
        "{out}"
    );

    let out = html("## 概况 {#overview .wide}\n");
    assert_eq!(out, "<h2 id=\"overview\" class=\"wide\">概况</h2>\n");
}

#[test]
fn cjk_soft_breaks() {
    assert_eq!(html("第一行\n第二行"), "<p>第一行第二行</p>\n");
    assert_eq!(html("句号。\n下一句"), "<p>句号。下一句</p>\n");
    assert_eq!(html("中文\nEnglish"), "<p>中文\nEnglish</p>\n");
    assert_eq!(html("English\n中文"), "<p>English\n中文</p>\n");
    assert_eq!(html("one\ntwo"), "<p>one\ntwo</p>\n");
    // Across inline markup.
    assert_eq!(
        html("**加粗**\n*强调*"),
        "<p><strong>加粗</strong><em>强调</em></p>\n"
    );
    // A hard break stays.
    assert_eq!(html("第一行\\\n第二行"), "<p>第一行<br>\n第二行</p>\n");
}

#[test]
fn emphasis_next_to_cjk_punctuation() {
    assert_eq!(
        html("**党建引领：**这一年"),
        "<p><strong>党建引领：</strong>这一年</p>\n"
    );
    assert_eq!(
        html("这是**“重点”**内容"),
        "<p>这是<strong>“重点”</strong>内容</p>\n"
    );
    assert_eq!(
        html("__党建引领：__这一年"),
        "<p><strong>党建引领：</strong>这一年</p>\n"
    );
    assert_eq!(html("*提示：*请注意"), "<p><em>提示：</em>请注意</p>\n");
    assert_eq!(
        html("**党建引领：**这一年**其它**"),
        "<p><strong>党建引领：</strong>这一年<strong>其它</strong></p>\n"
    );
    assert_eq!(
        html("- **目标：**建设驿站"),
        "<ul>\n<li><strong>目标：</strong>建设驿站</li>\n</ul>\n"
    );
}

#[test]
fn ordinary_emphasis_is_unchanged() {
    assert_eq!(
        html("这是**重点**内容"),
        "<p>这是<strong>重点</strong>内容</p>\n"
    );
    assert_eq!(
        html("**重点**：内容"),
        "<p><strong>重点</strong>：内容</p>\n"
    );
    assert_eq!(
        html("a **bold** and *em* b"),
        "<p>a <strong>bold</strong> and <em>em</em> b</p>\n"
    );
    assert_eq!(html("snake_case_name"), "<p>snake_case_name</p>\n");
    assert_eq!(html("5 * 3 = 15"), "<p>5 * 3 = 15</p>\n");
    assert_eq!(html("a**\"x\"**b"), "<p>a**\"x\"**b</p>\n");
    // Escaped delimiters stay literal; code keeps its text exactly.
    assert_eq!(html("\\*\\*引领：\\*\\*这"), "<p>**引领：**这</p>\n");
    assert_eq!(html("`**引领：**这`"), "<p><code>**引领：**这</code></p>\n");
    let out = html("```\n**引领：**这\n```\n");
    assert_eq!(
        out,
        "<pre class=\"code\"><code>**引领：**这\n</code></pre>\n"
    );
}

#[test]
fn heading_ids_and_toc() {
    let r = render(
        "# 党建引领 2024：成果\n\n## Hello, World!\n\n## Hello, World!\n\n### 概况 {#intro}\n\n#### 概况\n\n## ！！\n",
        &opts(),
        &mut |_| None,
    );
    let ids: Vec<&str> = r.toc.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "党建引领-2024成果",
            "hello-world",
            "hello-world-1",
            "intro",
            "概况",
            "section"
        ]
    );
    assert_eq!(r.toc[0].level, 1);
    assert_eq!(r.toc[3].level, 3);
    assert_eq!(r.toc[1].title, "Hello, World!");
    assert!(
        r.html
            .contains("<h2 id=\"hello-world-1\">Hello, World!</h2>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h3 id=\"intro\">概况</h3>"), "{}", r.html);
    // An automatic id never takes a custom one, even one that comes later.
    let r = render("## 概况\n\n## 其他 {#概况}\n", &opts(), &mut |_| None);
    let ids: Vec<&str> = r.toc.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["概况-1", "概况"]);
    // Title text comes without markup.
    let r = render("## **红盟** `项目` [链接](x.md)\n", &opts(), &mut |_| None);
    assert_eq!(r.toc[0].title, "红盟 项目 链接");
    assert_eq!(r.toc[0].id, "红盟-项目-链接");
}

#[test]
fn code_blocks_are_highlighted() {
    let out = html("```toml\ntitle = \"星火\"\n```\n");
    assert!(
        out.starts_with("<pre class=\"code\" data-lang=\"toml\" style=\"background-color:"),
        "{out}"
    );
    assert!(out.contains("<span style=\"color:#"), "{out}");
    assert!(out.contains("星火"), "{out}");
    let out = html("```nosuchlang\n<b>\n```\n");
    assert_eq!(
        out,
        "<pre class=\"code\" data-lang=\"nosuchlang\"><code>&lt;b&gt;\n</code></pre>\n"
    );
    assert_eq!(
        html("用 `<b>` 标签"),
        "<p>用 <code>&lt;b&gt;</code> 标签</p>\n"
    );
    // Inside a list, and two blocks in a row, and with a bad theme (falls back).
    let md = "- 项\n\n  ```rust\n  fn a() {}\n  ```\n\n```yaml\na: 1\n```\n";
    let bad = MarkdownOptions {
        highlight_theme: "nope".into(),
        ..opts()
    };
    let out = render(md, &bad, &mut |_| None).html;
    assert!(out.contains("data-lang=\"rust\""), "{out}");
    assert!(out.contains("data-lang=\"yaml\""), "{out}");
    assert_eq!(out, html(md));
    let dark = MarkdownOptions {
        highlight_theme: "base16-ocean.dark".into(),
        ..opts()
    };
    assert_ne!(render(md, &dark, &mut |_| None).html, out);
}

#[test]
fn sanitize_is_the_default() {
    let md = "<div onclick=\"x()\">块 <script>alert(1)</script></div>\n\n\
              文字 <img src=\"a.png\" onerror=\"alert(2)\"> <a href=\"javascript:alert(3)\">j</a> \
              <span style=\"color:red\">s</span> <mark>重点</mark>\n\n\
              [md 链接](javascript:alert(4))\n";
    let out = html(md);
    for bad in [
        "<script",
        "alert",
        "onerror",
        "onclick",
        "javascript",
        "style=",
    ] {
        assert!(!out.contains(bad), "{bad} in {out}");
    }
    assert!(out.contains("<mark>重点</mark>"), "{out}");
    assert!(out.contains("<img src=\"a.png\">"), "{out}");
    assert!(out.contains("<div>块 </div>"), "{out}");
    // Our own code styles survive sanitizing.
    assert!(html("```rust\nfn a() {}\n```\n").contains("style="));
}

#[test]
fn allow_passes_raw_html_through() {
    let out = with(
        "<div onclick=\"x()\">a</div>\n\n<b style=\"c\">b</b>\n",
        RawHtml::Allow,
    )
    .html;
    assert!(out.contains("<div onclick=\"x()\">a</div>"), "{out}");
    assert!(out.contains("<b style=\"c\">b</b>"), "{out}");
}

#[test]
fn deny_escapes_and_reports_positions() {
    let md = "第一段\n\n<div class=\"x\">\n块\n</div>\n\n文字 <b>粗</b> 了\n\n<!-- 注释 -->\n\n末 <!-- c --> 尾\n";
    let r = with(md, RawHtml::Deny);
    assert_eq!(r.raw_html_found, vec![(3, 1), (7, 4), (7, 8)]);
    assert!(
        r.html
            .contains("<p>&lt;div class=\"x\"&gt;\n块\n&lt;/div&gt;</p>"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("文字 &lt;b&gt;粗&lt;/b&gt; 了"),
        "{}",
        r.html
    );
    assert!(
        !r.html.contains("注释") && !r.html.contains("<!--"),
        "{}",
        r.html
    );
    // Markdown's own links are still cleaned.
    assert!(!with("[x](javascript:alert(1))", RawHtml::Deny)
        .html
        .contains("javascript"));
    assert!(with("<b>x</b>", RawHtml::Sanitize)
        .raw_html_found
        .is_empty());
}

#[test]
fn shortcode_placeholders_survive() {
    assert_eq!(html("xhsc7f3e0001x"), "<p>xhsc7f3e0001x</p>\n");
    assert_eq!(
        html("共有xhsc7f3e0002x个支部"),
        "<p>共有xhsc7f3e0002x个支部</p>\n"
    );
    assert_eq!(
        with("xhsc7f3e0001x", RawHtml::Allow).html,
        "<p>xhsc7f3e0001x</p>\n"
    );
}

#[test]
fn links_get_exact_positions_and_replacements() {
    let md = "# 标题\n\n一段\n\n  [吴彩](@/members/wu-cai.md) 和 ![照片](photo.jpg \"t\")\n\n\
              中文 [引用][r] <https://example.org/>\n\n[r]: ./other.md\n";
    let mut seen = Vec::new();
    let r = render(md, &opts(), &mut |l: &LinkRef| {
        seen.push(l.clone());
        match l.dest.as_str() {
            "@/members/wu-cai.md" => Some("/members/wu-cai/".to_string()),
            "photo.jpg" => Some("/photos/photo.jpg".to_string()),
            _ => None,
        }
    });
    let at: Vec<(LinkKind, &str, usize, usize, usize)> = seen
        .iter()
        .map(|l| (l.kind, l.dest.as_str(), l.line, l.col, l.len))
        .collect();
    assert_eq!(
        at,
        [
            (LinkKind::Link, "@/members/wu-cai.md", 5, 3, 25),
            (LinkKind::Image, "photo.jpg", 5, 31, 20),
            (LinkKind::Link, "./other.md", 7, 4, 7),
            (LinkKind::Link, "https://example.org/", 7, 12, 22),
        ]
    );
    assert!(
        r.html.contains("<a href=\"/members/wu-cai/\">吴彩</a>"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<img src=\"/photos/photo.jpg\" alt=\"照片\" title=\"t\">"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<a href=\"./other.md\">引用</a>"),
        "{}",
        r.html
    );
}

#[test]
fn link_positions_count_from_the_original_text() {
    // Emphasis markers inserted before the link must not shift its column.
    let md = "**引领：**这 [a](b.md)\n";
    let mut seen = Vec::new();
    render(md, &opts(), &mut |l: &LinkRef| {
        seen.push((l.line, l.col, l.len));
        None
    });
    assert_eq!(seen, [(1, 10, 9)]);
}

#[test]
fn summary_rules() {
    let r = render(
        "# 标题\n\nxhsc00a1x\n\n![图](a.jpg)\n\n**星火**驿站 &amp; `服务`，\n共  xhsc00a2x 建。\n\n第二段\n",
        &opts(),
        &mut |_| None,
    );
    assert_eq!(r.summary, "星火驿站 & 服务，共 建。");
    let long = "党".repeat(300);
    let r = render(&long, &opts(), &mut |_| None);
    assert_eq!(r.summary.chars().count(), 200);
    assert!(r.summary.ends_with('…'));
    let exact = "建".repeat(200);
    assert_eq!(render(&exact, &opts(), &mut |_| None).summary, exact);
    assert_eq!(render("# 只有标题\n", &opts(), &mut |_| None).summary, "");
    // A footnote is not the first paragraph.
    let r = render("[^1]: 脚注\n\n正文\n", &opts(), &mut |_| None);
    assert_eq!(r.summary, "正文");
}

#[test]
fn deep_nesting_does_not_overflow() {
    let quotes = format!("{}深层", "> ".repeat(5000));
    let r = render(&quotes, &opts(), &mut |_| None);
    assert!(r.html.contains("深层"));
    assert_eq!(r.summary, "深层");
    let lists = format!("{}深层", "- ".repeat(5000));
    assert!(html(&lists).contains("深层"));
    let emphasis = format!("{}a{}", "*".repeat(5000), "*".repeat(5000));
    assert!(html(&emphasis).contains('a'));
    let links = format!("{}a{}(x)", "[".repeat(5000), "]".repeat(5000));
    assert!(html(&links).contains("a"));
    let divs = format!("{}a{}", "<div>".repeat(5000), "</div>".repeat(5000));
    assert!(html(&divs).contains('a'));
}

#[test]
fn forged_code_placeholders_cannot_break_attributes() {
    let md = "<a href=\"/\" title=\"&#120;hcb0x\">t</a> ![xh**cb**0x](a.png)\n\n```rust\nfn a() {}\n```\n";
    let out = html(md);
    assert!(out.contains("<a href=\"/\" title=\"0x\">t</a>"), "{out}");
    assert!(out.contains("alt=\"0x\""), "{out}");
    assert_eq!(out.matches("<pre").count(), 1, "{out}");
}

/// Fuzzing regression: `href="javascript:` typed as text stays text.
#[test]
fn fuzz_script_url_as_text_stays_text() {
    let md = String::from_utf8_lossy(include_bytes!(
        "../../tests/fixtures/fuzz/markdown-js-text.md"
    ));
    let out = render(&md, &MarkdownOptions::default(), &mut |_| None);
    assert!(!out.html.contains("<a"), "{}", out.html);
    assert!(out.html.contains("href=&quot;javascript:") || out.html.contains("href=\"javascript:"));
}

#[test]
fn tables_scroll_in_a_focusable_box() {
    let md = "| 年份 | 人次 |\n|---|---|\n| 2024 | 12500 |\n\n文字\n";
    for raw_html in [RawHtml::Sanitize, RawHtml::Allow, RawHtml::Deny] {
        let out = with(md, raw_html).html;
        assert!(
            out.starts_with("<div class=\"table-wrap\" tabindex=\"0\"><table>"),
            "{raw_html:?}: {out}"
        );
        assert!(
            out.contains("</table>\n</div>\n<p>文字</p>"),
            "{raw_html:?}: {out}"
        );
    }
    // Nothing else gets the box.
    assert!(!html("文字\n").contains("table-wrap"));
}
