// The body of fuzz target `stats_yaml` (see fuzz/fuzz_targets/stats_yaml.rs), kept apart so that
// tests/fuzz_targets.rs compiles and runs it in `cargo test` too.

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

fuzz_target!(|text: &str| {
    let _ = xinghuo::yaml::to_json(text);
    let (_stats, _diags) =
        xinghuo::stats::load(&[(PathBuf::from("data/stats/2024.yaml"), text.to_string())]);
});
