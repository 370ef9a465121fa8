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
    sent_again: usize,
}

impl Outcome {
    /// How many requests were answered with `status`.
    pub fn count(&self, status: u16) -> usize {
        self.statuses.iter().filter(|s| **s == status).count()
    }

    /// Requests per second.
    pub fn per_second(&self) -> f64 {
        self.statuses.len() as f64 / self.seconds
    }

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
        let mut answers: Vec<String> = counts.iter().map(|(s, n)| format!("{n}×{s}")).collect();
        if self.sent_again > 0 {
            answers.push(format!("({} sent again)", self.sent_again));
        }
        format!(
            "{:.2} | {:.0} | {}",
            self.seconds,
            self.statuses.len() as f64 / self.seconds,
            answers.join(" ")
        )
    }
}

/// One request of a burst.
pub struct Request {
    /// `GET`, `POST`…
    pub method: &'static str,
    /// With its query.
    pub path: String,
    /// JSON, or empty.
    pub body: String,
    /// A session token, sent as `Authorization: Bearer`.
    pub token: Option<String>,
    /// Sent as `Idempotency-Key`: a retry of the request gets its first answer.
    pub key: Option<String>,
}

impl Request {
    /// A request without a session.
    pub fn new(method: &'static str, path: impl Into<String>, body: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            body: body.into(),
            token: None,
            key: None,
        }
    }

    /// The same, sent with `token`.
    pub fn by(mut self, token: &str) -> Self {
        self.token = Some(token.to_owned());
        self
    }

    /// The same, sent with an `Idempotency-Key`.
    pub fn keyed(mut self, key: String) -> Self {
        self.key = Some(key);
        self
    }
}

/// Sends `count` requests made by `request(i)`, `connections` at a time, to one server.
pub fn burst(
    addr: &str,
    count: usize,
    connections: usize,
    request: impl Fn(usize) -> Request + Sync,
) -> Outcome {
    spread(
        &[addr.to_owned()],
        count,
        connections,
        request,
        &AtomicUsize::new(0),
    )
}

/// As [`burst`], with request `i` sent to `addrs[i % addrs.len()]`, as a load balancer spreads
/// them. A request is sent again, to the next address, when its server does not answer (it was
/// killed: nginx's `proxy_next_upstream` does this) or answers a gateway error (502, 503, 504: a
/// phone tries again, with the same body and so the same keys); the status is 0 when no try got
/// an answer. `sent` counts the requests taken so far, for a watcher that acts mid-burst.
pub fn spread(
    addrs: &[String],
    count: usize,
    connections: usize,
    request: impl Fn(usize) -> Request + Sync,
    sent: &AtomicUsize,
) -> Outcome {
    let again = AtomicUsize::new(0);
    let started = Instant::now();
    let statuses: Vec<u16> = thread::scope(|scope| {
        let workers: Vec<_> = (0..connections)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    let mut open: Vec<Option<Connection>> =
                        addrs.iter().map(|a| Connection::open(a).ok()).collect();
                    loop {
                        let i = sent.fetch_add(1, Ordering::Relaxed);
                        if i >= count {
                            break mine;
                        }
                        let asked = request(i);
                        let mut status = 0;
                        for turn in 0..addrs.len() + TRIES_AFTER_GATEWAY_ERRORS {
                            if turn > 0 {
                                again.fetch_add(1, Ordering::Relaxed);
                            }
                            let at = (i + turn) % addrs.len();
                            if open[at].is_none() {
                                open[at] = Connection::open(&addrs[at]).ok();
                            }
                            let answer = open[at].as_mut().and_then(|c| c.request(&asked).ok());
                            match answer {
                                Some((answered, _)) => {
                                    status = answered;
                                    if !matches!(answered, 502..=504) {
                                        break;
                                    }
                                }
                                None => open[at] = None,
                            }
                        }
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
        sent_again: again.into_inner(),
    }
}

/// How many more times a request answered 502–504 is sent.
const TRIES_AFTER_GATEWAY_ERRORS: usize = 2;

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
    fn request(&mut self, asked: &Request) -> anyhow::Result<(u16, String)> {
        let Request {
            method, path, body, ..
        } = asked;
        let auth = asked
            .token
            .as_ref()
            .map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
        let key = asked
            .key
            .as_ref()
            .map_or(String::new(), |k| format!("Idempotency-Key: {k}\r\n"));
        write!(
            self.writer,
            "{method} {path} HTTP/1.1\r\nHost: bench\r\nAccept-Encoding: identity\r\n{auth}{key}\
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
    pub fn json(
        &self,
        method: &'static str,
        path: &str,
        body: &str,
    ) -> anyhow::Result<serde_json::Value> {
        let asked = Request::new(method, path, body).by(&self.token);
        let (status, text) = Connection::open(&self.addr)?.request(&asked)?;
        if !(200..300).contains(&status) {
            bail!("{method} {path}: {status} {text}");
        }
        Ok(serde_json::from_str(&text)?)
    }
}
