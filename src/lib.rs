//! xinghuo (星火): a static-site generator for party-building exhibitions and reports.
//!
//! The flow (see ARCHITECTURE.md): [`config`] → [`content`] and [`data`] →
//! [`stats`] → [`site`] (the frozen model) → [`render`] (HTML, in parallel) →
//! [`output`] (staging folder swapped in on success). Problems are [`diag`] values.

// Diagnostics are rich values (two languages, hint, location) carried in `Err`; boxing
// each one would only add noise.
#![allow(clippy::result_large_err)]
#![warn(unreachable_pub)]

pub(crate) mod charts;
pub(crate) mod check;
pub mod cli;
pub mod config;
pub mod content;
pub(crate) mod data;
pub mod diag;
pub(crate) mod fingerprint;
pub(crate) mod fsutil;
pub(crate) mod geojson;
mod hash;
pub(crate) mod images;
pub mod init;
pub mod markdown;
pub(crate) mod output;
pub(crate) mod paths;
mod pipeline;
#[cfg(test)]
mod proptests;
pub(crate) mod qr;
pub(crate) mod render;
pub mod report;
pub mod search;
pub mod serve;
pub mod shortcodes;
pub(crate) mod site;
pub mod source;
pub mod stats;
pub(crate) mod stored;
pub(crate) mod sync;
pub(crate) mod text;
pub mod theme;
pub mod yaml;

pub use pipeline::{build, check, load_site, report, report_typst_source, BuildReport, ReportRun};
