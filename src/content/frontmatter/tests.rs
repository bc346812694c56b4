use super::*;
use std::path::PathBuf;

fn taxes() -> Vec<Taxonomy> {
    vec![Taxonomy {
        name: "tags".into(),
        title: "标签".into(),
    }]
}

fn run(text: &str, kind: Kind) -> Result<FrontMatter, Vec<Diagnostic>> {
    let s = split(text).map_err(|_| vec![])?;
    parse(&PathBuf::from("c.md"), &s, Role::Page(kind), &taxes())
}

#[test]
fn splits_yaml_and_toml() {
    let s = split("---\ntitle: a\n---\nbody\n").ok().unwrap();
    assert_eq!((s.front, s.body, s.body_line), ("title: a\n", "body\n", 4));
    let s = split("+++\ntitle = \"a\"\n+++\n").ok().unwrap();
    assert!(s.toml);
    assert!(split("no fm").is_err());
    assert!(split("---\ntitle: a\n").is_err());
}

#[test]
fn station_fields() {
    let fm = run(
        "---\ntitle: 驿站\nparty_members: 36\nservices: 党建+公益\ntags: [a, b]\nestablished: 2021-07-01\n---\n",
        Kind::Station,
    )
    .unwrap();
    assert_eq!(fm.fields.party_members, Some(36));
    assert_eq!(fm.fields.services, vec!["党建+公益"]);
    assert_eq!(
        fm.taxonomies,
        vec![("tags".into(), vec!["a".into(), "b".into()])]
    );
    assert_eq!(fm.fields.established.unwrap().ymd(), "2021-07-01");
}

#[test]
fn unknown_field_with_hint_at_its_line() {
    let e = run(
        "---\ntitle: 驿站\nstreet: x\n\npartymembers: 36\n---\n",
        Kind::Station,
    )
    .unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].line, e[0].col), (5, 1));
    assert!(e[0].hint.as_ref().unwrap().en.contains("party_members"));
}

#[test]
fn field_of_another_kind() {
    let e = run("---\ntitle: x\nstreet: y\n---\n", Kind::Member).unwrap_err();
    assert!(
        e[0].hint.as_ref().unwrap().en.contains("station pages"),
        "{:?}",
        e[0].hint
    );
}

#[test]
fn wrong_type_and_missing_title() {
    let e = run("---\nparty_members: many\n---\n", Kind::Station).unwrap_err();
    assert_eq!(e.len(), 2);
    assert!(e
        .iter()
        .any(|d| d.line == 2 && d.message.en.contains("whole number")));
    assert!(e
        .iter()
        .any(|d| d.line == 1 && d.message.en.contains("title")));
}

#[test]
fn yaml_error_line_counts_from_top_of_file() {
    let e = run("---\ntitle: a\ndate: [\n---\n", Kind::Page).unwrap_err();
    assert!(e[0].line >= 3, "{}", e[0].line);
}

#[test]
fn dates() {
    assert!(PageDate::parse("2024-02-30").is_none());
    assert_eq!(
        PageDate::parse("2024-05-07").unwrap().rfc3339(),
        "2024-05-07T00:00:00+08:00"
    );
    assert_eq!(
        PageDate::parse("2024-05-07T10:00:00Z").unwrap().rfc3339(),
        "2024-05-07T10:00:00+00:00"
    );
    assert_eq!(
        PageDate::parse("2024-05-07 10:30").unwrap().rfc3339(),
        "2024-05-07T10:30:00+08:00"
    );
}

#[test]
fn toml_datetime_becomes_a_date() {
    let fm = run(
        "+++\ntitle = \"x\"\ndate = 2024-05-07\n+++\n",
        Kind::Activity,
    )
    .unwrap();
    assert_eq!(fm.date.unwrap().ymd(), "2024-05-07");
}

#[test]
fn honors_are_typed() {
    let fm = run(
        "---\ntitle: x\nhonors:\n  - {year: 2024, title: 优秀党员}\n---\n",
        Kind::Member,
    )
    .unwrap();
    assert_eq!(
        fm.fields.honors,
        vec![Honor {
            year: 2024,
            title: "优秀党员".into()
        }]
    );
    assert!(run("---\ntitle: x\nhonors: [{year: x}]\n---\n", Kind::Member).is_err());
}

#[test]
fn reserved_fields_are_exactly_the_front_matter_fields() {
    // Config refuses these as taxonomy names; both lists must name the same fields.
    let mut fields: Vec<&str> = [COMMON, STATION, PROJECT, MEMBER, ACTIVITY, SECTION, REPORT]
        .concat()
        .into_iter()
        .collect();
    fields.sort_unstable();
    fields.dedup();
    let mut reserved = crate::config::RESERVED_FIELDS.to_vec();
    reserved.sort_unstable();
    assert_eq!(fields, reserved);
}

#[test]
fn a_location_with_longitude_first_is_named_and_the_fix_given() {
    let e = run(
        "---\ntitle: a\nlocation: [119.95, 31.78]\n---\n",
        Kind::Page,
    )
    .unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].line, 3);
    assert!(
        e[0].message.en.contains("longitude first"),
        "{}",
        e[0].message.en
    );
    let hint = e[0].hint.as_ref().expect("a hint");
    assert!(hint.en.contains("[31.78, 119.95]"), "{}", hint.en);
    let e = run("---\ntitle: a\nlocation: [200, 300]\n---\n", Kind::Page).unwrap_err();
    assert!(e[0].message.en.contains("[latitude, longitude]"));
}
