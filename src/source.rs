//! Reading writers' files from disk: the size bound on Markdown and UTF-8 text with a
//! diagnostic naming the file (and, for bad encoding, the line) when it cannot be read.

use std::path::Path;

use crate::diag::{io_error, line_col, Diagnostic};
use crate::tr;

/// The largest Markdown file a build reads (10 MiB): a page holds its text several
/// times over while it is rendered (about 20 × the file at peak), so this bounds a
/// build's memory; longer texts are split into several pages (issue 7).
pub const MAX_MARKDOWN_BYTES: u64 = 10 * 1024 * 1024;

/// Refuse a Markdown file over [`MAX_MARKDOWN_BYTES`] before reading it.
pub(crate) fn check_size(root: &Path, rel: &Path) -> Result<(), Diagnostic> {
    let len = std::fs::metadata(root.join(rel)).map_or(0, |m| m.len());
    if len <= MAX_MARKDOWN_BYTES {
        return Ok(());
    }
    let mb = format!("{:.1}", len as f64 / (1024.0 * 1024.0));
    let max = MAX_MARKDOWN_BYTES / (1024 * 1024);
    Err(Diagnostic::error(
        Some(rel.to_path_buf()),
        0,
        tr!(
            "the file is too large: {mb} MB, and a page may hold at most {max} MB of text",
            "文件太大：{mb} MB，一个页面的文字最多 {max} MB"
        ),
    )
    .with_hint(tr!(
        "split the file into several pages (for example one per chapter or per year); long tables can go into a data file under data/",
        "请把文件拆成几个页面（例如每章或每年一个）；很长的表格可以放到 data/ 下的数据文件中"
    )))
}

/// Read a file as UTF-8 text, or say where it is not.
pub(crate) fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(root.join(rel)).map_err(|e| {
        io_error(
            Some(rel.to_path_buf()),
            tr!("cannot read the file", "无法读取文件"),
            &e,
        )
        .with_hint(tr!(
            "check that the file is still there and that you may open it; close other programs that lock it",
            "请确认文件还在、你有权限打开它，并关闭正在占用它的程序"
        ))
    })?;
    // simdutf8 checks Chinese text several times faster than `String::from_utf8`;
    // the standard check runs only to say where a bad file goes wrong.
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes) {
        return Ok(text.to_owned());
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let lossy = String::from_utf8_lossy(&e.as_bytes()[..good]).into_owned();
        let (line, col) = line_col(&lossy, good);
        Diagnostic::error(Some(rel.to_path_buf()), line, tr!("the file is not valid UTF-8 text", "文件不是有效的 UTF-8 文本"))
            .at_col(col, 1)
            .with_hint(tr!(
                "save it as UTF-8 (files from Word or old editors are often GBK): in your editor choose Save As → Encoding: UTF-8",
                "请把文件另存为 UTF-8 编码（从 Word 或旧编辑器来的文件常是 GBK）：在编辑器中选择 另存为 → 编码：UTF-8"
            ))
    })
}
