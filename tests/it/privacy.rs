//! The privacy scan through the real binary (docs/reference/diagnostics.md, issue 7): resident ID numbers
//! with a valid checksum (also ending in `x`) in content and in data, mobile numbers in
//! every spacing, and no finding for numbers that only look alike.

use crate::common;

use common::*;

fn check_with(files: &[(&str, &str)]) -> String {
    let t = demo();
    let s = site(&t);
    for (rel, text) in files {
        let p = s.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    stderr(&run(&s, &["check"]))
}

#[test]
fn ids_and_mobiles_are_found_in_content_and_data() {
    let err = check_with(&[
        (
            "content/stations/p.md",
            "---\ntitle: p\n---\n\n联系人身份证 11010519491231002x，手机 138 0013 8000。\n",
        ),
        (
            "data/org/people.yaml",
            "- name: 张三\n  id: \"11010519491231002X\"\n  phone: 138-0013-8000\n",
        ),
    ]);
    assert!(err.contains("content/stations/p.md:5"), "{err}");
    assert!(err.contains("data/org/people.yaml:2"), "{err}");
    assert!(err.contains("data/org/people.yaml:3"), "{err}");
    assert_eq!(err.matches("resident ID number").count(), 2, "{err}");
    assert_eq!(err.matches("mobile phone number").count(), 2, "{err}");
    assert!(err.contains("1101**********002X") || err.contains("1101**********002x"));
}

#[test]
fn look_alikes_are_not_reported() {
    let err = check_with(&[(
        "content/stations/q.md",
        "---\ntitle: q\n---\n\n\
         随机数 110105194912310021 和 123456789012345678；\n\
         链接 https://example.org/a/11010519491231002X/b；\n\
         订单号 11010519491231002X；\n\
         编号：110105194912310021；\n\
         电话 0519-8888 6666，金额 13800138000.50 元中的 1380013800012。\n",
    )]);
    assert!(!err.contains("resident ID number"), "{err}");
    assert!(!err.contains("mobile phone number"), "{err}");
}
