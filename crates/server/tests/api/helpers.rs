//! `spawn_app()`: a real server on a free port, its own temp database and `dist/`, stopped on drop.

use std::{
    io::Read,
    path::{Path, PathBuf},
};

use jishi_server::{
    cli::{DbArgs, ServeArgs},
    startup::Application,
};
use tempfile::TempDir;
use tokio::sync::oneshot;

/// A hashed asset as trunk names them, and its content.
pub const HASHED_JS: &str = "/jishi-0123456789abcdef.js";
/// Big enough that compression is worth it, so the server compresses it.
pub const JS_BODY: &str = "export function start() { console.log('集市通 starting'); }\n";
/// The test app's index page.
pub const INDEX_HTML: &str =
    "<!doctype html><html lang=\"zh-CN\"><head><title>集市通</title></head><body><div id=\"app\">skeleton skeleton skeleton</div></body></html>";

/// A running server and what it needs; the server stops when this is dropped.
pub struct TestApp {
    /// `http://127.0.0.1:port`
    pub address: String,
    /// A client that does not decompress, so tests see what the server sent.
    pub client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    stopped: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    _dir: TempDir,
}

impl TestApp {
    /// `GET address + path`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("the test server answers")
    }

    /// Asks the server to stop as Ctrl-C would, and waits until it has.
    pub async fn shut_down(mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.stopped.take().expect("not stopped yet").await?
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Starts a server with demo data on a free port, with a tiny built app in its `dist/`.
pub async fn spawn_app() -> TestApp {
    init_logs();
    let dir = TempDir::new().expect("a temp dir");
    let dist = dir.path().join("dist");
    write_dist(&dist);
    let db_url = sqlite_url(dir.path());
    let args = ServeArgs {
        addr: "127.0.0.1:0".parse().unwrap(),
        db: DbArgs { db: db_url },
        dist,
        demo: true,
    };
    let app = Application::build(&args).await.expect("the app builds");
    let address = format!("http://{}", app.local_addr());
    let (stop, stopped_signal) = oneshot::channel::<()>();
    let stopped = tokio::spawn(app.run_until(async {
        let _ = stopped_signal.await;
    }));
    TestApp {
        address,
        client: reqwest::Client::builder().build().unwrap(),
        stop: Some(stop),
        stopped: Some(stopped),
        _dir: dir,
    }
}

/// The URL of a fresh SQLite file inside `dir`.
pub fn sqlite_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("jishi-test.db").display())
}

/// A `dist/` like trunk's: index, a hashed script with precompressed copies, an unhashed icon.
fn write_dist(dist: &PathBuf) {
    std::fs::create_dir_all(dist).unwrap();
    std::fs::write(dist.join("index.html"), INDEX_HTML).unwrap();
    let js = dist.join(HASHED_JS.trim_start_matches('/'));
    std::fs::write(&js, JS_BODY).unwrap();
    let mut br = Vec::new();
    {
        use std::io::Write;
        let mut writer = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        writer.write_all(JS_BODY.as_bytes()).unwrap();
    }
    std::fs::write(js.with_extension("js.br"), br).unwrap();
    std::fs::write(
        dist.join("favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
}

/// Decodes a brotli body.
pub fn unbrotli(bytes: &[u8]) -> String {
    let mut out = String::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_string(&mut out)
        .expect("valid brotli");
    out
}

/// Decodes a gzip body.
pub fn ungzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .expect("valid gzip");
    out
}

/// Server logs in test output only when `TEST_LOG` is set.
fn init_logs() {
    if std::env::var_os("TEST_LOG").is_some() {
        jishi_server::telemetry::init();
    }
}
