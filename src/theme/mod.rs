//! The theme: the Tera templates (the default theme embedded in the binary, overridden
//! file by file by `themes/NAME/` and the site's `templates/`), its UI strings, the
//! filters and template functions every template can call, and template errors as
//! diagnostics. Content uses it for site-defined shortcodes; the HTML renderer for
//! pages. It holds no site model.

mod filters;
mod stats_functions;
mod templates;

pub(crate) use stats_functions::register as register_stats_functions;
pub use templates::DEFAULT_THEME;
pub(crate) use templates::{embedded_static, load, tera_message, Templates};
