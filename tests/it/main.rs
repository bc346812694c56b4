//! The integration tests, as one test binary (one link of the library and its
//! dependencies instead of one per file, and all tests share the machine's cores):
//! each module is one area; `cargo test --test it browser::` runs one of them.
//! `tests/architecture.rs` stays apart: it reads the sources, not the binary.

mod common;

mod accessibility;
mod browser;
mod bugs_issue13;
mod build;
mod diagnostics;
mod docs;
mod fuzz_targets;
mod hostile;
mod hostile_limits;
mod hostile_output;
mod hostile_paths;
mod hostile_report;
mod incremental;
mod kiosk;
mod map;
mod phones;
mod privacy;
mod report;
mod report_legibility;
mod report_print;
mod report_years;
mod search;
mod search_browser;
mod search_shards;
mod serve;
mod shortcode_rules;
mod spec_site;
mod stats_pages;
