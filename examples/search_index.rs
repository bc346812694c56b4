//! Times the search index alone on a loaded site, for profiling (bench/README.md):
//! `cargo run --release --example search_index -- SITE [RUNS]` loads SITE once, then
//! builds and writes its index RUNS times into fresh temporary folders, printing the
//! time of each and the process's peak memory. `RUNS` negative: build only, write
//! nothing (to tell the kernel's share from the index's own).

use std::time::Instant;

use xinghuo::config::BuildOptions;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(root) = args.get(1) else {
        eprintln!("usage: search_index SITE [RUNS]");
        std::process::exit(2);
    };
    let runs: i64 = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(1);
    let write = runs > 0;
    let t = Instant::now();
    let (site, _) = match xinghuo::load_site(std::path::Path::new(root), BuildOptions::default()) {
        Ok(s) => s,
        Err(_) => {
            eprintln!("the site has errors: run `xinghuo check`");
            std::process::exit(1);
        }
    };
    eprintln!("loaded in {:.2} s", t.elapsed().as_secs_f64());
    for _ in 0..runs.abs() {
        let dir = std::env::temp_dir().join(format!("search-index-{}", std::process::id()));
        let t = Instant::now();
        let ix = xinghuo::search::index(&site, site.config.search_split_from);
        let built = t.elapsed().as_secs_f64();
        if write {
            xinghuo::search::write_dir(&ix, &dir).expect("writable temporary folder");
        }
        let all = t.elapsed().as_secs_f64();
        drop(ix);
        println!("index {built:.3} s, written {all:.3} s");
        let _ = std::fs::remove_dir_all(&dir);
    }
    if let Ok(s) = std::fs::read_to_string("/proc/self/status") {
        if let Some(l) = s.lines().find(|l| l.starts_with("VmHWM")) {
            println!("peak {}", l.split_whitespace().nth(1).unwrap_or("?"));
        }
    }
}
