//! The server against a hostile client, from outside, on the release build: twenty decompression
//! bombs and twenty honest 49-megapixel photos uploaded at once (its memory must stay under
//! 600 MB and every bomb be refused), then 1,500 idle sockets from one address (others must still
//! be served, and the idle ones closed once the idle timeout has passed).

use std::{
    io::{Read, Write},
    net::{SocketAddr, TcpStream},
    thread,
    time::{Duration, Instant},
};

use anyhow::{bail, Context};
use flate2::{write::ZlibEncoder, Compression, Crc};

use crate::release_server::ReleaseServer;

const ADDR: &str = "127.0.0.1:18484";
const IDLE_TIMEOUT_SECS: u64 = 5;
const MEMORY_BOUND_MB: u64 = 600;

/// Runs both attacks; fails when the server gives way.
pub fn run() -> anyhow::Result<()> {
    let idle = IDLE_TIMEOUT_SECS.to_string();
    let server = ReleaseServer::start("abuse", ADDR, &["--idle-timeout", &idle])?;
    let token = server.token_for("13700137999", "stallholder", None)?;
    let goods = r#"{"name":"自家腌的咸菜","category":"food","season_months":[11,12,1]}"#;
    let (status, product) = request(
        ADDR,
        "POST",
        "/api/v1/products",
        &token,
        "application/json",
        goods.as_bytes(),
    )?;
    if status != 201 {
        bail!("creating a product answered {status}: {product}");
    }
    let id = serde_json::from_str::<serde_json::Value>(&product)?["id"]
        .as_str()
        .context("no product id")?
        .to_owned();
    photos_at_once(&server, &token, &id)?;
    hoarded_sockets()?;
    Ok(())
}

fn photos_at_once(server: &ReleaseServer, token: &str, product: &str) -> anyhow::Result<()> {
    let bomb = png(12_000, 12_000, 16, 6, 64);
    let honest = png(7_000, 7_000, 8, 2, 7_000);
    let path = format!("/api/v1/products/{product}/photos");
    let started = Instant::now();
    let answers: Vec<(&str, u16)> = thread::scope(|scope| {
        let uploads: Vec<_> = (0..40)
            .map(|n| {
                let (what, body) = if n % 2 == 0 {
                    ("bomb", &bomb)
                } else {
                    ("photo", &honest)
                };
                let path = &path;
                scope.spawn(move || {
                    let status =
                        request(ADDR, "POST", path, token, "image/png", body).map_or(0, |(s, _)| s);
                    (what, status)
                })
            })
            .collect();
        uploads
            .into_iter()
            .map(|u| u.join().unwrap_or(("?", 0)))
            .collect()
    });
    let peak_mb = peak_memory_mb(server.pid())?;
    let count = |what: &str, status: u16| answers.iter().filter(|a| **a == (what, status)).count();
    println!(
        "\n| attack | answers | server's peak memory (VmHWM) | seconds |\n|---|---|---:|---:|\n\
         | 20 PNG bombs (12000×12000 RGBA 16-bit, {} KB each) and 20 photos (7000×7000, {} KB each) at once \
         | bombs: {}×422; photos: {}×201, {}×422 (six per product), {}×503 (eight uploads at once) | {peak_mb} MB | {:.1} |",
        bomb.len() / 1024,
        honest.len() / 1024,
        count("bomb", 422),
        count("photo", 201),
        count("photo", 422),
        count("photo", 503),
        started.elapsed().as_secs_f64()
    );
    let photos = count("photo", 201) + count("photo", 422) + count("photo", 503);
    if count("bomb", 422) != 20 || photos != 20 || count("photo", 201) == 0 {
        bail!("unexpected answers: {answers:?}");
    }
    if peak_mb > MEMORY_BOUND_MB {
        bail!("the server took {peak_mb} MB, over {MEMORY_BOUND_MB} MB");
    }
    Ok(())
}

fn hoarded_sockets() -> anyhow::Result<()> {
    let mut hoard = Vec::new();
    for _ in 0..1_500 {
        match TcpStream::connect(ADDR) {
            Ok(stream) => hoard.push(stream),
            Err(error) => bail!("connecting the hoard: {error}"),
        }
    }
    // Another client, on another loopback address.
    let other = other_client_health()?;
    thread::sleep(Duration::from_secs(IDLE_TIMEOUT_SECS + 3));
    let mut still_open = 0;
    for stream in &mut hoard {
        stream.set_read_timeout(Some(Duration::from_millis(2)))?;
        let mut byte = [0u8; 1];
        match stream.read(&mut byte) {
            Ok(0) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
            _ => still_open += 1,
        }
    }
    println!(
        "| 1,500 idle sockets from one address | another address answered {other}; open {}s later: {still_open} | | |",
        IDLE_TIMEOUT_SECS + 3
    );
    if other != 200 || still_open > 0 {
        bail!("hoarding sockets: others got {other}, {still_open} idle sockets still open");
    }
    Ok(())
}

/// `GET /api/v1/health` from 127.0.0.2, another address than the hoarder's.
fn other_client_health() -> anyhow::Result<u16> {
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)?;
    socket.bind(&SocketAddr::from(([127, 0, 0, 2], 0)).into())?;
    let addr: SocketAddr = ADDR.parse()?;
    socket.connect_timeout(&addr.into(), Duration::from_secs(5))?;
    let mut stream: TcpStream = socket.into();
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: abuse\r\nConnection: close\r\n\r\n")?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("no status line")
}

/// A PNG of `width`×`height` (bit depth, colour type) whose image data is `rows` rows of zeros,
/// compressed: a bomb when the rows are few and the header large, an honest flat picture when
/// every row is there.
fn png(width: u32, height: u32, depth: u8, colour: u8, rows: u32) -> Vec<u8> {
    let channels = match colour {
        6 => 4,
        _ => 3,
    };
    let row = 1 + width as usize * channels * usize::from(depth / 8);
    let mut zlib = ZlibEncoder::new(Vec::new(), Compression::fast());
    let zeros = vec![0u8; row];
    for _ in 0..rows {
        let _ = zlib.write_all(&zeros);
    }
    let data = zlib.finish().unwrap_or_default();
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = width.to_be_bytes().to_vec();
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[depth, colour, 0, 0, 0]);
    for (kind, body) in [
        (&b"IHDR"[..], &header[..]),
        (b"IDAT", &data),
        (b"IEND", &[]),
    ] {
        out.extend_from_slice(&u32::try_from(body.len()).unwrap_or(0).to_be_bytes());
        let mut crc = Crc::new();
        crc.update(kind);
        crc.update(body);
        out.extend_from_slice(kind);
        out.extend_from_slice(body);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }
    out
}

/// One request on its own connection: (status, body).
fn request(
    addr: &str,
    method: &str,
    path: &str,
    token: &str,
    content_type: &str,
    body: &[u8],
) -> anyhow::Result<(u16, String)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    let auth = if token.is_empty() {
        String::new()
    } else {
        format!("Authorization: Bearer {token}\r\n")
    };
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: abuse\r\nConnection: close\r\n{auth}\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let text = String::from_utf8_lossy(&answer);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("no status line")?;
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    Ok((status, body))
}

/// The most memory the process has held (VmHWM), in megabytes.
fn peak_memory_mb(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kb: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no VmHWM")?;
    Ok(kb / 1024)
}
