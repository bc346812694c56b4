//! Typed values of front matter: dates and the fields of each kind.

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;

/// A date or date-time as written in front matter (`2024-05-07`, `2024-05-07 10:00`,
/// `2024-05-07T10:00:00+08:00`). Times without an offset are China Standard Time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageDate {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    pub offset_secs: Option<i32>,
}

impl PageDate {
    pub(crate) fn parse(s: &str) -> Option<PageDate> {
        let s = s.trim();
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Some(PageDate {
                date: d,
                time: None,
                offset_secs: None,
            });
        }
        if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
            return Some(PageDate {
                date: dt.date_naive(),
                time: Some(dt.time()),
                offset_secs: Some(dt.offset().local_minus_utc()),
            });
        }
        for f in [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(s, f) {
                return Some(PageDate {
                    date: dt.date(),
                    time: Some(dt.time()),
                    offset_secs: None,
                });
            }
        }
        None
    }

    /// RFC 3339 for feeds and sitemaps.
    pub(crate) fn rfc3339(&self) -> String {
        let off = FixedOffset::east_opt(self.offset_secs.unwrap_or(8 * 3600))
            .expect("offset comes from a parsed date or is +08:00");
        let t = self.time.unwrap_or_default();
        let dt = self.date.and_time(t).and_local_timezone(off).single();
        match dt {
            Some(dt) => dt.to_rfc3339(),
            None => format!("{}T00:00:00+08:00", self.date),
        }
    }

    pub(crate) fn ymd(&self) -> String {
        self.date.format("%Y-%m-%d").to_string()
    }

    pub(crate) fn year(&self) -> i32 {
        use chrono::Datelike;
        self.date.year()
    }
}

impl Serialize for PageDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.ymd())
    }
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Honor {
    pub year: i32,
    pub title: String,
}

/// The fields of each kind (docs/reference/content.md).
#[derive(Clone, Debug, Default, Serialize)]
pub struct KindFields {
    // station
    pub street: Option<String>,
    pub address: Option<String>,
    pub established: Option<PageDate>,
    pub organization: Option<String>,
    pub party_members: Option<i64>,
    pub services: Vec<String>,
    pub contact_hours: Option<String>,
    // project
    pub year: Option<i32>,
    pub status: Option<String>,
    pub category: Option<String>,
    pub units: Vec<String>,
    pub beneficiaries: Option<i64>,
    pub partners: Vec<String>,
    // member
    pub role: Option<String>,
    pub joined: Option<PageDate>,
    pub honors: Vec<Honor>,
    pub portrait: Option<String>,
    pub quote: Option<String>,
    // activity
    pub place: Option<String>,
    pub organizer: Option<String>,
    pub participants: Option<i64>,
}
