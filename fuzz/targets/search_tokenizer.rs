// The body of fuzz target `search_tokenizer` (see fuzz/fuzz_targets/search_tokenizer.rs), kept apart so that
// tests/fuzz_targets.rs compiles and runs it in `cargo test` too.

use libfuzzer_sys::fuzz_target;
use xinghuo::search::tokenizer::{index_tokens, query_parts};

fuzz_target!(|text: &str| {
    index_tokens(text, |t| assert!(!t.is_empty()));
    for p in query_parts(text) {
        assert!(!p.text.is_empty());
    }
});
