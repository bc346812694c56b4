// The body of fuzz target `shortcodes` (see fuzz/fuzz_targets/shortcodes.rs), kept apart so that
// tests/fuzz_targets.rs compiles and runs it in `cargo test` too.

use libfuzzer_sys::fuzz_target;
use xinghuo::shortcodes::{builtin, check_shortcode, parse, validate, Segment};

fuzz_target!(|text: &str| {
    let (segments, errors) = parse(text);
    let lines = text.split('\n').count();
    for e in &errors {
        assert!(e.line >= 1 && e.line <= lines, "error line {} of {lines}", e.line);
    }
    for s in &segments {
        match s {
            Segment::Text(t) => assert!(text.contains(t)),
            Segment::Shortcode(sc) => {
                if let Some(sig) = builtin(&sc.name) {
                    let _ = validate(sc, sig);
                }
                let _ = check_shortcode(sc, &["notice"]);
            }
        }
    }
});
