//! The fuzz targets' code (`fuzz/targets/*.rs`; fuzzing itself needs cargo-fuzz and a
//! nightly toolchain, see fuzz/README.md) compiles against the library here and runs on
//! the demo's own files and a few hostile inputs. So a change to the library's public
//! items that breaks a fuzz target fails `cargo test`, and each target's assertions hold
//! on real content.

use std::path::Path;

/// Stands in for `libfuzzer_sys::fuzz_target!`: the target becomes `fn run(input)`.
#[macro_export]
macro_rules! fuzz_target {
    (init: $init:block, |$d:ident: $t:ty| $body:block) => {
        pub fn run($d: $t) {
            $init;
            $body
        }
    };
    (|$d:ident: $t:ty| $body:block) => {
        pub fn run($d: $t) $body
    };
}

macro_rules! target {
    ($name:ident) => {
        // The target's `use libfuzzer_sys::fuzz_target` is shadowed by the macro above.
        #[allow(unused_imports)]
        mod $name {
            mod libfuzzer_sys {
                pub use crate::fuzz_target;
            }
            include!(concat!("../../fuzz/targets/", stringify!($name), ".rs"));
        }
    };
}

target!(frontmatter);
target!(markdown);
target!(pdf_markup);
target!(search_tokenizer);
target!(shortcodes);
target!(stats_yaml);

/// Text that has broken parsers before: odd YAML, unclosed shortcodes, mixed scripts.
const HOSTILE: &[&str] = &[
    "",
    "---\ntitle： 全角冒号\n---\n正文",
    "---\ntitle: a\n",
    "{{ qr(url=\"x\"",
    "{{ chart(data=\"stats.members\", kind=\"bar\") }}\n\n{% notice() %}未闭合",
    "a: &a [*a, *a, *a]\nb: *a",
    "星火驿站 spark 2024年 ｛全角括号｝ 😀 \u{200b}",
    "# 标题\n\n<script>alert(1)</script> [x](javascript:alert(1))",
    "```\n未闭合的代码块",
];

fn demo_files(ext: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["content", "data"] {
        for e in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
            let e = e.expect("the demo site is readable");
            if e.path().extension().is_some_and(|x| x == ext) {
                out.push(std::fs::read_to_string(e.path()).expect("demo files are UTF-8"));
            }
        }
    }
    assert!(!out.is_empty(), "no .{ext} files in the demo site");
    out
}

fn inputs(ext: &str) -> Vec<String> {
    let mut v = demo_files(ext);
    v.extend(HOSTILE.iter().map(|s| s.to_string()));
    v
}

#[test]
fn the_fuzz_targets_hold_on_the_demo_and_hostile_input() {
    for text in inputs("md") {
        frontmatter::run(text.as_bytes());
        markdown::run(&text);
        pdf_markup::run(&text);
        search_tokenizer::run(&text);
        shortcodes::run(&text);
    }
    for text in inputs("yaml") {
        stats_yaml::run(&text);
    }
}
