//! Output survives a crash (issue 7): a build killed with SIGKILL at random moments, or
//! failing mid-write (file-size limit standing in for a full disk), leaves `public/`
//! byte-identical to the last complete build. The full-size run (10,000 pages, 20+
//! kills) is `bench/kill_build.sh`.

use crate::common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Instant, SystemTime};

type Snapshot = BTreeMap<PathBuf, Vec<u8>>;

/// Add `n` simple pages so a build takes long enough to be killed in the middle.
fn add_pages(site: &Path, n: usize, word: &str) {
    let dir = site.join("content/activities");
    for i in 0..n {
        std::fs::write(
            dir.join(format!("gen-{i}.md")),
            format!(
                "---\ntitle: {word}活动{i}\ndate: 2023-{:02}-{:02}\ntags: [{word}, 标签{}]\n---\n\n{word}第{i}次活动。\n\n- 要点一\n- 要点二\n",
                i % 12 + 1,
                i % 28 + 1,
                i % 50
            ),
        )
        .expect("write");
    }
}

fn leftovers(site: &Path) -> Vec<String> {
    std::fs::read_dir(site)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.xinghuo-") && n != ".public.xinghuo-spare")
        .collect()
}

/// A pseudo-random fraction in [0, 1) from the clock.
fn random() -> f64 {
    let n = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("clock")
        .subsec_nanos();
    f64::from(n.wrapping_mul(2_654_435_761) % 1_000_000) / 1_000_000.0
}

#[test]
fn sigkill_at_random_moments_keeps_a_complete_output() {
    let t = demo();
    let site = site(&t);
    add_pages(&site, 300, "旧");
    let o = run(&site, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let old: Snapshot = snapshot(&site.join("public"));

    // New input, so a half-written output would differ from both complete ones.
    add_pages(&site, 300, "新");
    let start = Instant::now();
    let o = run(&site, &["build", "--output", "public-new"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let full = start.elapsed();
    let new: Snapshot = snapshot(&site.join("public-new"));
    std::fs::remove_dir_all(site.join("public-new")).expect("rm");
    assert_ne!(old, new);

    let mut killed_midway = 0;
    for _ in 0..8 {
        // Touch an input (same bytes): otherwise a build after one that finished
        // would find nothing changed and skip the work this test interrupts.
        let config = site.join("site-config.toml");
        std::fs::write(&config, std::fs::read(&config).expect("read")).expect("touch");
        let mut child = Command::new(bin())
            .args(["build", "--lang", "en"])
            .current_dir(&site)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(full.mul_f64(random() * 1.1));
        let finished = child.try_wait().expect("wait").is_some();
        let _ = child.kill();
        let _ = child.wait();
        killed_midway += usize::from(!finished);
        let now = snapshot(&site.join("public"));
        assert!(
            now == old || now == new,
            "public/ is neither the old nor the new build"
        );
    }
    assert!(killed_midway > 0, "no build was killed before it finished");
    // The next build cleans up what killed builds left.
    let o = run(&site, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(snapshot(&site.join("public")), new);
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

/// Build with a file-size limit of `kb`; `ignore` makes writes fail with EFBIG
/// instead of the process being killed by SIGXFSZ.
fn build_with_file_limit(site: &Path, kb: u32, ignore: bool) -> std::process::Output {
    let trap = if ignore { "trap '' XFSZ; " } else { "" };
    Command::new("sh")
        .arg("-c")
        .arg(format!("{trap}ulimit -f {kb}; exec \"$0\" build --lang en"))
        .arg(bin())
        .current_dir(site)
        .env_remove("LANG")
        .output()
        .expect("sh runs")
}

#[test]
fn write_errors_keep_the_previous_output() {
    let t = demo();
    let site = site(&t);
    let o = run(&site, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let old = snapshot(&site.join("public"));
    std::fs::write(
        site.join("content/about.md"),
        "---\ntitle: 改过的关于\n---\n\n新的内容。\n",
    )
    .expect("write");

    // A write fails (as on a full disk): a clear error, nothing changed.
    let o = build_with_file_limit(&site, 100, true);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("disk may be full") && err.contains("too large"),
        "{err}"
    );
    assert!(
        err.lines().filter(|l| l.starts_with("error")).count() <= 6,
        "{err}"
    );
    assert_eq!(snapshot(&site.join("public")), old);
    assert_eq!(leftovers(&site), Vec::<String>::new());

    // The process is killed by the limit mid-write: nothing changed either.
    let o = build_with_file_limit(&site, 100, false);
    assert!(!o.status.success());
    assert_eq!(snapshot(&site.join("public")), old);

    // With room again, the build goes through and cleans up.
    let o = run(&site, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(site.join("public/about/index.html")).contains("改过的关于"));
    assert_eq!(leftovers(&site), Vec::<String>::new());
}
