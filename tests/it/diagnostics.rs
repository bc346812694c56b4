//! One broken variant of the demo site per diagnostic: each must fail with exit code 1,
//! name the right file and line, say what is wrong, and leave the previous `public/`
//! byte-identical.

use crate::common;

use common::*;
use std::path::Path;

/// A broken variant: files to write (path, contents), then what the error must say.
struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static [u8])],
    /// `file:line` (and optionally `:col`) after `-->`.
    at: &'static str,
    message: &'static str,
}

const STATION: &str = "content/stations/broken.md";

const CASES: &[Case] = &[
    Case {
        name: "yaml syntax",
        files: &[(STATION, b"---\ntitle: x\ntags: [a, b\nweight: 3\n---\nbody\n")],
        at: "content/stations/broken.md:",
        message: "invalid YAML in front matter",
    },
    Case {
        name: "toml syntax",
        files: &[(STATION, b"+++\ntitle = \"x\"\nweight = = 3\n+++\nbody\n")],
        at: "content/stations/broken.md:3",
        message: "invalid TOML",
    },
    Case {
        name: "missing title",
        files: &[(STATION, b"---\nweight: 3\n---\nbody\n")],
        at: "content/stations/broken.md:1",
        message: "the required field `title` is missing",
    },
    Case {
        name: "ill-typed field",
        files: &[(STATION, b"---\ntitle: x\n\nparty_members: many\n---\n")],
        at: "content/stations/broken.md:4:1",
        message: "field `party_members` must be a whole number",
    },
    Case {
        name: "unknown field with hint",
        files: &[(STATION, b"---\ntitle: x\nstreet: y\naddress: z\nweight: 1\npartymembers: 36\n---\n")],
        at: "content/stations/broken.md:6:1",
        message: "did you mean `party_members`?",
    },
    Case {
        name: "invalid date",
        files: &[(STATION, b"---\ntitle: x\ndate: 2024-13-45\n---\n")],
        at: "content/stations/broken.md:3",
        message: "field `date` must be a date",
    },
    Case {
        name: "broken @/ link",
        files: &[(STATION, b"---\ntitle: x\n---\n\nSee [wu](@/members/wu-ca.md).\n")],
        at: "content/stations/broken.md:5:5",
        message: "broken link: there is no content/members/wu-ca.md",
    },
    Case {
        name: "missing image",
        files: &[(STATION, b"---\ntitle: x\n---\n\n\n![photo](nope.jpg)\n")],
        at: "content/stations/broken.md:6:1",
        message: "file `nope.jpg` not found",
    },
    Case {
        name: "missing cover",
        files: &[(STATION, b"---\ntitle: x\ncover: /images/none.jpg\n---\n")],
        at: "content/stations/broken.md:3",
        message: "file `/images/none.jpg` not found",
    },
    Case {
        name: "duplicate URL",
        files: &[(STATION, b"---\ntitle: x\nslug: xilin-heyuan\n---\n")],
        at: "content/stations/xilin-heyuan.md",
        message: "two pages have the same URL /stations/xilin-heyuan/",
    },
    Case {
        name: "unknown shortcode",
        files: &[(STATION, b"---\ntitle: x\n---\n\n{{ stats(key=\"party_branches\") }}\n")],
        at: "content/stations/broken.md:5",
        message: "stats",
    },
    Case {
        name: "unknown shortcode argument",
        files: &[(STATION, b"---\ntitle: x\n---\n\ntext {{ stat(key=\"party_branches\", yaer=2024) }}\n")],
        at: "content/stations/broken.md:5",
        message: "yaer",
    },
    Case {
        name: "ill-typed shortcode argument",
        files: &[(STATION, b"---\ntitle: x\n---\n{{ stat(key=\"party_branches\", year=\"2024\") }}\n")],
        at: "content/stations/broken.md:4",
        message: "year",
    },
    Case {
        name: "unterminated shortcode",
        files: &[(STATION, b"---\ntitle: x\n---\n\n\ntext {{ stat(key=\"party_branches\"\n\nmore text\n")],
        at: "content/stations/broken.md:6:6",
        message: "",
    },
    Case {
        name: "stats value not a number",
        files: &[("data/stats/2024.yaml", b"year: 2024\nmetrics:\n  party_branches: {label: x, value: many, unit: a}\n")],
        at: "data/stats/2024.yaml:3",
        message: "",
    },
    Case {
        name: "stats percent out of range",
        files: &[("data/stats/2024.yaml", b"year: 2024\nmetrics:\n  coverage: {label: x, value: 120, unit: \"%\"}\n")],
        at: "data/stats/2024.yaml:3",
        message: "120",
    },
    Case {
        name: "stats total_of mismatch",
        files: &[(
            "data/stats/2024.yaml",
            b"year: 2024\nmetrics:\n  party_branches: {label: x, value: 10, unit: a}\nbreakdowns:\n  b:\n    label: y\n    unit: a\n    total_of: party_branches\n    items: {a: 3, b: 4}\n",
        )],
        at: "data/stats/2024.yaml:",
        message: "10",
    },
    Case {
        name: "stats year differs from file name",
        files: &[("data/stats/2024.yaml", b"scope: x\nyear: 2023\nmetrics:\n  a: {label: x, value: 1, unit: a}\n")],
        at: "data/stats/2024.yaml:2",
        message: "2023",
    },
    Case {
        name: "invalid UTF-8",
        files: &[(STATION, b"---\ntitle: x\n---\n\nok line\nbad \xff\xfe byte\n")],
        at: "content/stations/broken.md:6:5",
        message: "not valid UTF-8",
    },
    Case {
        name: "empty file",
        files: &[(STATION, b"")],
        at: "content/stations/broken.md:1",
        message: "the file is empty",
    },
    Case {
        name: "template syntax error",
        files: &[("templates/page.html", b"<html>\n<body>\n{% if page.title %}\n{{ page.title }\n</body>\n")],
        at: "templates/page.html:4",
        message: "template error",
    },
    Case {
        name: "template rendering error",
        files: &[("templates/404.html", b"{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.title }}</p>\n{% endblock content %}\n")],
        at: "templates/404.html:3:7",
        message: "Variable `page` is not defined",
    },
    Case {
        name: "unknown config key",
        files: &[("site-config.toml", b"title = \"x\"\nbase_url = \"https://x.org/\"\ndescriptoin = \"y\"\n")],
        at: "site-config.toml:3:1",
        message: "did you mean `description`?",
    },
    Case {
        name: "path escape via image",
        files: &[(STATION, b"---\ntitle: x\n---\n![p](../../../../../../etc/passwd)\n")],
        at: "content/stations/broken.md:4:1",
        message: "points outside the site folder",
    },
    Case {
        name: "path escape via slug",
        files: &[(STATION, b"---\ntitle: x\nslug: ../../etc\n---\n")],
        at: "content/stations/broken.md:3:1",
        message: "`slug` may hold letters, digits, `-` and `_` only",
    },
    Case {
        name: "path escape via cover",
        files: &[(STATION, b"---\ntitle: x\ncover: ../../site-config.toml\n---\n")],
        at: "content/stations/broken.md:3",
        message: "points outside the content folder",
    },
    Case {
        name: "full-width colon",
        files: &[(STATION, b"---\ntitle: x\nstreet\xef\xbc\x9a \xe8\xa5\xbf\xe6\x9e\x97\n---\n")],
        at: "content/stations/broken.md:3:7",
        message: "invalid YAML",
    },
    Case {
        name: "project without year",
        files: &[("content/projects/broken.md", b"---\ntitle: x\n---\n")],
        at: "content/projects/broken.md:1",
        message: "the required field `year` is missing",
    },
    Case {
        name: "activity without date",
        files: &[("content/activities/broken.md", b"---\ntitle: x\n---\n")],
        at: "content/activities/broken.md:1",
        message: "the required field `date` is missing",
    },
    Case {
        name: "unknown member unit",
        files: &[("content/projects/broken.md", b"---\ntitle: x\nyear: 2024\nunits: [yzu-nope]\n---\n")],
        at: "content/projects/broken.md:4",
        message: "unknown member unit `yzu-nope`",
    },
    Case {
        name: "bad project status",
        files: &[("content/projects/broken.md", b"---\ntitle: x\nyear: 2024\nstatus: doing\n---\n")],
        at: "content/projects/broken.md:4",
        message: "unknown project status `doing`",
    },
    Case {
        name: "resident ID number",
        files: &[(STATION, b"---\ntitle: x\n---\n\nID 11010519491231002X here\n")],
        at: "content/stations/broken.md:5:4",
        message: "resident ID number",
    },
    Case {
        name: "link to a draft",
        files: &[(STATION, b"---\ntitle: x\n---\n[d](@/activities/shuzi-dangjian-saishi.md)\n")],
        at: "content/stations/broken.md:4:1",
        message: "link to a draft page",
    },
    Case {
        name: "unknown collection kind",
        files: &[("site-config.toml", b"title = \"x\"\nbase_url = \"https://x.org/\"\n[collections.stations]\nkind = \"staton\"\n")],
        at: "site-config.toml:4:8",
        message: "unknown collection kind `staton`",
    },
    Case {
        name: "unknown kiosk exit",
        files: &[("site-config.toml", b"title = \"x\"\nbase_url = \"https://x.org/\"\n[kiosk]\nexit = \"longpress\"\n")],
        at: "site-config.toml:4:8",
        message: "did you mean `long-press`?",
    },
    Case {
        name: "kiosk PIN missing",
        files: &[("site-config.toml", b"title = \"x\"\nbase_url = \"https://x.org/\"\n[kiosk]\nidle = 60\nexit = \"pin\"\n")],
        at: "site-config.toml:5:8",
        message: "`exit = \"pin\"` needs a `pin`",
    },
];

#[test]
fn every_broken_variant_fails_at_its_place_and_keeps_public() {
    let golden = built_demo().join("site");
    let before = snapshot(&golden.join("public"));
    let mut failures = Vec::new();
    for case in CASES {
        let t = tempfile::tempdir().unwrap();
        let s = t.path().join("site");
        copy_tree(&golden, &s);
        for (path, bytes) in case.files {
            let p = s.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, bytes).unwrap();
        }
        let o = run(&s, &["build"]);
        let err = stderr(&o);
        let at = format!("--> {}", case.at);
        if o.status.code() != Some(1) {
            failures.push(format!(
                "{}: exit code {:?}\n{err}",
                case.name,
                o.status.code()
            ));
        } else if !err.contains(&at) || !err.contains(case.message) {
            failures.push(format!(
                "{}: expected `{at}` and `{}` in:\n{err}",
                case.name, case.message
            ));
        } else if snapshot(&s.join("public")) != before {
            failures.push(format!("{}: public/ changed", case.name));
        } else if err.contains("panicked") || err.contains("Some(") {
            failures.push(format!(
                "{}: a panic or debug output reached the user:\n{err}",
                case.name
            ));
        }
        // `check` reports the same problem.
        let c = run(&s, &["check"]);
        if c.status.code() != Some(1) || !stderr(&c).contains(&at) {
            failures.push(format!(
                "{}: `check` did not report it:\n{}",
                case.name,
                stderr(&c)
            ));
        }
    }
    assert!(CASES.len() >= 20);
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n\n")
    );
}

#[test]
fn all_errors_of_a_run_are_reported_together() {
    let t = demo();
    let s = site(&t);
    std::fs::write(
        s.join("content/stations/a.md"),
        "---\ntitle: a\npartymembers: 1\n---\n",
    )
    .unwrap();
    std::fs::write(
        s.join("content/members/b.md"),
        "---\ntitle: b\n---\n[x](@/nope.md)\n",
    )
    .unwrap();
    let o = run(&s, &["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.contains("content/stations/a.md:3") && err.contains("content/members/b.md:4"),
        "{err}"
    );
    assert!(err.contains("2 errors"), "{err}");
}

#[test]
fn messages_in_chinese() {
    let t = demo();
    let s = site(&t);
    std::fs::write(
        s.join("content/stations/a.md"),
        "---\ntitle: a\npartymembers: 1\n---\n",
    )
    .unwrap();
    let o = std::process::Command::new(bin())
        .args(["build", "--lang", "zh"])
        .current_dir(&s)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(
        err.contains("错误: 页面信息中有未知字段 `partymembers`"),
        "{err}"
    );
    assert!(err.contains("是不是 `party_members`？"), "{err}");
    let o = std::process::Command::new(bin())
        .arg("build")
        .env("LANG", "zh_CN.UTF-8")
        .current_dir(&s)
        .output()
        .unwrap();
    assert!(stderr(&o).contains("错误"), "LANG=zh gives Chinese");
}

/// The YAML parser speaks English; a Chinese diagnostic explains what its message means
/// (and keeps the original in brackets, for searching).
#[test]
fn yaml_parser_messages_are_explained_in_chinese() {
    let t = demo();
    let s = site(&t);
    std::fs::write(
        s.join("content/stations/a.md"),
        "---\ntitle: a\nstreet\nweight: 1\n---\n",
    )
    .unwrap();
    std::fs::write(s.join("data/extra.yaml"), "links: [a, b\n").unwrap();
    let o = std::process::Command::new(bin())
        .args(["check", "--lang", "zh"])
        .current_dir(&s)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(
        err.contains("页面信息的 YAML 格式错误：找不到应有的英文冒号 `:`")
            && err.contains("（could not find expected ':'）"),
        "{err}"
    );
    assert!(
        err.contains("YAML 格式错误：还没读完就到了结尾")
            || err.contains("YAML 格式错误：方括号列表没有正确结束"),
        "{err}"
    );
}

#[test]
fn warnings_do_not_fail_a_build_but_fail_strict_check() {
    let t = demo();
    let s = site(&t);
    std::fs::write(
        s.join("content/stations/a.md"),
        "---\ntitle: a\n---\n联系电话 138 0013 8000\n",
    )
    .unwrap();
    let o = run(&s, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: this looks like a mobile phone number"),
        "{}",
        stderr(&o)
    );
    let o = run(&s, &["check", "--strict"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!Path::new(&s.join("public/stations/a")).exists() || o.status.code() == Some(1));
}

#[test]
fn raw_html_deny_reports_each_place() {
    let t = demo();
    let s = site(&t);
    let cfg =
        read(s.join("site-config.toml")).replace("raw_html = \"sanitize\"", "raw_html = \"deny\"");
    assert!(cfg.contains("raw_html = \"deny\""));
    std::fs::write(s.join("site-config.toml"), cfg).unwrap();
    // The demo has one raw `<mark>`; add another on a known line.
    std::fs::write(
        s.join("content/stations/raw.md"),
        "---\ntitle: raw\n---\n\ntext <b>bold</b>\n",
    )
    .unwrap();
    let o = run(&s, &["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(err.contains("--> content/stations/raw.md:5:6"), "{err}");
    assert!(err.contains("raw HTML is not allowed"), "{err}");
}

/// Each `error`/`warning` block of `stderr`, as its lines.
fn blocks(stderr: &str, words: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in stderr.lines() {
        if words.iter().any(|w| l.starts_with(&format!("{w}:"))) {
            out.push(String::new());
        } else if l.starts_with("Failed") || l.starts_with("失败") {
            break;
        }
        if let Some(b) = out.last_mut() {
            b.push_str(l);
            b.push('\n');
        }
    }
    out
}

/// Messages for people (issue 7): in both languages every diagnostic of every broken
/// variant says what is wrong in that language and what to do (a hint), with no
/// programmer's words.
#[test]
fn every_message_says_what_to_do_in_both_languages() {
    let golden = built_demo().join("site");
    let mut failures = Vec::new();
    for case in CASES {
        let t = tempfile::tempdir().unwrap();
        let s = t.path().join("site");
        copy_tree(&golden, &s);
        for (path, bytes) in case.files {
            let p = s.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, bytes).unwrap();
        }
        for (lang, words, hint) in [
            ("en", ["error", "warning"], "= hint:"),
            ("zh", ["错误", "警告"], "= 提示:"),
        ] {
            let o = std::process::Command::new(bin())
                .args(["check", "--lang", lang])
                .current_dir(&s)
                .env_remove("LANG")
                .output()
                .unwrap();
            let err = stderr(&o);
            for b in blocks(&err, &words) {
                let first = b.lines().next().unwrap_or("");
                // With a source line the hint is the label after the `^` underline.
                let has_hint = b.contains(hint)
                    || b.lines().any(|l| {
                        let t = l.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
                        t.starts_with('|')
                            && t.contains('^')
                            && t.trim_end().ends_with(|c: char| c != '^')
                    });
                let chinese = first
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
                let jargon = [
                    "serde",
                    "struct ",
                    "enum ",
                    "variant",
                    "deserializ",
                    "Some(",
                    "None",
                    "os error",
                    "invalid type:",
                    "unwrap",
                ]
                .iter()
                .find(|j| b.contains(*j));
                if !has_hint {
                    failures.push(format!("{} [{lang}]: no hint:\n{b}", case.name));
                }
                if lang == "zh" && !chinese {
                    failures.push(format!("{} [zh]: message not in Chinese:\n{b}", case.name));
                }
                if let Some(j) = jargon {
                    failures.push(format!(
                        "{} [{lang}]: programmer's word `{j}`:\n{b}",
                        case.name
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
