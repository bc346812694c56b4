//! Template functions that do what the statistics shortcodes do, for theme and site
//! templates: `stat(key=, year=)`, `kpis(year=, keys=)`, `chart(keys=|breakdown=, kind=,
//! from=, to=, year=, title=)` and `map(source=)`, with their words in the site's UI
//! language. They are registered twice: with no data when the templates are loaded (Tera
//! rejects a template that calls an unknown function), then again, replacing those, once
//! the statistics are loaded, each holding its own shared copy of what it reads.

use std::sync::Arc;

use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

use crate::charts::{self, MapBase, MapPoint, MapSource, Ui};
use crate::stats::Stats;

fn fail(t: crate::diag::Text) -> Error {
    Error::message(t.en)
}

fn year(k: &Kwargs, name: &str) -> TeraResult<Option<i32>> {
    Ok(k.get::<i64>(name)?.map(|y| y as i32))
}

fn strings(k: &Kwargs, name: &str) -> TeraResult<Option<Vec<String>>> {
    k.get::<Vec<String>>(name)
}

/// Register `stat`, `kpis`, `chart` and `map` on `tera`, with words in `ui`.
pub(crate) fn register(
    tera: &mut Tera,
    stats: Arc<Stats>,
    points: Arc<Vec<MapPoint>>,
    base: Option<MapBase>,
    ui: Ui,
) {
    let s = stats.clone();
    tera.register_function("stat", move |k: Kwargs, _: &State| -> TeraResult<Value> {
        let key: String = k.must_get::<String>("key")?;
        s.stat_text(&key, year(&k, "year")?)
            .map(Value::from)
            .map_err(fail)
    });
    let s = stats.clone();
    tera.register_function("kpis", move |k: Kwargs, _: &State| -> TeraResult<Value> {
        let keys = strings(&k, "keys")?;
        charts::kpis_in(&s, year(&k, "year")?, keys.as_deref(), ui)
            .map(|h| Value::safe_string(&h))
            .map_err(fail)
    });
    let s = stats;
    tera.register_function("chart", move |k: Kwargs, _: &State| -> TeraResult<Value> {
        let kind: Option<String> = k.get::<String>("kind")?;
        let title: Option<String> = k.get::<String>("title")?;
        let html = if let Some(b) = k.get::<String>("breakdown")? {
            let kind = charts::BreakdownKind::of_chart(kind.as_deref()).map_err(|_| {
                let other = kind.as_deref().unwrap_or_default();
                Error::message(format!(
                    "unknown chart kind `{other}` for a breakdown: use bar, pie or donut"
                ))
            })?;
            charts::breakdown_chart_in(
                &s,
                &charts::BreakdownChartArgs {
                    breakdown: b,
                    year: year(&k, "year")?,
                    kind,
                    title,
                },
                ui,
            )
        } else {
            let kind = charts::SeriesKind::of_chart(kind.as_deref()).map_err(|_| {
                let other = kind.as_deref().unwrap_or_default();
                Error::message(format!(
                    "unknown chart kind `{other}` for metrics: use line or bar"
                ))
            })?;
            let keys = strings(&k, "keys")?.unwrap_or_default();
            charts::series_chart_in(
                &s,
                &charts::SeriesChartArgs {
                    keys,
                    kind,
                    from: year(&k, "from")?,
                    to: year(&k, "to")?,
                    title,
                },
                ui,
            )
        };
        html.map(|h| Value::safe_string(&h)).map_err(fail)
    });
    tera.register_function("map", move |k: Kwargs, _: &State| -> TeraResult<Value> {
        let source = match k.get::<String>("source")? {
            None => MapSource::All,
            Some(source) => MapSource::parse(&source).ok_or_else(|| {
                Error::message(format!(
                    "unknown map source `{source}`: use units, stations or all"
                ))
            })?,
        };
        let chosen = source.points(&points);
        Ok(Value::safe_string(&charts::map_in(
            &chosen,
            base.as_ref(),
            ui,
        )))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn functions_render_in_templates() {
        let (stats, d) = crate::stats::load(&[(
            "data/stats/2024.yaml".into(),
            "year: 2024\nmetrics:\n  b: {label: 党组织, value: 110, unit: 个}\n".into(),
        )]);
        assert!(d.is_empty());
        let mut tera = Tera::new();
        register(
            &mut tera,
            Arc::new(stats),
            Arc::new(Vec::new()),
            None,
            Ui::Zh,
        );
        tera.add_raw_template(
            "t",
            "{{ stat(key=\"b\") }}|{{ chart(keys=[\"b\"], kind=\"bar\") }}|{{ kpis() }}",
        )
        .unwrap();
        let out = tera.render("t", &tera::Context::new()).unwrap();
        assert!(out.starts_with("110个|<figure"), "{out}");
        assert!(out.contains("class=\"kpis\""));
        tera.add_raw_template("bad", "{{ stat(key=\"nope\") }}")
            .unwrap();
        assert!(tera.render("bad", &tera::Context::new()).is_err());
    }
}
