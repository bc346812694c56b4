//! A running `xinghuo serve` for the integration tests: the real binary on a free port
//! (`--port 0`, the port read from its "Serving at" line), driven over plain HTTP/1.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::bin;

pub const DEADLINE: Duration = Duration::from_secs(180);

/// A running `xinghuo serve`, killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub log: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    pub fn start(root: &Path) -> Server {
        Server::start_in(root, &[])
    }

    /// `xinghuo serve` run in `dir` with `args` added (e.g. `--root site`).
    pub fn start_in(dir: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(bin())
            .args(["serve", "--port", "0", "--lang", "en"])
            .args(args)
            .current_dir(dir)
            .env_remove("LANG")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("xinghuo serve starts");
        let stderr = child.stderr.take().expect("piped");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let log2 = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                    let port: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
                    let _ = tx.send(port.parse::<u16>().expect("a port"));
                }
                let mut l = log2.lock().expect("log");
                l.push_str(&line);
                l.push('\n');
            }
        });
        let port = match rx.recv_timeout(DEADLINE) {
            Ok(p) => p,
            Err(_) => panic!("no 'Serving at' line: {}", log.lock().expect("log")),
        };
        Server { child, port, log }
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        get(self.port, path)
    }

    /// Poll `path` until `pred` holds; panics with the last answer at the deadline.
    pub fn wait_for(&self, path: &str, what: &str, pred: impl Fn(u16, &str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if pred(status, &body) {
                return body;
            }
            if start.elapsed() > DEADLINE {
                panic!(
                    "{path}: still not {what} after {DEADLINE:?}; status {status}\n{}\n--- server log ---\n{}",
                    &body[..body.len().min(3000)],
                    self.log.lock().expect("log")
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// One raw HTTP/1.1 request (the path is sent exactly as given).
pub fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(DEADLINE)).expect("timeout");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {text}"));
    (status, text)
}
