//! The rules of built-in shortcodes beyond argument types hold on the website too:
//! a map source that does not exist and a QR code of no size fail the build at their
//! place (they used to be drawn as an empty map and a 64-pixel code).

use crate::common;

use common::*;

#[test]
fn map_source_and_qr_size_are_checked_when_building() {
    let golden = built_demo().join("site");
    for (body, at, message) in [
        (
            "{{ map(source=\"station\") }}",
            "content/stations/broken.md:7:8",
            "map source \"station\" does not exist",
        ),
        (
            "{{ qr(size=0) }}",
            "content/stations/broken.md:7:7",
            "`size` of `qr` must be more than 0",
        ),
    ] {
        let t = tempfile::tempdir().expect("temp dir");
        let s = t.path().join("site");
        copy_tree(&golden, &s);
        std::fs::write(
            s.join("content/stations/broken.md"),
            format!("---\ntitle: x\n---\n\nText.\n\n{body}\n"),
        )
        .expect("page written");
        let o = run(&s, &["build"]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{body}: {err}");
        assert!(err.contains(&format!("--> {at}")), "{body}: {err}");
        assert!(err.contains(message), "{body}: {err}");
    }
}
