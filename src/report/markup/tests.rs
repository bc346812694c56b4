//! Unit tests of the Markdown → Typst markup conversion.

use super::*;

struct NoHooks;
impl Hooks for NoHooks {
    fn link(&mut self, dest: &str, _line: usize) -> Option<String> {
        Some(dest.to_string())
    }
    fn image(&mut self, src: &str, _line: usize) -> Option<String> {
        Some(format!("/img/{src}"))
    }
    fn shortcode(&mut self, index: usize) -> String {
        format!("#sc({index})")
    }
}

fn t(md: &str) -> String {
    to_typst(md, 0, &mut NoHooks)
}

#[test]
fn escaper_backslashes_every_special_character() {
    assert_eq!(
        escape("#include \"/etc/passwd\""),
        "\\#include \\\"\\/etc\\/passwd\\\""
    );
    assert_eq!(escape("$x$ <l> ]"), "\\$x\\$ \\<l\\> \\]");
    assert_eq!(escape("党建\n引领"), "党建 引领");
    assert_eq!(escape("a\u{E000}b"), "ab");
    // Every printable ASCII special character is escaped; letters are not.
    for c in "\\#*_`$@<>[]~/-+=.:'\"".chars() {
        assert_eq!(escape(&c.to_string()), format!("\\{c}"));
    }
    assert_eq!(escape("abc 123"), "abc 123");
}

#[test]
fn string_literals_escape_quotes_and_backslashes() {
    assert_eq!(string_lit("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
}

#[test]
fn heading_levels_never_skip() {
    let levels = |md: &str, base: u8| -> Vec<String> {
        to_typst(md, base, &mut NoHooks)
            .match_indices("#heading(level: ")
            .map(|(i, m)| {
                to_typst(md, base, &mut NoHooks)[i + m.len()..i + m.len() + 1].to_string()
            })
            .collect()
    };
    // A case body (under a level-2 title) starting at `##`: 3, not 4.
    assert_eq!(
        levels("## 背景\n\n#### 细节\n\n## 成效", 2),
        ["3", "4", "3"]
    );
    assert_eq!(levels("# 一\n\n### 二", 1), ["2", "3"]);
    assert_eq!(levels("### 只有三级", 0), ["1"]);
}

#[test]
fn blocks_and_inlines() {
    assert_eq!(t("# 标题"), "#heading(level: 1, outlined: true)[标题]\n\n");
    assert_eq!(t("**党建引领：**这一年"), "#strong[党建引领：]这一年\n\n");
    assert_eq!(t("a *b*"), "a #emph[b]\n\n");
    assert_eq!(t("- a\n- b"), "#list([a], [b], )\n\n");
    assert_eq!(t("3. a"), "#enum(start: 3, [a], )\n\n");
    // A task list shows its boxes without bullets; a nested plain list keeps them.
    assert_eq!(
        t("- [x] a\n- [ ] b\n  - c"),
        "#list(marker: none, [☑ a], [☐ b#list([c], )\n\n], )\n\n"
    );
    // Struck-through text stays visible as a correction, as on the website (`<del>`).
    assert_eq!(t("~~旧~~新"), "#strike[旧]新\n\n");
    assert_eq!(t("> q"), "#quote(block: true)[q\n\n]\n\n");
    assert_eq!(t("`x#y`"), "#raw(\"x#y\")\n\n");
    assert_eq!(
        t("```rust\nfn\n```"),
        "#raw(block: true, lang: \"rust\", \"fn\")\n\n"
    );
    assert_eq!(t("[站](https://x.org)"), "#link(\"https://x.org\")[站]\n\n");
    assert_eq!(
        t("![图](a.jpg)"),
        "#figure(image(\"/img/a.jpg\", width: 80%, alt: \"图\"), caption: [图])\n\n"
    );
}

#[test]
fn tables_and_footnotes() {
    let s = t("|a|b|\n|-|:-:|\n|1|2|");
    assert_eq!(
        s,
        "#table(columns: 2, align: (left, center,), table.header([a], [b], ), [1], [2], )\n\n"
    );
    let s = t("文[^1]。\n\n[^1]: 注释");
    assert!(s.starts_with("文#footnote[注释]<xh-fn-0>。"), "{s}");
}

#[test]
fn soft_breaks_between_chinese_vanish() {
    assert_eq!(t("党建\n引领"), "党建引领\n\n");
    assert_eq!(t("party\nwork"), "party work\n\n");
}

#[test]
fn shortcode_tokens_become_code() {
    assert_eq!(t(&format!("a {} b", token(2))), "a #sc(2)#[] b\n\n");
    assert_eq!(t("xhsc12"), "xhsc12\n\n");
}

#[test]
fn hostile_text_stays_literal() {
    let s = t("#include \"/etc/passwd\" $x^2$ <label> @ref ] */ = - + 1. ~");
    // No unescaped `#`, `$`, `<`, `@`, `]` remain.
    let mut prev = ' ';
    for c in s.chars() {
        if "#$<@]".contains(c) {
            assert_eq!(prev, '\\', "{s}");
        }
        prev = if prev == '\\' { ' ' } else { c };
    }
}

#[test]
fn deep_nesting_is_flattened_and_still_parses() {
    let list: String = (0..300)
        .map(|i| format!("{}- a{i}\n", "  ".repeat(i)))
        .collect();
    let emph = format!("{}x{}", "*".repeat(150), "*".repeat(150));
    for md in [
        format!("{} deep[^1]\n\n[^1]: {emph}\n", ">".repeat(300)),
        format!("{list}\n{} x\n", ">".repeat(30)),
        format!("> {}", "> - ".repeat(200)),
        format!("{}\n\n[^1]: {list}", "> ".repeat(100) + "[^1]"),
    ] {
        let s = t(&md);
        assert_eq!(super::super::audit::check(&s), Ok(()), "{md:.200}");
    }
    let s = t(&list);
    assert!(s.contains("a0") && s.contains("a299"), "text kept");
}

#[test]
fn a_short_last_section_stays_with_the_block_before_it() {
    let kept = t("前文。\n\n第二段。\n\n## 下一步计划\n\n一句话。\n");
    let open = kept
        .find("#block(breakable: false)[")
        .expect("kept together");
    assert!(kept[..open].contains("前文"), "{kept}");
    assert!(
        kept[open..].starts_with("#block(breakable: false)[\n第二段"),
        "{kept}"
    );
    assert!(kept.trim_end().ends_with(']'), "{kept}");
    crate::report::audit::check(&kept).expect("safe markup");
    // A long last section, one with a table, or no heading: left to break freely.
    let long = format!("前文。\n\n## 下一步\n\n{}\n", "很长的一段话。".repeat(40));
    assert!(!t(&long).contains("breakable"));
    assert!(!t("前文。\n\n## 表\n\n| a |\n|---|\n| 1 |\n").contains("breakable"));
    assert!(!t("前文。\n\n后文。\n").contains("breakable"));
}
