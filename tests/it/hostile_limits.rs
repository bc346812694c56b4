//! Resource limits (issue 7): a YAML alias bomb, thousands of tags, 5,000-level nesting,
//! a 40000 × 40000 PNG header and a large Markdown file each either build or fail with
//! a clear error, never crash, and stay under a memory bound: every run here is capped
//! at 4 GB of address space (`ulimit -v`) and its peak resident memory must stay under
//! 1 GB. A Markdown file over 10 MiB is refused with an error naming it. (The full-size
//! runs — 100 MB Markdown, a 50 MB image, 10,000 tags — are measured with
//! `bench/hostile_limits.sh`; figures in BENCHMARKS.md.)

use crate::common;

use common::*;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const MAX_RSS_MB: i64 = 1024;

/// Build `site` under `ulimit -v 4 GB`; fail the test on a crash or a signal.
fn build_capped(site: &Path) -> (Output, Duration) {
    let start = Instant::now();
    let o = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 4194304; exec \"$0\" build --lang en")
        .arg(bin())
        .current_dir(site)
        .env_remove("LANG")
        .output()
        .expect("sh runs");
    let took = start.elapsed();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "crashed ({:?}):\n{}",
        o.status,
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    (o, took)
}

/// Peak resident memory of the largest child this test process has waited for, in MB.
fn peak_child_rss_mb() -> i64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    u.ru_maxrss / 1024
}

fn assert_memory() {
    let mb = peak_child_rss_mb();
    assert!(mb < MAX_RSS_MB, "peak RSS {mb} MB");
}

fn write(p: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// The classic "billion laughs": nine levels of nine aliases each.
fn alias_bomb() -> String {
    let mut s = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, cur) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        s.push_str(&format!(
            "{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    s
}

#[test]
fn yaml_alias_bombs_fail_fast() {
    let bomb = alias_bomb();
    for (rel, text) in [
        (
            "content/stations/bomb.md",
            format!(
                "---\ntitle: x\nextra:\n  {}---\n",
                bomb.replace('\n', "\n  ")
            ),
        ),
        ("data/bomb.yaml", bomb.clone()),
        (
            "data/stats/2025.yaml",
            format!(
                "year: 2025\nmetrics: {{}}\nx:\n  {}",
                bomb.replace('\n', "\n  ")
            ),
        ),
    ] {
        let t = demo();
        let site = site(&t);
        write(&site.join(rel), text);
        let (o, took) = build_capped(&site);
        assert!(took < Duration::from_secs(120), "{rel}: {took:?}");
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{rel} must be refused:\n{err}");
        assert!(err.contains(rel), "{rel} named:\n{err}");
        assert!(!site.join("public").exists());
    }
    assert_memory();
}

/// A PNG whose header says 40000 × 40000 (1.6 gigapixels), with one tiny IDAT chunk.
fn png_bomb_header() -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &b in bytes {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(40000u32.to_be_bytes());
    ihdr.extend(40000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]); // 8-bit RGB
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn png_decompression_bomb_is_copied_not_decoded() {
    let t = demo();
    let site = site(&t);
    write(
        &site.join("content/stations/bomb/index.md"),
        "---\ntitle: bomb\n---\n\n![大图](huge.png)\n",
    );
    write(
        &site.join("content/stations/bomb/huge.png"),
        png_bomb_header(),
    );
    write(&site.join("static/huge2.png"), png_bomb_header());
    let (o, took) = build_capped(&site);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(took < Duration::from_secs(120), "{took:?}");
    let err = stderr(&o);
    assert!(err.contains("huge.png") && err.contains("warning"), "{err}");
    assert_eq!(
        std::fs::read(site.join("public/stations/bomb/huge.png")).expect("copied"),
        png_bomb_header()
    );
    assert_memory();
}

#[test]
fn deep_nesting_builds() {
    let t = demo();
    let site = site(&t);
    let n = 5000;
    let mut list = String::new();
    for i in 0..n {
        // 1,000 levels of list: deeper indentation would pass the 10 MiB file limit.
        list.push_str(&"  ".repeat(i.min(1000)));
        list.push_str("- a\n");
    }
    let quotes = format!("{} deep\n", ">".repeat(n));
    let brackets = format!("{}x{}", "[".repeat(n), "]".repeat(n));
    let emph = format!("{}x{}", "*".repeat(n), "*".repeat(n));
    let html = "<div>".repeat(n);
    let body = format!("{list}\n\n{quotes}\n\n{brackets}\n\n{emph}\n\n{html}\n");
    write(
        &site.join("content/stations/deep.md"),
        format!("---\ntitle: deep\n---\n\n{body}"),
    );
    let (o, took) = build_capped(&site);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(took < Duration::from_secs(180), "{took:?}");
    assert!(read(site.join("public/stations/deep/index.html")).contains("deep"));
    assert_memory();
}

#[test]
fn thousands_of_tags_on_one_page() {
    let t = demo();
    let site = site(&t);
    let tags: Vec<String> = (0..1000).map(|i| format!("\"标签{i}\"")).collect();
    write(
        &site.join("content/stations/tags.md"),
        format!(
            "---\ntitle: tags\ntags: [{}]\n---\n\ntext\n",
            tags.join(", ")
        ),
    );
    let (o, took) = build_capped(&site);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(took < Duration::from_secs(300), "{took:?}");
    assert!(site.join("public/tags/标签999/index.html").is_file());
    // The filter bar keeps the 60 most used terms, so output stays linear in tags.
    let filter_pages = std::fs::read_dir(site.join("public/stations/tags"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert!(
        filter_pages <= 61,
        "{filter_pages} filter pages (60 terms and an index)"
    );
    assert_memory();
}

#[test]
fn large_markdown_file_builds() {
    let t = demo();
    let site = site(&t);
    let para = "星火党建驿站面向新就业群体开放，提供**歇脚**、充电和学习服务。[链接](https://example.org/)\n\n";
    let n = 8 * 1024 * 1024 / para.len();
    write(
        &site.join("content/stations/big.md"),
        format!("---\ntitle: big\n---\n\n{}", para.repeat(n)),
    );
    let (o, took) = build_capped(&site);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(took < Duration::from_secs(300), "{took:?}");
    assert_memory();
}

#[test]
fn markdown_over_ten_megabytes_is_refused_with_a_clear_error() {
    let t = demo();
    let site = site(&t);
    let para = "星火党建驿站面向新就业群体开放，提供歇脚、充电和学习服务。\n\n";
    let n = 11 * 1024 * 1024 / para.len();
    write(
        &site.join("content/stations/huge.md"),
        format!("---\ntitle: huge\n---\n\n{}", para.repeat(n)),
    );
    let (o, took) = build_capped(&site);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("content/stations/huge.md"), "{err}");
    assert!(
        err.contains("too large") && err.contains("at most 10 MB"),
        "{err}"
    );
    assert!(err.contains("split the file"), "{err}");
    assert!(!site.join("public").exists(), "nothing written");
    // Refused before it is read: fast and small.
    assert!(took < Duration::from_secs(60), "{took:?}");
    assert_memory();
    let o = Command::new(bin())
        .args(["build", "--lang", "zh"])
        .current_dir(&site)
        .env_remove("LANG")
        .output()
        .expect("runs");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("文件太大") && err.contains("拆成几个页面"),
        "{err}"
    );
    // Exactly at the limit still builds.
    let head = "---\ntitle: huge\n---\n\n";
    let mut body = para.repeat((10 * 1024 * 1024 - head.len()) / para.len());
    body.push_str(&"a".repeat(10 * 1024 * 1024 - head.len() - body.len()));
    write(
        &site.join("content/stations/huge.md"),
        format!("{head}{body}"),
    );
    assert_eq!(
        std::fs::metadata(site.join("content/stations/huge.md"))
            .expect("stat")
            .len(),
        10 * 1024 * 1024
    );
    let (o, _) = build_capped(&site);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_memory();
}
