//! Statistics YAML (and the generic YAML entry point): no panic, no hang, whatever the
//! file holds (aliases included).
#![no_main]

include!("../targets/stats_yaml.rs");
