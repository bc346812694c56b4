//! The validated configuration types every other module reads.

use std::path::PathBuf;

/// The kind of a collection's pages (docs/reference/content.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Station,
    Project,
    Member,
    Activity,
    Page,
}

impl Kind {
    pub(crate) const NAMES: [&'static str; 5] =
        ["station", "project", "member", "activity", "page"];

    pub(crate) fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "station" => Kind::Station,
            "project" => Kind::Project,
            "member" => Kind::Member,
            "activity" => Kind::Activity,
            "page" => Kind::Page,
            _ => return None,
        })
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Station => "station",
            Kind::Project => "project",
            Kind::Member => "member",
            Kind::Activity => "activity",
            Kind::Page => "page",
        }
    }

    /// docs/reference/config.md: `date` for project and activity, `weight` otherwise.
    pub(crate) fn default_sort(self) -> SortBy {
        match self {
            Kind::Project | Kind::Activity => SortBy::Date,
            _ => SortBy::Weight,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    Weight,
    Date,
    Title,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrivacyLevel {
    Error,
    Warn,
    Off,
}

/// One `[collections.NAME]` table.
#[derive(Clone, Debug)]
pub struct Collection {
    /// The folder under `content/`.
    pub name: String,
    pub kind: Kind,
    pub title: String,
    pub sort_by: SortBy,
    /// 0: no pagination.
    pub paginate_by: usize,
}

#[derive(Clone, Debug)]
pub struct Taxonomy {
    /// The front-matter field and URL segment.
    pub name: String,
    /// The display title.
    pub title: String,
}

/// `[map]` as written: the base map image (a path under `static/`) and its bounds,
/// and the boundaries file (GeoJSON, relative to the site folder). The renderers use
/// it as a [`crate::charts::MapBase`] (with the image's URL and the areas read).
#[derive(Clone, Debug, Default)]
pub struct MapSettings {
    pub image: Option<(String, [[f64; 2]; 2])>,
    pub geojson: Option<String>,
}

/// The validated settings of a site.
#[derive(Clone, Debug)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Always ends with `/`.
    pub base_url: String,
    /// As written (`zh-CN`, `en`): the pages' `lang` and the theme's i18n file.
    pub language: String,
    /// The UI language `language` names, decided once here.
    pub ui: Ui,
    pub theme: String,
    pub icp: Option<String>,
    /// In file order.
    pub collections: Vec<Collection>,
    /// In file order.
    pub taxonomies: Vec<Taxonomy>,
    pub highlight_theme: String,
    pub raw_html: crate::markdown::RawHtml,
    pub search: bool,
    /// `[search] split_from`: pages from which the index is written as shards.
    pub search_split_from: usize,
    pub privacy_ids: PrivacyLevel,
    pub privacy_phones: PrivacyLevel,
    pub organization: String,
    pub paper: String,
    pub fonts: Vec<PathBuf>,
    /// `[report] standard`: what the PDF report conforms to.
    pub pdf_standard: PdfStandard,
    pub map: Option<MapSettings>,
    /// `[filing]`: the footer's registrations besides `icp`.
    pub filing: Filing,
    /// `[kiosk]`: how the exhibition-hall screen is left and when it plays again.
    pub kiosk: KioskSettings,
    pub extra: serde_json::Value,
}

/// `[search] split_from` when the site does not set it.
pub const SEARCH_SPLIT_FROM: usize = 500;

/// `[kiosk] exit`: what leaving the kiosk takes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KioskExit {
    /// Holding the exit button for two seconds (a visitor's tap does nothing).
    #[default]
    LongPress,
    /// The PIN on a number pad the exit button opens.
    Pin,
    /// One tap (an unattended kiosk that anyone may leave).
    Button,
}

/// `[kiosk]` validated.
#[derive(Clone, Debug)]
pub struct KioskSettings {
    pub exit: KioskExit,
    /// The digits of `pin` (only with [`KioskExit::Pin`]).
    pub pin: Option<String>,
    /// Seconds without a touch before the kiosk plays its attract loop again.
    pub idle: u32,
}

impl Default for KioskSettings {
    fn default() -> Self {
        KioskSettings {
            exit: KioskExit::LongPress,
            pin: None,
            idle: super::kiosk::DEFAULT_IDLE,
        }
    }
}

/// `[filing]` validated: what the footer shows besides the ICP number.
#[derive(Clone, Debug, Default)]
pub struct Filing {
    /// The public-security (公安) filing as written, and the number in it.
    pub police: Option<PoliceFiling>,
    /// 政府网站标识码: ten letters or digits.
    pub site_code: Option<String>,
    /// 党政机关网站标识: the address of the site's entry at CONAC.
    pub conac_url: Option<String>,
    /// The badge image CONAC gives, a path under `static/` (without a leading `/`).
    pub conac_image: Option<String>,
}

/// `[filing] police`: `苏公网安备 32040402000000号` and its digits `32040402000000`.
#[derive(Clone, Debug)]
pub struct PoliceFiling {
    pub text: String,
    pub number: String,
}

/// `[report] standard`: the PDF standards the report conforms to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PdfStandard {
    /// PDF/A-2b (archival): fonts embedded, colours device-independent (sRGB, grey).
    #[default]
    A2b,
    /// PDF/A-2b and PDF/UA-1 (accessible: tagged, alt text, heading order) in one file.
    Ua1,
    /// No standard: the brand colours are written as CMYK for the print shop.
    None,
}

impl Config {
    pub(crate) fn collection(&self, name: &str) -> Option<&Collection> {
        self.collections.iter().find(|c| c.name == name)
    }

    /// The path part of `base_url` (`/` or `/sub/`), which every site URL starts with.
    pub(crate) fn base_path(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or(&self.base_url);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".to_string(),
        }
    }
}

/// Options of `build` (and `serve`, `check`).
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    pub drafts: bool,
    pub base_url: Option<String>,
    pub relative: bool,
}

/// The site's UI language (`language`): the theme's words, the words inside charts and
/// reports. Not the language of build messages (`--lang`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub enum Ui {
    #[default]
    Zh,
    En,
}

impl Ui {
    /// From the site's `language` setting: `en…` → English, else Chinese.
    pub(crate) fn from_language(code: &str) -> Ui {
        if code.trim().to_ascii_lowercase().starts_with("en") {
            Ui::En
        } else {
            Ui::Zh
        }
    }
}
