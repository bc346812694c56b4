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
