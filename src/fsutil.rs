//! File-system helpers shared by the stages that write files outside the output
//! folder (the image cache, the build record).

use std::io;
use std::path::Path;

/// Write `bytes` to `path` through a temporary file beside it (`NAME.tmpPID`), renamed
/// over `path` once complete, so a killed run never leaves half a file. On failure
/// the temporary file is removed and `path` is left as it was.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |f| io::Write::write_all(f, bytes))
}

/// [`write_atomic`] of what `fill` writes into the (buffered) temporary file.
pub(crate) fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut io::BufWriter<std::fs::File>) -> io::Result<()>,
) -> io::Result<()> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let written = std::fs::File::create(&tmp)
        .and_then(|f| {
            let mut w = io::BufWriter::with_capacity(1 << 16, f);
            fill(&mut w)?;
            io::Write::flush(&mut w)
        })
        .and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let t = tempfile::tempdir().expect("temp dir");
        let p = t.path().join("record.txt");
        std::fs::write(&p, "old").expect("write");
        write_atomic(&p, b"new").expect("atomic write");
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "new");
        let names: Vec<_> = std::fs::read_dir(t.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["record.txt"]);
    }

    #[test]
    fn a_failed_write_leaves_the_target_and_no_temporary() {
        let t = tempfile::tempdir().expect("temp dir");
        // The target is a non-empty folder: the rename over it fails.
        let p = t.path().join("busy");
        std::fs::create_dir(&p).expect("mkdir");
        std::fs::write(p.join("inside"), "x").expect("write");
        assert!(write_atomic(&p, b"new").is_err());
        assert!(p.is_dir());
        let names: Vec<_> = std::fs::read_dir(t.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["busy"]);
    }
}
