// The body of fuzz target `markdown` (see fuzz/fuzz_targets/markdown.rs), kept apart so that
// tests/fuzz_targets.rs compiles and runs it in `cargo test` too.

use libfuzzer_sys::fuzz_target;
use xinghuo::markdown::{render, MarkdownOptions, RawHtml};

fuzz_target!(
    init: {
        // Load syntect's syntaxes and themes once, outside the per-input timeout.
        let _ = render("```rust\nfn main() {}\n```\n", &MarkdownOptions::default(), &mut |_| None);
    },
    |md: &str| {
        for raw_html in [RawHtml::Sanitize, RawHtml::Deny] {
        let opts = MarkdownOptions { raw_html, ..MarkdownOptions::default() };
        let out = render(md, &opts, &mut |_| None);
        // Text `<` is always escaped, so every `<` starts a real tag: check the tags only
        // (`href="javascript:` as text in a paragraph is harmless).
        let low = out.html.to_ascii_lowercase();
        for tag in low.split('<').skip(1).map(|t| t.split('>').next().unwrap_or(t)) {
            assert!(!tag.starts_with("script"), "script in {:?}", out.html);
            assert!(!tag.contains("href=\"javascript:"), "js URL in {:?}", out.html);
            assert!(!tag.contains("src=\"javascript:"), "js URL in {:?}", out.html);
        }
    }
}
);
