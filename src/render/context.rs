//! The template contract: typed view structs, built from the frozen [`Site`], that
//! templates receive. Every template gets `site`, `data`, `stats` and `t` (UI strings)
//! as globals; each page kind adds its own variables (see ARCHITECTURE.md).

use std::collections::BTreeMap;

use serde::Serialize;

use super::Renderer;
use crate::content::frontmatter::{Honor, KindFields};
use crate::content::{Page, Section};
use crate::site::{term_slug, PageId, PageImages, Site};

#[derive(Serialize, Clone)]
pub(crate) struct Link {
    pub title: String,
    pub url: String,
}

/// `site` in every template.
#[derive(Serialize)]
pub(crate) struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    /// Prefix of every site URL: `/` or `/sub/`.
    pub base_path: String,
    pub language: String,
    pub icp: Option<String>,
    /// `[filing]`: the footer's other registrations, with their links.
    pub filing: FilingView,
    /// `[report].organization` when it differs from the title (the organiser, shown
    /// in the home page banner and the footer).
    pub organization: Option<String>,
    /// Collections, then stats, units, timeline (and search when enabled).
    pub nav: Vec<Link>,
    pub taxonomies: Vec<Link>,
    pub search: bool,
    pub extra: serde_json::Value,
    /// True with `build --relative` (file:// use).
    pub relative: bool,
}

/// `site.filing`: what the footer shows besides the ICP number (each `None` when the
/// config does not set it).
#[derive(Serialize, Default)]
pub(crate) struct FilingView {
    /// 公安备案号, linked to its entry at beian.mps.gov.cn.
    pub police: Option<Link>,
    /// 政府网站标识码.
    pub site_code: Option<String>,
    /// 党政机关网站标识: the link, and the badge image's URL when there is one.
    pub conac: Option<Conac>,
}

#[derive(Serialize)]
pub(crate) struct Conac {
    pub url: String,
    pub image: Option<String>,
}

impl FilingView {
    fn new(site: &Site) -> FilingView {
        let f = &site.config.filing;
        FilingView {
            police: f.police.as_ref().map(|p| Link {
                title: p.text.clone(),
                url: format!(
                    "https://beian.mps.gov.cn/#/query/webSearch?code={}",
                    p.number
                ),
            }),
            site_code: f.site_code.clone(),
            conac: f.conac_url.as_ref().map(|u| Conac {
                url: u.clone(),
                image: f.conac_image.as_ref().map(|i| site.url(i)),
            }),
        }
    }
}

#[derive(Serialize, Clone)]
pub(crate) struct TermLink {
    pub name: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct TaxonomyTerms {
    pub name: String,
    pub title: String,
    pub terms: Vec<TermLink>,
}

/// A page as a card in lists.
#[derive(Serialize, Clone)]
pub(crate) struct PageCard {
    pub title: String,
    pub url: String,
    pub kind: &'static str,
    pub collection: Option<String>,
    /// The collection's title (`星火党建驿站`).
    pub collection_title: Option<String>,
    pub date: Option<String>,
    pub year: Option<i32>,
    pub summary: String,
    pub cover: Option<String>,
    pub featured: bool,
    pub taxonomies: Vec<TaxonomyTerms>,
    /// The kind's own fields (`p.fields.role`, `page.fields.street`, …).
    pub fields: KindFields,
}

/// The pages of a list as cards ([`card`]), or — in a digest — as their cards' keys
/// (`Renderer::card_key`; see `Ctx::cards`).
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum Cards {
    Full(Vec<PageCard>),
    Keys(Vec<u64>),
}

/// `page` in page templates: every field of its kind.
#[derive(Serialize)]
pub(crate) struct PageView {
    #[serde(flatten)]
    pub card: PageCard,
    pub permalink: String,
    pub content: String,
    pub toc: Vec<crate::markdown::Heading>,
    pub portrait: Option<String>,
    pub weight: Option<i64>,
    pub location: Option<[f64; 2]>,
    /// [`map_url`] of the location: where the address links to.
    pub map_url: Option<String>,
    pub extra: serde_json::Value,
    pub draft: bool,
    /// The `summary` written in the front matter (not the first paragraph), shown as
    /// the lead under the title.
    pub lead: Option<String>,
    /// An SVG QR code of the page's permanent URL (for visitors' phones).
    pub qr: String,
    /// The cover (or portrait) as a full address, for link previews (`og:image`).
    pub image: Option<String>,
    /// Project units resolved to `data/units.yaml` entries, linked to `/units/`.
    pub units: Vec<Link>,
    /// Honours, newest first.
    pub honors: Vec<Honor>,
    pub collection_url: Option<String>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
}

/// `section` in `index.html` and `section.html`.
#[derive(Serialize)]
pub(crate) struct SectionView {
    pub title: String,
    pub url: String,
    pub content: String,
    pub summary: String,
    pub collection: Option<String>,
    pub kind: Option<&'static str>,
    pub pages: Cards,
    pub extra: serde_json::Value,
}

#[derive(Serialize)]
pub(crate) struct Paginator {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<Link>,
}

impl SiteView {
    pub(crate) fn new(site: &Site, i18n: &BTreeMap<String, String>) -> SiteView {
        let c = &site.config;
        let mut nav: Vec<Link> = c
            .collections
            .iter()
            .map(|col| Link {
                title: col.title.clone(),
                url: site.url(&format!("{}/", col.name)),
            })
            .collect();
        let t = |k: &str, d: &str| i18n.get(k).cloned().unwrap_or_else(|| d.to_string());
        nav.push(Link {
            title: t("stats", "数据统计"),
            url: site.url("stats/"),
        });
        nav.push(Link {
            title: t("units", "成员单位"),
            url: site.url("units/"),
        });
        nav.push(Link {
            title: t("timeline", "时间轴"),
            url: site.url("timeline/"),
        });
        SiteView {
            title: c.title.clone(),
            description: c.description.clone(),
            base_url: c.base_url.clone(),
            base_path: c.base_path(),
            language: c.language.clone(),
            icp: c.icp.clone(),
            filing: FilingView::new(site),
            organization: (c.organization != c.title).then(|| c.organization.clone()),
            nav,
            taxonomies: c
                .taxonomies
                .iter()
                .map(|t| Link {
                    title: t.title.clone(),
                    url: site.url(&format!("{}/", t.name)),
                })
                .collect(),
            search: c.search,
            extra: c.extra.clone(),
            relative: site.options.relative,
        }
    }
}

pub(crate) fn taxonomy_terms(site: &Site, p: &Page) -> Vec<TaxonomyTerms> {
    p.front
        .taxonomies
        .iter()
        .filter_map(|(name, terms)| {
            let t = site.config.taxonomies.iter().find(|t| &t.name == name)?;
            Some(TaxonomyTerms {
                name: name.clone(),
                title: t.title.clone(),
                terms: terms
                    .iter()
                    .map(|v| TermLink {
                        name: v.clone(),
                        url: site.url(&format!("{}/{}/", name, term_slug(v))),
                    })
                    .collect(),
            })
        })
        .collect()
}

/// The cards of `pages`, in order (made for each listing that shows them: a cache of
/// every card as a `tera::Value` held about 60 MB at 10,000 pages — a hash map of 34
/// entries each — for about 6 % of the CPU time of a build). Typed, so that a
/// listing's digest (`render::Ctx`) is the same in every build.
pub(crate) fn card(site: &Site, i: PageId) -> PageCard {
    let p = &site.pages[i];
    let PageImages { cover, portrait } = site.images.get(&i).cloned().unwrap_or_default();
    PageCard {
        title: p.front.title.clone(),
        url: site.url(&p.rel_url),
        kind: p.kind.name(),
        collection: p.collection.clone(),
        collection_title: p
            .collection
            .as_ref()
            .and_then(|c| site.config.collection(c))
            .map(|c| c.title.clone()),
        date: p.front.date.map(|d| d.ymd()),
        year: p.front.year(),
        summary: p.summary.to_string(),
        cover: cover.or(portrait),
        featured: p.front.featured,
        taxonomies: taxonomy_terms(site, p),
        fields: p.front.fields.clone(),
    }
}

/// What a screen reader says for a page's QR code: "扫码在手机上阅读：标题".
pub(crate) fn qr_label(ui: crate::config::Ui, title: &str) -> String {
    format!(
        "{}{title}",
        ui.t("扫码在手机上阅读：", "Scan to read on your phone: ")
    )
}

pub(crate) fn page_view(site: &Site, i: PageId) -> PageView {
    page_view_with(site, i, false)
}

/// [`page_view`], or (`digest`) the view a digest hashes: without its QR code (made
/// from the permalink and the title, which the view holds anyway) and without its
/// content (the page's HTML, which the digest hashes as it is instead of copying and
/// escaping it into JSON).
pub(crate) fn page_view_with(site: &Site, i: PageId, digest: bool) -> PageView {
    let p = &site.pages[i];
    let images = site.images.get(&i).cloned().unwrap_or_default();
    let mut card = card(site, i);
    if site.images.contains_key(&i) {
        card.cover = images.cover;
    }
    let units = p
        .front
        .fields
        .units
        .iter()
        .map(
            |u| match site.units.iter().find(|x| &x.id == u || &x.name == u) {
                Some(x) => Link {
                    title: x.name.clone(),
                    url: site.url(&format!("units/#unit-{}", x.id)),
                },
                None => Link {
                    title: u.clone(),
                    url: site.url("units/"),
                },
            },
        )
        .collect();
    let mut honors = p.front.fields.honors.clone();
    honors.sort_by_key(|h| std::cmp::Reverse(h.year));
    let (mut prev, mut next) = (None, None);
    let col = p
        .collection
        .as_ref()
        .and_then(|c| site.config.collection(c));
    if let Some(c) = col {
        let list = site.collection_pages(&c.name);
        if let Some(pos) = list.iter().position(|&x| x == i) {
            let link = |j: PageId| Link {
                title: site.pages[j].front.title.clone(),
                url: site.url(&site.pages[j].rel_url),
            };
            prev = pos.checked_sub(1).map(|q| link(list[q]));
            next = list.get(pos + 1).map(|&q| link(q));
        }
    }
    let permalink = site.permalink(&p.rel_url);
    let image = card.cover.as_deref().map(|u| absolute(site, u));
    PageView {
        image,
        card,
        qr: if digest {
            String::new()
        } else {
            crate::qr::qr_svg(&permalink, 132, &qr_label(site.config.ui, &p.front.title))
        },
        lead: p.front.summary.clone(),
        permalink,
        content: if digest {
            String::new()
        } else {
            p.html.to_string()
        },
        toc: p.toc.to_vec(),
        portrait: images.portrait,
        weight: p.front.weight,
        location: p.front.location,
        map_url: p.front.location.map(|l| map_url(l, &p.front.title)),
        extra: p.front.extra.clone(),
        draft: p.front.draft,
        units,
        honors,
        collection_url: col.map(|c| site.url(&format!("{}/", c.name))),
        prev,
        next,
    }
}

/// A URL of the site (`/stations/a/photo.jpg`, with the base path) as a full address
/// under `base_url`; an address that is already full is kept.
pub(crate) fn absolute(site: &Site, url: &str) -> String {
    if url.starts_with("https://") || url.starts_with("http://") {
        return url.to_string();
    }
    let base_path = site.config.base_path();
    let rel = url
        .strip_prefix(base_path.as_str())
        .unwrap_or(url.trim_start_matches('/'));
    site.permalink(rel)
}

/// A place on a map for a visitor's phone: an AMap (高德地图) marker link. On a phone it
/// opens the AMap app when installed (`callnative=1`) and AMap's web map otherwise, on
/// Android and iOS alike and inside WeChat, where a `geo:` link does nothing; the
/// location is taken as GPS coordinates (`coordinate=wgs84`), which AMap converts.
/// docs/reference/templates.md documents it.
pub(crate) fn map_url([lat, lon]: [f64; 2], name: &str) -> String {
    let name = percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC);
    format!(
        "https://uri.amap.com/marker?position={lon},{lat}&name={name}&src=xinghuo&coordinate=wgs84&callnative=1"
    )
}

pub(crate) fn section_view(r: &Renderer, s: &Section, pages: Cards) -> SectionView {
    let site = &r.site;
    SectionView {
        title: s.front.title.clone(),
        url: site.url(&s.rel_url),
        content: s.html.clone(),
        summary: s.summary.clone(),
        collection: s.collection.clone(),
        kind: s
            .collection
            .as_ref()
            .and_then(|c| site.config.collection(c))
            .map(|c| c.kind.name()),
        pages,
        extra: s.front.extra.clone(),
    }
}

/// A member unit on `/units/`, with the projects that name it.
#[derive(Serialize)]
pub(crate) struct UnitView {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub joined: Option<i32>,
    pub location: Option<[f64; 2]>,
    pub resources: Vec<String>,
    pub projects: Vec<Link>,
}

/// `units` in `units.html`, in the order of `data/units.yaml`.
pub(crate) fn units_view(site: &Site) -> Vec<UnitView> {
    site.units
        .iter()
        .map(|u| {
            let projects = site
                .pages
                .iter()
                .filter(|p| {
                    p.front
                        .fields
                        .units
                        .iter()
                        .any(|x| x == &u.id || x == &u.name)
                })
                .map(|p| Link {
                    title: p.front.title.clone(),
                    url: site.url(&p.rel_url),
                })
                .collect();
            UnitView {
                id: u.id.clone(),
                name: u.name.clone(),
                kind: u.kind.clone(),
                joined: u.joined,
                location: u.location,
                resources: u.resources.clone(),
                projects,
            }
        })
        .collect()
}

/// A unit type and how many units have it.
#[derive(Serialize)]
pub(crate) struct UnitType {
    pub name: String,
    pub count: usize,
}

/// `unit_types` in `units.html`: types in order of first appearance, with counts.
pub(crate) fn unit_types(site: &Site) -> Vec<UnitType> {
    let mut v: Vec<UnitType> = Vec::new();
    for u in &site.units {
        if u.kind.is_empty() {
            continue;
        }
        match v.iter_mut().find(|t| t.name == u.kind) {
            Some(t) => t.count += 1,
            None => v.push(UnitType {
                name: u.kind.clone(),
                count: 1,
            }),
        }
    }
    v
}
