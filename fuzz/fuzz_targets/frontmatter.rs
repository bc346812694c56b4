//! The front-matter splitter and the typed parser, for every role: no panic, and a
//! split always yields slices of the input.
#![no_main]

include!("../targets/frontmatter.rs");
