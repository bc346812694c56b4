//! xinghuo (星火): a static-site generator for party-building exhibitions and reports.
//!
//! The flow (see ARCHITECTURE.md): [`config`] → [`content`] and [`data`] →
//! [`stats`] → [`site`] (the frozen model) → [`render`] (HTML, in parallel) →
//! [`output`] (staging folder swapped in on success). Problems are [`diag`] values.

// Diagnostics are rich values (two languages, hint, location) carried in `Err`; boxing
// each one would only add noise.
#![allow(clippy::result_large_err)]

pub mod charts;
pub mod check;
pub mod config;
pub mod content;
pub mod data;
pub mod diag;
pub mod fingerprint;
pub mod fsutil;
mod hash;
pub mod images;
pub mod init;
pub mod markdown;
pub mod output;
pub mod paths;
mod pipeline;
#[cfg(test)]
mod proptests;
pub mod qr;
pub mod render;
pub mod report;
pub mod search;
pub mod serve;
pub mod shortcodes;
pub mod site;
pub mod source;
pub mod stats;
pub mod text;
pub mod theme;
pub mod yaml;

pub use pipeline::{build, check, load_site, report, report_typst_source, BuildReport, ReportRun};
