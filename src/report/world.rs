//! The Typst [`World`] of a report: every file lives in memory (the template, the JSON
//! data, images, charts, QR codes), so a document can read nothing from disk that the
//! generator did not hand it; fonts come from [`super::fonts`]; `today()` is a fixed
//! date, so output is reproducible.

use std::collections::HashMap;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::Fonts;

/// In-memory files keyed by their absolute virtual path (`/main.typ`).
pub(crate) struct MemWorld<'a> {
    library: LazyHash<Library>,
    fonts: &'a Fonts,
    main: FileId,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

/// The file id of an absolute virtual path such as `/main.typ`.
pub(crate) fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("generated virtual paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl<'a> MemWorld<'a> {
    /// `main` is the Typst source; `files` every other file by absolute virtual path.
    pub(crate) fn new(
        main: String,
        files: Vec<(String, Vec<u8>)>,
        fonts: &'a Fonts,
        today: (i32, u8, u8),
    ) -> MemWorld<'a> {
        let main_id = file_id("/main.typ");
        let mut sources = HashMap::new();
        sources.insert(main_id, Source::new(main_id, main));
        let mut map = HashMap::new();
        for (path, bytes) in files {
            let id = file_id(&path);
            if path.ends_with(".typ") {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                sources.insert(id, Source::new(id, text));
            }
            map.insert(id, Bytes::new(bytes));
        }
        MemWorld {
            library: LazyHash::new(Library::builder().build()),
            fonts,
            main: main_id,
            sources,
            files: map,
            today: Datetime::from_ymd(today.0, today.1, today.2)
                .unwrap_or_else(|| Datetime::from_ymd(2000, 1, 1).expect("a valid date")),
        }
    }

    /// Replace the bytes of a (non-source) file, e.g. the JSON data before a second pass.
    pub(crate) fn replace(&mut self, path: &str, bytes: Vec<u8>) {
        self.files.insert(file_id(path), Bytes::new(bytes));
    }

    /// The text of a source file, for mapping compile errors to lines.
    pub(crate) fn source_text(&self, id: FileId) -> Option<&str> {
        self.sources.get(&id).map(|s| s.text())
    }
}

impl World for MemWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.store.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(b) = self.files.get(&id) {
            return Ok(b.clone());
        }
        if let Some(s) = self.sources.get(&id) {
            return Ok(Bytes::from_string(s.clone()));
        }
        Err(not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.store.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.get().vpath().get_with_slash().to_string().into())
}
