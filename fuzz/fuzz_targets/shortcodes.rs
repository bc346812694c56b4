//! The shortcode parser and argument checks: no panic; text segments are slices of the
//! input, in order, and error positions are inside it.
#![no_main]

include!("../targets/shortcodes.rs");
