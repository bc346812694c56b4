//! The kiosk's explore part: the home screen's tiles (each collection, the statistics,
//! the map), a list screen per collection, a full screen per case (photos, videos, QR),
//! the statistics at screen size and the offline map — typed views of the frozen
//! [`Site`], rendered as hidden screens of `/kiosk/` that `js/kiosk-explore.js` shows.

use serde::Serialize;

use super::{case, KioskCase, KioskChart};
use crate::charts::{self, Medium, Ui};
use crate::site::{PageId, Site};

/// A `video()` of a page, as the kiosk plays it (in place, from the site's files).
#[derive(Serialize)]
pub(crate) struct KioskVideo {
    pub src: String,
    pub poster: Option<String>,
}

/// A collection's list screen holds at most this many cases (its featured pages first,
/// then the rest in the collection's order). Every case is a screen inside the one
/// kiosk file, with its own QR code: all 10,000 pages of a large site made that file
/// 88 MB. Nobody scrolls past a few dozen rows at an exhibition screen; the list ends
/// with a QR code of the collection's page for the rest.
pub(crate) const KIOSK_LIST_MAX: usize = 60;

/// One collection: a tile on the home screen and its list screen.
#[derive(Serialize)]
pub(crate) struct KioskSection {
    /// The collection's folder name (`stations`): the list screen is `k-list-stations`.
    pub name: String,
    pub title: String,
    pub kind: &'static str,
    /// The collection's pages shown: featured first, then in its order, at most
    /// [`KIOSK_LIST_MAX`].
    pub cases: Vec<KioskCase>,
    /// How many pages the collection has.
    pub total: usize,
    /// With more pages than `cases`: a QR code of the collection's page on the website.
    pub more_qr: Option<String>,
}

/// `/stats/` at screen size: every key figure of the latest year and the charts.
#[derive(Serialize)]
pub(crate) struct KioskStats {
    pub kpis: String,
    pub kpi_year: Option<i32>,
    pub charts: Vec<KioskChart>,
}

/// `kiosk.explore` in `kiosk.html`.
#[derive(Serialize)]
pub(crate) struct ExploreView {
    pub sections: Vec<KioskSection>,
    /// `None` without statistics.
    pub stats: Option<KioskStats>,
    /// The map of stations and member units (as `/units/` draws it, at screen size);
    /// `None` when the site has no places.
    pub map: Option<String>,
}

/// The explore screens (their QR codes left empty unless `qr`: see [`super::view`]).
pub(super) fn view(site: &Site, qr: bool) -> ExploreView {
    let sections = site
        .config
        .collections
        .iter()
        .map(|c| {
            let all = site.collection_pages(&c.name);
            let (featured, rest): (Vec<PageId>, Vec<PageId>) =
                all.iter().partition(|&&i| site.pages[i].front.featured);
            let more_qr = (all.len() > KIOSK_LIST_MAX).then(|| {
                if !qr {
                    return String::new();
                }
                let label = site
                    .config
                    .ui
                    .t("扫码在手机上查看全部：", "Scan to see them all: ");
                crate::qr::qr_svg(
                    &site.permalink(&format!("{}/", c.name)),
                    132,
                    &format!("{label}{}", c.title),
                )
            });
            KioskSection {
                name: c.name.clone(),
                title: c.title.clone(),
                kind: c.kind.name(),
                cases: featured
                    .iter()
                    .chain(&rest)
                    .take(KIOSK_LIST_MAX)
                    .map(|&i| case(site, i, qr))
                    .collect(),
                total: all.len(),
                more_qr,
            }
        })
        .filter(|s| !s.cases.is_empty())
        .collect();
    let map = (!site.map_points.is_empty()).then(|| {
        let base = site.map_base();
        charts::map_for(
            &site.map_points,
            base.as_ref(),
            site.config.ui,
            Medium::Screen,
        )
    });
    ExploreView {
        sections,
        stats: stats(site),
        map,
    }
}

/// Every metric over the years (a line, or bars with one year) and every breakdown of
/// the latest year, each at the kiosk's fixed screen layout.
fn stats(site: &Site) -> Option<KioskStats> {
    let ui = site.config.ui;
    let years = site.stats.years();
    let latest = site.stats.year(*years.last()?)?;
    let mut charts_out = Vec::new();
    let mut keys: Vec<(String, String)> = Vec::new();
    for y in &years {
        for m in site.stats.year(*y).map(|ys| &ys.metrics[..]).unwrap_or(&[]) {
            if !keys.iter().any(|(k, _)| k == &m.key) {
                keys.push((m.key.clone(), m.label.clone()));
            }
        }
    }
    for (key, label) in keys {
        let args = charts::SeriesChartArgs {
            keys: vec![key],
            kind: if years.len() > 1 {
                charts::SeriesKind::Line
            } else {
                charts::SeriesKind::Bar
            },
            from: None,
            to: None,
            title: None,
        };
        if let Ok(html) = charts::series_chart_for(&site.stats, &args, ui, Medium::Screen) {
            charts_out.push(KioskChart { title: label, html });
        }
    }
    for b in &latest.breakdowns {
        let args = charts::BreakdownChartArgs {
            breakdown: b.key.clone(),
            year: Some(latest.year),
            kind: if b.items.len() <= 6 {
                charts::BreakdownKind::Donut
            } else {
                charts::BreakdownKind::Bar
            },
            title: None,
        };
        if let Ok(html) = charts::breakdown_chart_for(&site.stats, &args, ui, Medium::Screen) {
            let title = match ui {
                Ui::Zh => format!("{}（{}年）", b.label, latest.year),
                Ui::En => format!("{} ({})", b.label, latest.year),
            };
            charts_out.push(KioskChart { title, html });
        }
    }
    Some(KioskStats {
        kpis: charts::kpis_in(&site.stats, None, None, ui).unwrap_or_default(),
        kpi_year: Some(latest.year),
        charts: charts_out,
    })
}

/// The videos of a rendered body: each `<figure class="video">` the `video()` shortcode
/// wrote (`content::body`), with its source and poster.
pub(crate) fn videos(html: &str) -> Vec<KioskVideo> {
    let attr = |frag: &str, name: &str| {
        let start = frag.find(name)? + name.len();
        let end = frag[start..].find('"')?;
        Some(crate::text::unescape(&frag[start..start + end]))
    };
    html.split("<figure class=\"video\">")
        .skip(1)
        .filter_map(|rest| {
            let frag = &rest[..rest.find("</figure>")?];
            Some(KioskVideo {
                src: attr(frag, "<source src=\"")?,
                poster: attr(frag, " poster=\""),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn videos_of_a_body() {
        let html = "<p>a</p><figure class=\"video\"><video controls preload=\"none\" playsinline poster=\"/p.jpg\"><source src=\"/m/a.mp4?x=1&amp;y=2\"></video></figure><figure class=\"video\"><video controls><source src=\"b.mp4\"></video></figure>";
        let v = super::videos(html);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].src, "/m/a.mp4?x=1&y=2");
        assert_eq!(v[0].poster.as_deref(), Some("/p.jpg"));
        assert_eq!(v[1].src, "b.mp4");
        assert_eq!(v[1].poster, None);
    }
}
