//! `sitemap.xml` and `atom.xml` (the 20 latest dated pages), written directly: both are
//! small fixed formats where every text is XML-escaped here.

use std::fmt::Write as _;

use crate::site::{PageId, Site};

use crate::text::escape as xml_escape;

/// Every URL of the site, with `lastmod` where the page has a date.
pub(crate) fn sitemap(site: &Site) -> String {
    let mut urls: Vec<(String, Option<String>)> = vec![(String::new(), None)];
    for (ci, c) in site.collections.iter().enumerate() {
        urls.push((format!("{}/", c.name), None));
        for key in super::filters::keys(site, ci) {
            urls.push((super::filters::rel_url(site, ci, &key), None));
        }
    }
    for p in &site.pages {
        urls.push((p.rel_url.clone(), p.front.date.map(|d| d.ymd())));
    }
    for t in &site.taxonomies {
        urls.push((format!("{}/", t.taxonomy.name), None));
        for term in &t.terms {
            urls.push((format!("{}/{}/", t.taxonomy.name, term.slug), None));
        }
    }
    for s in ["stats/", "units/", "timeline/"] {
        urls.push((s.to_string(), None));
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (rel, date) in urls {
        let _ = write!(
            out,
            "  <url><loc>{}</loc>",
            xml_escape(&site.permalink(&rel))
        );
        if let Some(d) = date {
            let _ = write!(out, "<lastmod>{d}</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// An Atom feed of the 20 latest dated pages, newest first.
pub(crate) fn atom(site: &Site) -> String {
    let mut idx: Vec<PageId> = site
        .pages
        .ids()
        .filter(|&i| site.pages[i].front.date.is_some())
        .collect();
    crate::site::sort_pages(&site.pages, &mut idx, crate::config::SortBy::Date);
    idx.truncate(20);
    let updated = idx
        .first()
        .and_then(|&i| site.pages[i].front.date)
        .map(|d| d.rfc3339())
        .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".to_string());
    let c = &site.config;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = write!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <id>{}</id>\n  <updated>{}</updated>\n  <author><name>{}</name></author>\n",
        xml_escape(&c.language),
        xml_escape(&c.title),
        xml_escape(&c.description),
        xml_escape(&site.permalink("atom.xml")),
        xml_escape(&c.base_url),
        xml_escape(&c.base_url),
        updated,
        xml_escape(&c.organization),
    );
    for i in idx {
        let p = &site.pages[i];
        let link = site.permalink(&p.rel_url);
        let date = p.front.date.map(|d| d.rfc3339()).unwrap_or_default();
        let _ = write!(
            out,
            "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <id>{}</id>\n    <published>{date}</published>\n    <updated>{date}</updated>\n    <summary>{}</summary>\n",
            xml_escape(&p.front.title),
            xml_escape(&link),
            xml_escape(&link),
            xml_escape(&p.summary),
        );
        for (name, terms) in &p.front.taxonomies {
            for t in terms {
                let _ = writeln!(
                    out,
                    "    <category term=\"{}\" label=\"{}\"/>",
                    xml_escape(t),
                    xml_escape(name)
                );
            }
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}
