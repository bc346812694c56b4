// The body of fuzz target `frontmatter` (see fuzz/fuzz_targets/frontmatter.rs), kept apart so that
// tests/fuzz_targets.rs compiles and runs it in `cargo test` too.

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use xinghuo::config::{Kind, Taxonomy};
use xinghuo::content::frontmatter::{parse, split, Role};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(s) = split(text) else {
        return;
    };
    assert!(s.front.len() + s.body.len() <= text.len());
    let tax = [
        Taxonomy { name: "tags".into(), title: "标签".into() },
        Taxonomy { name: "district".into(), title: "区域".into() },
    ];
    for role in [
        Role::Page(Kind::Station),
        Role::Page(Kind::Project),
        Role::Page(Kind::Member),
        Role::Page(Kind::Activity),
        Role::Page(Kind::Page),
        Role::Section,
        Role::Report,
    ] {
        let _ = parse(Path::new("content/x.md"), &s, role, &tax);
    }
});
