//! Helpers shared by the integration tests: run the real `xinghuo` binary on fixture
//! sites in temporary folders and read what it wrote.
#![allow(dead_code)]

pub mod serve;
pub mod xss;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_xinghuo")
}

/// Run xinghuo with `args` in `dir`, messages in English.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .arg("--lang")
        .arg("en")
        .current_dir(dir)
        .env_remove("LANG")
        .output()
        .expect("the xinghuo binary runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A fresh copy of the demo site (`init --example`) in a new temp folder.
pub fn demo() -> tempfile::TempDir {
    let t = tempfile::tempdir().expect("temp dir");
    let site = t.path().join("site");
    let o = Command::new(bin())
        .args(["init", "--example"])
        .arg(&site)
        .output()
        .expect("init runs");
    assert!(o.status.success(), "init failed: {}", stderr(&o));
    t
}

pub fn site(t: &tempfile::TempDir) -> PathBuf {
    t.path().join("site")
}

/// The demo site, built once per test binary; tests copy it instead of rebuilding.
pub fn built_demo() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let t = DIR.get_or_init(|| {
        let t = demo();
        let o = run(&site(&t), &["build"]);
        assert!(o.status.success(), "demo build failed: {}", stderr(&o));
        t
    });
    t.path()
}

/// Copy a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.expect("walk");
        let rel = e.path().strip_prefix(from).expect("inside");
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).expect("inside").to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

pub fn read(p: impl AsRef<Path>) -> String {
    let p = p.as_ref();
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// Run `cmd` to completion with its output captured, but never longer than `limit`:
/// past it the child is killed and the test fails with what it printed so far. Browser
/// tests go through this so a hung Chromium fails one test instead of stalling CI.
pub fn output_within(cmd: &mut Command, limit: std::time::Duration, what: &str) -> Output {
    match try_output_within(cmd, limit, what) {
        Ok(o) => o,
        Err(printed) => panic!(
            "{what} did not finish within {} s and was stopped; it printed:\n{printed}",
            limit.as_secs()
        ),
    }
}

/// [`output_within`] that returns what the child printed as `Err` when it was stopped.
pub fn try_output_within(
    cmd: &mut Command,
    limit: std::time::Duration,
    what: &str,
) -> Result<Output, String> {
    use std::io::Read;
    use std::os::unix::process::CommandExt;
    use std::process::Stdio;
    let mut child = cmd
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what} does not start: {e}"));
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout is piped")));
    let err = drain(Box::new(child.stderr.take().expect("stderr is piped")));
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for child") {
            break Some(status);
        }
        if start.elapsed() > limit {
            // The whole process group: a browser's helpers would keep the pipes open.
            // SAFETY: kill(2) on the process group this function created.
            unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let stdout = out.join().expect("stdout reader");
    let stderr = err.join().expect("stderr reader");
    match status {
        Some(status) => Ok(Output {
            status,
            stdout,
            stderr,
        }),
        None => Err(format!(
            "{}\n{}",
            String::from_utf8_lossy(&stdout),
            String::from_utf8_lossy(&stderr)
        )),
    }
}

/// `%E6%98%9F` → `星` (a URL path as the file name the build wrote).
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
