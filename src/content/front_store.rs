//! The parsed front matter of the last build's pages, kept on disk for the next one
//! (`.xinghuo-cache/fronts`, a [`crate::stored`] file): a `build` after an edit reads
//! every page's text again but parses the YAML (or TOML) of only the pages whose front
//! matter changed. At 10,000 pages parsing front matter was a quarter of such a
//! build's CPU time.
//!
//! An entry is used only under its key ([`key`]): the page's path, the front-matter
//! text and where it starts, and everything the parse reads besides (the page's kind,
//! the configured taxonomies). Only pages whose front matter had no problem are in a
//! built site, so problems are always parsed again and shown by every build.
//!
//! Stored as [`Stored`], a mirror of [`FrontMatter`] converted field by field: a new
//! field of the front matter fails to compile here until the store keeps it.

use std::hash::Hash;
use std::path::Path;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::frontmatter::{FrontMatter, Honor, KindFields, PageDate, Split};
use crate::config::{Kind, Taxonomy};
use crate::hash::hash_of;

/// Under the site root.
pub(crate) const STORE_FILE: &str = ".xinghuo-cache/fronts";

/// Bumped whenever [`Stored`] changes.
const FORMAT: u32 = 1;

/// Parsed front matter by key, as the last build stored it.
#[derive(Default)]
pub(crate) struct Fronts(FxHashMap<u64, Arc<FrontMatter>>);

impl Fronts {
    /// The front matter parsed under `key`, if the last build stored it.
    pub(crate) fn get(&self, key: u64) -> Option<Arc<FrontMatter>> {
        self.0.get(&key).cloned()
    }

    /// Whether these are exactly the entries under `keys` (then nothing needs to be
    /// stored again).
    pub(crate) fn are_exactly(&self, keys: impl ExactSizeIterator<Item = u64>) -> bool {
        keys.len() == self.0.len() && { keys }.all(|k| self.0.contains_key(&k))
    }
}

/// The key of a page's parsed front matter: everything the parse reads.
pub(crate) fn key(rel: &Path, split: &Split<'_>, kind: Kind, taxonomies: &[Taxonomy]) -> u64 {
    hash_of(|h| {
        rel.as_os_str().as_encoded_bytes().hash(h);
        (split.front, split.toml, split.front_line).hash(h);
        kind.hash(h);
        for t in taxonomies {
            t.name.hash(h);
        }
    })
}

/// The front matter the last build of the site in `root` stored (none when there is
/// no usable store).
pub(crate) fn load(root: &Path) -> Fronts {
    let stored: Vec<(u64, Stored)> =
        crate::stored::load(&root.join(STORE_FILE), FORMAT).unwrap_or_default();
    Fronts(
        stored
            .into_iter()
            .filter_map(|(k, s)| Some((k, Arc::new(s.into_front()?))))
            .collect(),
    )
}

/// Store `fronts` (key, parsed front matter) for the next build.
pub(crate) fn save<'a>(
    root: &Path,
    fronts: impl Iterator<Item = (u64, &'a FrontMatter)>,
) -> std::io::Result<()> {
    let stored: Vec<(u64, Stored)> = fronts.map(|(k, f)| (k, Stored::of(f))).collect();
    crate::stored::save(&root.join(STORE_FILE), FORMAT, &stored)
}

/// A date as stored: days since 1 January of year 1, seconds and nanoseconds since
/// midnight, offset in seconds.
#[derive(Serialize, Deserialize)]
struct Date(i32, Option<(u32, u32)>, Option<i32>);

impl Date {
    fn of(d: &PageDate) -> Date {
        use chrono::{Datelike, Timelike};
        Date(
            d.date.num_days_from_ce(),
            d.time
                .map(|t| (t.num_seconds_from_midnight(), t.nanosecond())),
            d.offset_secs,
        )
    }

    /// A stored optional date back: `Some(None)` when there was none, `None` when it
    /// cannot be read.
    fn read(d: Option<Date>) -> Option<Option<PageDate>> {
        match d {
            Some(d) => Some(Some(d.into_date()?)),
            None => Some(None),
        }
    }

    fn into_date(self) -> Option<PageDate> {
        Some(PageDate {
            date: NaiveDate::from_num_days_from_ce_opt(self.0)?,
            time: match self.1 {
                Some((s, n)) => Some(NaiveTime::from_num_seconds_from_midnight_opt(s, n)?),
                None => None,
            },
            offset_secs: self.2,
        })
    }
}

/// [`FrontMatter`] as stored (`extra` as JSON text: postcard cannot read a JSON value).
#[derive(Serialize, Deserialize)]
struct Stored {
    title: String,
    date: Option<Date>,
    summary: Option<String>,
    cover: Option<String>,
    taxonomies: Vec<(String, Vec<String>)>,
    weight: Option<i64>,
    featured: bool,
    draft: bool,
    slug: Option<String>,
    location: Option<[f64; 2]>,
    extra: String,
    fields: Fields,
    include: Vec<String>,
    key_lines: Vec<(String, usize)>,
}

/// [`KindFields`] as stored.
#[derive(Serialize, Deserialize)]
struct Fields {
    street: Option<String>,
    address: Option<String>,
    established: Option<Date>,
    organization: Option<String>,
    party_members: Option<i64>,
    services: Vec<String>,
    contact_hours: Option<String>,
    year: Option<i32>,
    status: Option<String>,
    category: Option<String>,
    units: Vec<String>,
    beneficiaries: Option<i64>,
    partners: Vec<String>,
    role: Option<String>,
    joined: Option<Date>,
    honors: Vec<(i32, String)>,
    portrait: Option<String>,
    quote: Option<String>,
    place: Option<String>,
    organizer: Option<String>,
    participants: Option<i64>,
}

impl Stored {
    fn of(f: &FrontMatter) -> Stored {
        let FrontMatter {
            title,
            date,
            summary,
            cover,
            taxonomies,
            weight,
            featured,
            draft,
            slug,
            location,
            extra,
            fields,
            include,
            key_lines,
        } = f;
        Stored {
            title: title.clone(),
            date: date.as_ref().map(Date::of),
            summary: summary.clone(),
            cover: cover.clone(),
            taxonomies: taxonomies.clone(),
            weight: *weight,
            featured: *featured,
            draft: *draft,
            slug: slug.clone(),
            location: *location,
            extra: extra.to_string(),
            fields: Fields::of(fields),
            include: include.clone(),
            key_lines: key_lines.clone(),
        }
    }

    /// The front matter back; none when a field cannot be read back (no entry this
    /// program stored has one: the entry is then parsed again).
    fn into_front(self) -> Option<FrontMatter> {
        let Stored {
            title,
            date,
            summary,
            cover,
            taxonomies,
            weight,
            featured,
            draft,
            slug,
            location,
            extra,
            fields,
            include,
            key_lines,
        } = self;
        Some(FrontMatter {
            title,
            date: Date::read(date)?,
            summary,
            cover,
            taxonomies,
            weight,
            featured,
            draft,
            slug,
            location,
            extra: serde_json::from_str(&extra).ok()?,
            fields: fields.into_fields()?,
            include,
            key_lines,
        })
    }
}

impl Fields {
    fn of(f: &KindFields) -> Fields {
        let KindFields {
            street,
            address,
            established,
            organization,
            party_members,
            services,
            contact_hours,
            year,
            status,
            category,
            units,
            beneficiaries,
            partners,
            role,
            joined,
            honors,
            portrait,
            quote,
            place,
            organizer,
            participants,
        } = f.clone();
        Fields {
            street,
            address,
            established: established.as_ref().map(Date::of),
            organization,
            party_members,
            services,
            contact_hours,
            year,
            status,
            category,
            units,
            beneficiaries,
            partners,
            role,
            joined: joined.as_ref().map(Date::of),
            honors: honors.into_iter().map(|h| (h.year, h.title)).collect(),
            portrait,
            quote,
            place,
            organizer,
            participants,
        }
    }

    fn into_fields(self) -> Option<KindFields> {
        let Fields {
            street,
            address,
            established,
            organization,
            party_members,
            services,
            contact_hours,
            year,
            status,
            category,
            units,
            beneficiaries,
            partners,
            role,
            joined,
            honors,
            portrait,
            quote,
            place,
            organizer,
            participants,
        } = self;
        Some(KindFields {
            street,
            address,
            established: Date::read(established)?,
            organization,
            party_members,
            services,
            contact_hours,
            year,
            status,
            category,
            units,
            beneficiaries,
            partners,
            role,
            joined: Date::read(joined)?,
            honors: (honors.into_iter())
                .map(|(year, title)| Honor { year, title })
                .collect(),
            portrait,
            quote,
            place,
            organizer,
            participants,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::frontmatter::{parse, split, Role};

    fn taxonomies() -> Vec<Taxonomy> {
        vec![Taxonomy {
            name: "tags".into(),
            title: "标签".into(),
        }]
    }

    fn front(text: &str, kind: Kind) -> FrontMatter {
        let s = split(text).expect("a front matter");
        match parse(Path::new("c.md"), &s, Role::Page(kind), &taxonomies()) {
            Ok(f) => f,
            Err(d) => panic!(
                "{}",
                d.iter().map(|d| d.message.en.as_str()).collect::<String>()
            ),
        }
    }

    #[test]
    fn front_matter_comes_back_as_it_was_parsed() {
        let t = tempfile::tempdir().expect("temp dir");
        let member = front(
            "---\ntitle: 吴彩\ndate: 2024-05-07T10:30:00+08:00\nweight: -2\nfeatured: true\n\
             role: 社工\njoined: 2013-07-01\nhonors:\n  - {year: 2022, title: 优秀社工}\n\
             tags: [时间银行, 星火]\nlocation: [31.8, 119.9]\nextra: {k: [1, \"二\"]}\n---\n",
            Kind::Member,
        );
        let station = front(
            "---\ntitle: 星火驿站\ndate: 2024-05-07\nstreet: 西林街道\nservices: [a, b]\n\
             party_members: 12\ndraft: true\nslug: xh\n---\n",
            Kind::Station,
        );
        let fronts = [(1, &member), (2, &station)];
        save(t.path(), fronts.iter().map(|&(k, f)| (k, f))).expect("saved");
        let loaded = load(t.path());
        assert!(loaded.are_exactly([1, 2].into_iter()));
        assert!(!loaded.are_exactly([1, 3].into_iter()));
        for (k, f) in fronts {
            let back = loaded.get(k).expect("stored");
            assert_eq!(format!("{back:?}"), format!("{f:?}"));
        }
        assert!(loaded.get(3).is_none());
    }

    #[test]
    fn an_entry_that_cannot_be_read_back_is_parsed_again() {
        let mut s = Stored::of(&FrontMatter::default());
        s.extra = "{".into();
        assert!(s.into_front().is_none());
        let mut s = Stored::of(&FrontMatter::default());
        s.date = Some(Date(i32::MAX, None, None));
        assert!(s.into_front().is_none());
    }

    #[test]
    fn the_key_covers_what_the_parse_reads() {
        let text = "---\ntitle: a\n---\n";
        let s = split(text).expect("split");
        let k = |rel: &str, kind, t: &[Taxonomy]| key(Path::new(rel), &s, kind, t);
        let base = k("a.md", Kind::Page, &taxonomies());
        assert_ne!(base, k("b.md", Kind::Page, &taxonomies()));
        assert_ne!(base, k("a.md", Kind::Member, &taxonomies()));
        assert_ne!(base, k("a.md", Kind::Page, &[]));
        let edited = split("---\ntitle: b\n---\n").expect("split");
        assert_ne!(
            base,
            key(Path::new("a.md"), &edited, Kind::Page, &taxonomies())
        );
    }
}
