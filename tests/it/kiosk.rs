//! The kiosk file of a large site: a collection's list screen holds at most 60 cases
//! (featured first), the tile and the list count all of them, and a QR code of the
//! collection's page leads to the rest; a small collection is shown whole.

use crate::common;

use common::*;

#[test]
fn a_long_collection_is_capped_in_the_kiosk() {
    let t = demo();
    let site = site(&t);
    let dir = site.join("content/activities");
    let before = std::fs::read_dir(&dir)
        .expect("activities")
        .filter(|e| {
            let n = e.as_ref().expect("entry").file_name();
            let n = n.to_string_lossy();
            let draft = read(e.as_ref().expect("entry").path()).contains("draft: true");
            n.ends_with(".md") && n != "_index.md" && !draft
        })
        .count();
    for k in 0..70 {
        let featured = if k == 69 { "featured: true\n" } else { "" };
        std::fs::write(
            dir.join(format!("bulk-{k:02}.md")),
            format!(
                "---\ntitle: 批量活动第{k}号\ndate: 2020-01-{:02}\n{featured}---\n\n正文。\n",
                k % 28 + 1
            ),
        )
        .expect("write");
    }
    let o = run(&site, &["build"]);
    assert!(o.status.success(), "build: {}", stderr(&o));
    let html = read(site.join("public/kiosk/index.html"));
    let list = html
        .split("id=\"k-list-activities\"")
        .nth(1)
        .expect("the activities list screen")
        .split("</section>")
        .next()
        .expect("its end");
    let total = before + 70;
    assert_eq!(list.matches("class=\"k-item\"").count(), 60, "rows shown");
    assert!(
        list.contains(&format!("{total} 项")),
        "the count is the whole collection ({total}): {}",
        list.chars().take(200).collect::<String>()
    );
    assert!(
        list.contains(&format!("这里展示 60 项，共 {total} 项")),
        "{list}"
    );
    assert!(list.contains("<svg"), "a QR code of the collection's page");
    assert!(
        list.contains("批量活动第69号"),
        "the featured page is listed"
    );
    // Every listed case has its screen; no screen for a case not listed.
    let cases = html.matches("class=\"screen screen-case").count();
    assert!(cases > 60 && cases < 60 + 40, "case screens: {cases}");
    // The stations (a short collection) are all listed and have no "more" QR.
    let st = html
        .split("id=\"k-list-stations\"")
        .nth(1)
        .expect("stations list")
        .split("</section>")
        .next()
        .expect("its end");
    assert!(!st.contains("k-more"), "{st}");
}
