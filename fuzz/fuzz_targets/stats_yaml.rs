//! Statistics YAML (and the generic YAML entry point): no panic, no hang, whatever the
//! file holds (aliases included).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

fuzz_target!(|text: &str| {
    let _ = xinghuo::yaml::to_json(text);
    let (_stats, _diags) =
        xinghuo::stats::load(&[(PathBuf::from("data/stats/2024.yaml"), text.to_string())]);
});
