//! Markdown to HTML with each raw-HTML mode: no panic, and (sanitize, deny) the output
//! never holds a script, an event handler or a `javascript:` URL.
#![no_main]

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
        let low = out.html.to_ascii_lowercase();
        assert!(!low.contains("<script"), "script in {:?}", out.html);
        assert!(!low.contains("href=\"javascript:"), "js URL in {:?}", out.html);
    }
}
);
