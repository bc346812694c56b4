//! The view of `/kiosk/` (exhibition-hall mode): the attract loop (featured cases and
//! members as slides, the key figures and a few charts) and, in `explore`, the screens a
//! visitor opens (`explore.rs`), all inside the one HTML file so the kiosk needs no
//! network and no `fetch` and works from `file://`.

use serde::Serialize;

use super::context::{card, page_view_with, Link, PageCard};
use crate::charts::{self, Ui};
use crate::config::{Kind, KioskExit};
use crate::content::frontmatter::Honor;
use crate::site::{PageId, Site};

mod explore;
pub(crate) use explore::{ExploreView, KioskVideo};

/// A featured case or member as a slide.
#[derive(Serialize)]
pub(crate) struct KioskCase {
    #[serde(flatten)]
    pub card: PageCard,
    pub portrait: Option<String>,
    /// Honours, newest first.
    pub honors: Vec<Honor>,
    /// Project units by name.
    pub units: Vec<Link>,
    /// QR code of the page's permanent URL: visitors read the whole case on their phone.
    pub qr: String,
    /// The id of the case's own screen in the explore part (`k-case-3`).
    pub screen: String,
    /// Every photo of the page (the cover first, then the bundle's images), by URL.
    pub photos: Vec<String>,
    /// The page's videos (`video()` shortcodes), played in place.
    pub videos: Vec<KioskVideo>,
}

/// A chart slide.
#[derive(Serialize)]
pub(crate) struct KioskChart {
    pub title: String,
    pub html: String,
}

/// `kiosk` in `kiosk.html`.
#[derive(Serialize)]
pub(crate) struct KioskView {
    /// Featured pages that are not members, in collection order.
    pub cases: Vec<KioskCase>,
    /// Featured members.
    pub members: Vec<KioskCase>,
    /// Key-figure cards of the latest year (empty without statistics).
    pub kpis: String,
    pub kpi_year: Option<i32>,
    pub charts: Vec<KioskChart>,
    /// Seconds per slide.
    pub interval: u32,
    /// Seconds without a touch before the kiosk returns to its first slide (`[kiosk] idle`).
    pub idle: u32,
    /// `[kiosk] exit`: `long-press`, `pin` or `button`.
    pub exit: KioskExit,
    /// `[kiosk] pin` (only with `exit = "pin"`).
    pub pin: Option<String>,
    /// The screens a visitor opens from the home screen.
    pub explore: ExploreView,
}

/// Build the kiosk view from the featured pages (`featured`, in collection order),
/// with the cases' QR codes or (`qr` false, for a digest) without.
pub(crate) fn view(site: &Site, featured: &[PageId], qr: bool) -> KioskView {
    let ui = site.config.ui;
    let slide = |&i: &PageId| case(site, i, qr);
    let (members, cases): (Vec<PageId>, Vec<PageId>) = featured
        .iter()
        .partition(|&&i| site.pages[i].kind == Kind::Member);
    let mut charts_out = Vec::new();
    let years = site.stats.years();
    let mut keys: Vec<(String, String)> = Vec::new();
    if let Some(y) = years.last().and_then(|&y| site.stats.year(y)) {
        keys.extend(
            y.metrics
                .iter()
                .take(2)
                .map(|m| (m.key.clone(), m.label.clone())),
        );
        if let Some(b) = y.breakdowns.first() {
            let args = charts::BreakdownChartArgs {
                breakdown: b.key.clone(),
                year: Some(y.year),
                kind: charts::BreakdownKind::Bar,
                title: None,
            };
            if let Ok(html) =
                charts::breakdown_chart_for(&site.stats, &args, ui, charts::Medium::Screen)
            {
                charts_out.push(KioskChart {
                    title: format!("{}{}", b.label, ui_year(ui, y.year)),
                    html,
                });
            }
        }
    }
    if years.len() > 1 {
        let mut series: Vec<KioskChart> = keys
            .into_iter()
            .filter_map(|(key, label)| {
                let args = charts::SeriesChartArgs {
                    keys: vec![key],
                    kind: charts::SeriesKind::Line,
                    from: None,
                    to: None,
                    title: None,
                };
                charts::series_chart_for(&site.stats, &args, ui, charts::Medium::Screen)
                    .ok()
                    .map(|html| KioskChart { title: label, html })
            })
            .collect();
        series.append(&mut charts_out);
        charts_out = series;
    }
    let k = &site.config.kiosk;
    KioskView {
        cases: cases.iter().map(slide).collect(),
        members: members.iter().map(slide).collect(),
        kpis: charts::kpis_in(&site.stats, None, None, ui).unwrap_or_default(),
        kpi_year: years.last().copied(),
        charts: charts_out,
        interval: 9,
        idle: k.idle,
        exit: k.exit,
        pin: k.pin.clone(),
        explore: explore::view(site, qr),
    }
}

/// Page `i` as a slide and as its own screen (with its QR code when `qr`).
pub(crate) fn case(site: &Site, i: PageId, qr: bool) -> KioskCase {
    let pv = page_view_with(site, i, !qr);
    let mut c = card(site, i);
    if c.cover.is_none() {
        c.cover = pv.portrait.clone();
    }
    let p = &site.pages[i];
    let mut photos: Vec<String> = c.cover.iter().cloned().collect();
    for a in p.assets.iter().filter(|a| a.is_image()) {
        let url = site.url(&a.out);
        if !photos.contains(&url) {
            photos.push(url);
        }
    }
    KioskCase {
        card: c,
        portrait: pv.portrait,
        honors: pv.honors,
        units: pv.units,
        qr: pv.qr,
        screen: format!("k-case-{}", i.index()),
        photos,
        videos: explore::videos(&p.html),
    }
}

fn ui_year(ui: Ui, y: i32) -> String {
    match ui {
        Ui::Zh => format!("（{y}年）"),
        Ui::En => format!(" ({y})"),
    }
}
