// The body of fuzz target `pdf_markup` (see fuzz/fuzz_targets/pdf_markup.rs), kept apart so that
// tests/fuzz_targets.rs compiles and runs it in `cargo test` too.

use libfuzzer_sys::fuzz_target;
use xinghuo::report::audit;
use xinghuo::report::markup::{to_typst, Hooks};

/// Hooks like the report's, passing the writer's text through where it can go.
struct FuzzHooks;
impl Hooks for FuzzHooks {
    fn link(&mut self, dest: &str, _line: usize) -> Option<String> {
        Some(dest.to_string())
    }
    fn image(&mut self, src: &str, _line: usize) -> Option<String> {
        (!src.is_empty()).then(|| format!("/img/{src}"))
    }
    fn shortcode(&mut self, index: usize) -> String {
        format!("#xh_qr(\"/q{index}.svg\", \"https://x.org/\")")
    }
}

fuzz_target!(|md: &str| {
    for offset in [0, 2] {
        let out = to_typst(md, offset, &mut FuzzHooks);
        if let Err(e) = audit::check(&out) {
            panic!("{e}\ninput: {md:?}\nmarkup: {out:?}");
        }
    }
});
