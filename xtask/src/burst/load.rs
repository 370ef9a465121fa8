//! A small HTTP/1.1 load generator on the standard library: one thread per connection, kept alive,
//! each sending its share of the requests one after another and reading each answer whole.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    sync::atomic::{AtomicUsize, Ordering},
    thread,
    time::Instant,
};

use anyhow::{bail, Context};

/// How a burst went.
pub struct Outcome {
    seconds: f64,
    statuses: Vec<u16>,
}

impl Outcome {
    /// `seconds | per second | 5000×201` for a markdown table.
    pub fn row(&self) -> String {
        let mut counts: Vec<(u16, usize)> = Vec::new();
        for status in &self.statuses {
            match counts.iter_mut().find(|(s, _)| s == status) {
                Some((_, n)) => *n += 1,
                None => counts.push((*status, 1)),
            }
        }
        counts.sort_unstable();
        let answers: Vec<String> = counts.iter().map(|(s, n)| format!("{n}×{s}")).collect();
        format!(
            "{:.2} | {:.0} | {}",
            self.seconds,
            self.statuses.len() as f64 / self.seconds,
            answers.join(" ")
        )
    }
}

/// Sends `count` requests made by `request(i)` (method, path, JSON body), `connections` at a time.
pub fn burst(
    addr: &str,
    count: usize,
    connections: usize,
    request: impl Fn(usize) -> (&'static str, String, String) + Sync,
) -> Outcome {
    let next = AtomicUsize::new(0);
    let started = Instant::now();
    let statuses: Vec<u16> = thread::scope(|scope| {
        let workers: Vec<_> = (0..connections)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    let mut connection = Connection::open(addr).ok();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= count {
                            break mine;
                        }
                        let (method, path, body) = request(i);
                        let status = connection
                            .as_mut()
                            .and_then(|c| c.send(method, &path, &body, None).ok())
                            .map_or(0, |(status, _)| status);
                        mine.push(status);
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    Outcome {
        seconds: started.elapsed().as_secs_f64(),
        statuses,
    }
}

/// One kept-alive connection.
struct Connection {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Connection {
    fn open(addr: &str) -> anyhow::Result<Self> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        Ok(Self {
            reader: BufReader::new(stream.try_clone()?),
            writer: stream,
        })
    }

    /// Sends one request and reads its answer: (status, body).
    fn send(
        &mut self,
        method: &str,
        path: &str,
        body: &str,
        token: Option<&str>,
    ) -> anyhow::Result<(u16, String)> {
        let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
        write!(
            self.writer,
            "{method} {path} HTTP/1.1\r\nHost: bench\r\nAccept-Encoding: identity\r\n{auth}\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .context("no status line")?;
        let mut length = None;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse::<usize>().ok();
                }
            }
        }
        let Some(length) = length else {
            bail!("an answer without Content-Length");
        };
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        Ok((status, String::from_utf8_lossy(&body).into_owned()))
    }
}

/// Single requests with the organiser's session, for the setup and the count.
pub struct Client {
    addr: String,
    token: String,
}

impl Client {
    pub fn new(addr: &str, token: &str) -> Self {
        Self {
            addr: addr.to_owned(),
            token: token.to_owned(),
        }
    }

    /// The JSON answer to one request; fails on a status other than 2xx.
    pub fn json(&self, method: &str, path: &str, body: &str) -> anyhow::Result<serde_json::Value> {
        let (status, text) =
            Connection::open(&self.addr)?.send(method, path, body, Some(&self.token))?;
        if !(200..300).contains(&status) {
            bail!("{method} {path}: {status} {text}");
        }
        Ok(serde_json::from_str(&text)?)
    }
}
