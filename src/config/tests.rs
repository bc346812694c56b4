use super::*;

const MIN: &str = "title = \"t\"\nbase_url = \"https://x.org\"\n";

#[test]
fn defaults() {
    let c = parse(MIN).unwrap();
    assert_eq!(c.base_url, "https://x.org/");
    assert_eq!(c.language, "zh-CN");
    assert_eq!(c.privacy_ids, PrivacyLevel::Error);
    assert_eq!(c.privacy_phones, PrivacyLevel::Warn);
    assert!(c.search);
    assert_eq!(c.base_path(), "/");
    assert_eq!(c.organization, "t");
}

#[test]
fn collection_sort_defaults_by_kind() {
    let c = parse(&format!(
        "{MIN}[collections.p]\nkind = \"project\"\n[collections.s]\nkind = \"station\"\n"
    ))
    .unwrap();
    assert_eq!(c.collections[0].sort_by, SortBy::Date);
    assert_eq!(c.collections[1].sort_by, SortBy::Weight);
}

#[test]
fn unknown_key_has_line_and_hint() {
    let e = parse(&format!("{MIN}\ndescriptoin = \"x\"\n")).unwrap_err();
    let d = e.iter().next().unwrap();
    assert_eq!(d.line, 4);
    assert!(d.message.en.contains("descriptoin"));
    assert!(d.hint.as_ref().unwrap().en.contains("description"));
}

#[test]
fn bad_kind_is_located() {
    let e = parse(&format!("{MIN}[collections.s]\nkind = \"staton\"\n")).unwrap_err();
    let d = e.iter().next().unwrap();
    assert_eq!((d.line, d.col), (4, 8));
    assert!(d.hint.as_ref().unwrap().en.contains("station"));
}

#[test]
fn missing_title_and_base_url() {
    let e = parse("").unwrap_err();
    assert_eq!(e.error_count(), 2);
}

#[test]
fn base_path_of_sub_folder() {
    let c = parse("title=\"t\"\nbase_url=\"https://x.org/dj\"").unwrap();
    assert_eq!(c.base_path(), "/dj/");
}
