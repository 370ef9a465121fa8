//! Servers side by side on one database, tried from outside with release builds:
//!
//! - [`two_instances`] (a step of `cargo xtask test`): two servers on one PostgreSQL; 1,000
//!   stallholders race for 100 stalls through both, then 5,000 visitors check in through nginx with
//!   the project's `deploy/nginx/jishi.conf` in front of both; in each, one server is killed with
//!   `kill -9` halfway and started again after. Nothing confirmed is lost, nothing is doubled.
//! - [`bench`] (`cargo xtask bench-scale`): bookings and check-ins per second on SQLite with one
//!   server, and on PostgreSQL with one and with two, in one run.
//!
//! Stallholders' accounts and sessions are written straight into the database (login limits are
//! the HTTP suite's business); everything measured goes through the API.

use std::{
    io::Write,
    process::Stdio,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Mutex,
    },
    thread,
    time::Duration,
};

use anyhow::{bail, ensure, Context};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::{
    build,
    load::{self, Request},
    nginx::Nginx,
    paths,
    postgres::{Durability, Postgres},
    release_server::{self, ReleaseServer},
    sh,
};

const ADDRS: [&str; 2] = ["127.0.0.1:18301", "127.0.0.1:18302"];
/// nginx in front of both, with `deploy/nginx/jishi.conf`.
const NGINX: &str = "127.0.0.1:18300";
const ADMIN: &str = "13600136990";
const ORGANISER: &str = "13900139990";
/// The demo's market on the day it is loaded (see the server's seed), where visitors check in.
const TODAYS_MARKET: &str = "m-jinliang-farmers";
const IN_FLIGHT: usize = 64;
/// nginx's address is believed for `X-Forwarded-For`, as the deployment notes say.
const TRUST_NGINX: &[&str] = &["--trusted-proxy", "127.0.0.1"];

/// The two-instance run: fails unless every rule held.
pub fn two_instances() -> anyhow::Result<()> {
    let postgres = Postgres::start(Durability::Throwaway)?;
    let mut site = Site::on_postgres(&postgres, "scale-test", 2)?;
    const STALLS: usize = 100;
    const PEOPLE: usize = 1_000;
    const VISITORS: usize = 5_000;

    let market = site.market_with_stalls("冬至大集", STALLS)?;
    let tokens = site.stallholders("race", PEOPLE)?;
    // Ten people want each stall; the first hundred also try a second stall at once.
    let attempts: Vec<(usize, usize)> = (0..PEOPLE)
        .map(|person| (person, person % STALLS))
        .chain((0..STALLS).map(|person| (person, (person + STALLS / 2) % STALLS)))
        .collect();
    // The second server is killed halfway through the race and started again after it: a phone
    // whose booking got no answer sends it again, with its key, to the other one.
    let race = with_second_killed_halfway(&mut site, attempts.len(), |sent, addrs| {
        load::spread(
            addrs,
            attempts.len(),
            IN_FLIGHT,
            |i| {
                let (person, stall) = attempts[i];
                booking(&market, &stall_code(stall), &tokens[person])
                    .keyed(format!("race-{person:04}-{stall:03}"))
            },
            sent,
        )
    })?;
    println!("  race: {}", race.row());
    ensure!(
        race.count(201) == STALLS && race.count(201) + race.count(409) == attempts.len(),
        "the race was not {STALLS} bookings and the rest refused: {}",
        race.row()
    );
    let (held, distinct, most) = site.holdings(&market)?;
    ensure!(
        (held, distinct, most) == (STALLS as i64, STALLS as i64, 1),
        "{held} bookings on {distinct} stalls, at most {most} per person"
    );

    // Visitors through nginx in front of both; again the second server is killed halfway.
    let _nginx = Nginx::start("scale-nginx", &nginx_site()?, NGINX)?;
    let poster = site.poster_token()?;
    let crowd = with_second_killed_halfway(&mut site, VISITORS, |sent, _| {
        load::spread(
            &[NGINX.to_owned()],
            VISITORS,
            IN_FLIGHT,
            |i| checkin(&poster, i),
            sent,
        )
    })?;
    println!("  check-ins: {}", crowd.row());
    ensure!(
        crowd.count(201) == VISITORS,
        "not every check-in was answered as a first visit: {}",
        crowd.row()
    );
    for server in &site.servers {
        let stats = site.admin_on(&server.addr).json(
            "GET",
            &format!("/api/v1/markets/{TODAYS_MARKET}/stats"),
            "",
        )?;
        ensure!(
            stats["visitors"] == VISITORS,
            "{} counts {} visitors of {VISITORS}",
            server.addr,
            stats["visitors"]
        );
    }
    ensure!(
        site.holdings(&market)? == (STALLS as i64, STALLS as i64, 1),
        "bookings changed after the kills"
    );
    println!("  every booking and check-in is there, counted once, on both servers");
    drop(site);
    drop(postgres);
    Ok(())
}

/// `cargo xtask bench-scale`: the same load on each set-up, one after another, in one run.
pub fn bench() -> anyhow::Result<()> {
    build::build_server()?;
    const MARKETS: usize = 4;
    const STALLS: usize = 500;
    const VISITORS: usize = 5_000;
    const WARM_UP: usize = 300;
    println!("\nCommand: cargo xtask bench-scale\n");
    let mut rows = Vec::new();
    let postgres = Postgres::start(Durability::AsDeployed)?;
    for (name, servers) in [("SQLite", 1), ("PostgreSQL", 1), ("PostgreSQL", 2)] {
        let site = if name == "SQLite" {
            Site::on_sqlite("scale-bench-sqlite")?
        } else {
            Site::on_postgres(&postgres, &format!("scale-bench-{servers}"), servers)?
        };
        let markets: Vec<String> = (0..MARKETS)
            .map(|n| site.market_with_stalls(&format!("压测集市{n}"), STALLS))
            .collect::<anyhow::Result<_>>()?;
        let people = MARKETS * STALLS;
        let tokens = site.stallholders("bench", people)?;
        let poster = site.poster_token()?;
        // Untimed first: fresh servers (empty pools, cold caches), and a database whose tables
        // PostgreSQL has not analysed yet.
        let warm_market = site.market_with_stalls("预热集市", WARM_UP)?;
        let warm_tokens = site.stallholders("warm", WARM_UP)?;
        load::spread(
            &site.addrs(),
            WARM_UP,
            IN_FLIGHT,
            |i| booking(&warm_market, &stall_code(i), &warm_tokens[i]),
            &AtomicUsize::new(0),
        );
        load::spread(
            &site.addrs(),
            WARM_UP,
            IN_FLIGHT,
            |i| checkin(&poster, VISITORS + i),
            &AtomicUsize::new(0),
        );
        // What autovacuum does within a minute or so of a table filling: planned on an empty
        // table's statistics, counting a market's free stalls scanned every booking of the
        // market for each stall (10 ms a booking instead of 1), four times slower in all.
        if let Feeder::Psql(_) = site.feeder {
            site.feed("ANALYZE;")?;
        }
        // Everyone gets a stall: person i takes stall i / MARKETS of market i % MARKETS.
        let bookings = load::spread(
            &site.addrs(),
            people,
            IN_FLIGHT,
            |i| booking(&markets[i % MARKETS], &stall_code(i / MARKETS), &tokens[i]),
            &AtomicUsize::new(0),
        );
        let checkins = load::spread(
            &site.addrs(),
            VISITORS,
            IN_FLIGHT,
            |i| checkin(&poster, i),
            &AtomicUsize::new(0),
        );
        ensure!(
            bookings.count(201) == people && checkins.count(201) == VISITORS,
            "{name}: not every request succeeded: {} / {}",
            bookings.row(),
            checkins.row()
        );
        rows.push((format!("{name}, {servers} server(s)"), bookings, checkins));
    }
    println!(
        "{} bookings ({MARKETS} markets × {STALLS} stalls, one stallholder each) and {VISITORS} \
         visitor check-ins, {IN_FLIGHT} connections at once, spread evenly over the servers.\n",
        MARKETS * STALLS
    );
    println!("| set-up | bookings/s | check-ins/s | bookings: seconds, per second, answers | check-ins: seconds, per second, answers |");
    println!("|---|---:|---:|---|---|");
    for (name, bookings, checkins) in &rows {
        println!(
            "| {name} | {:.0} | {:.0} | {} | {} |",
            bookings.per_second(),
            checkins.per_second(),
            bookings.row().replace(" | ", ", "),
            checkins.row().replace(" | ", ", ")
        );
    }
    Ok(())
}

/// Servers on one database, with the accounts the runs use.
struct Site {
    db: String,
    dir: std::path::PathBuf,
    servers: Vec<ReleaseServer>,
    feeder: Feeder,
    admin: String,
    organiser: String,
}

/// How rows are written straight into the database.
enum Feeder {
    /// `psql` on the cluster's URL.
    Psql(String),
    /// Python's `sqlite3` on the file.
    Sqlite(String),
}

impl Site {
    fn on_postgres(postgres: &Postgres, name: &str, servers: usize) -> anyhow::Result<Self> {
        let database = name.replace('-', "_");
        postgres.create_database(&database)?;
        let db = postgres.url(&database);
        let dir = release_server::fresh_dir(name)?;
        Self::start(&db, dir, servers, Feeder::Psql(db.clone()))
    }

    fn on_sqlite(name: &str) -> anyhow::Result<Self> {
        let dir = release_server::fresh_dir(name)?;
        let file = dir.join("jishi.db").display().to_string();
        Self::start(&format!("sqlite://{file}"), dir, 1, Feeder::Sqlite(file))
    }

    fn start(
        db: &str,
        dir: std::path::PathBuf,
        servers: usize,
        feeder: Feeder,
    ) -> anyhow::Result<Self> {
        release_server::seed(db)?;
        let servers = ADDRS[..servers]
            .iter()
            .map(|addr| ReleaseServer::serve(db, &dir, addr, TRUST_NGINX))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let admin = servers[0].token_for(ADMIN, "admin", None)?;
        let organiser = servers[0].token_for(ORGANISER, "organiser", Some("hu-jinliang"))?;
        Ok(Self {
            db: db.to_owned(),
            dir,
            servers,
            feeder,
            admin,
            organiser,
        })
    }

    fn addrs(&self) -> Vec<String> {
        self.servers.iter().map(|s| s.addr.clone()).collect()
    }

    fn admin_on(&self, addr: &str) -> load::Client {
        load::Client::new(addr, &self.admin)
    }

    /// A market opening in three weeks whose booking is open now, with `stalls` booths
    /// `A000`, `A001`…
    fn market_with_stalls(&self, title: &str, stalls: usize) -> anyhow::Result<String> {
        let day = |offset: &str| {
            sh::output(
                sh::cmd("date")
                    .env("TZ", "Asia/Shanghai")
                    .args(["-d", offset, "+%F"]),
            )
            .context("date")
        };
        let (opens, closes, held) = (day("-1 day")?, day("+20 days")?, day("+21 days")?);
        let admin = self.admin_on(&self.servers[0].addr);
        let market = admin.json(
            "POST",
            "/api/v1/markets",
            &json!({
                "title": title,
                "kind": "produce_fair",
                "starts_at": format!("{held}T08:00:00+08:00"),
                "ends_at": format!("{held}T12:00:00+08:00"),
                "host_unit": {"id": "hu-jinliang"},
                "venue": {"name": "金良社区稻香果园停车场", "town": "新桥镇", "village": "金良社区",
                          "address": "台州市路桥区新桥镇金良社区二嫂乡苑北侧"},
                "booking": {"opens_at": format!("{opens}T08:00:00+08:00"),
                            "closes_at": format!("{closes}T18:00:00+08:00"), "approval": "auto"},
                "goods": "年货",
                "contact": {"name": "王社长", "phone": "0576-8238 2002"}
            })
            .to_string(),
        )?;
        let id = market["id"].as_str().context("no market id")?.to_owned();
        let items: Vec<_> = (0..stalls)
            .map(|n| json!({"code": stall_code(n), "zone": "A区", "kind": "booth", "fee_fen": 0}))
            .collect();
        admin.json(
            "PUT",
            &format!("/api/v1/markets/{id}/stalls"),
            &json!({ "items": items }).to_string(),
        )?;
        Ok(id)
    }

    /// `count` stallholders with a session each; their bearer tokens.
    fn stallholders(&self, tag: &str, count: usize) -> anyhow::Result<Vec<String>> {
        let mut sql = String::from("BEGIN;\n");
        let mut tokens = Vec::with_capacity(count);
        for n in 0..count {
            let user = format!("u_{tag}_{n}");
            let token = format!("{tag}-token-{n:05}-abcdefghijklmnop");
            let hash: String = Sha256::digest(token.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            sql.push_str(&format!(
                "INSERT INTO users (id, phone, created_at) VALUES ('{user}', '135{:08}', 0);\n\
                 INSERT INTO sessions (token_hash, user_id, created_at, expires_at) \
                 VALUES ('{hash}', '{user}', 0, 9999999999);\n",
                n + tag.len() * 100_000
            ));
            tokens.push(token);
        }
        sql.push_str("COMMIT;\n");
        self.feed(&sql)?;
        Ok(tokens)
    }

    /// The poster token visitors scan at today's market.
    fn poster_token(&self) -> anyhow::Result<String> {
        let poster = load::Client::new(&self.servers[0].addr, &self.organiser).json(
            "GET",
            &format!("/api/v1/markets/{TODAYS_MARKET}/poster"),
            "",
        )?;
        Ok(poster["token"]
            .as_str()
            .context("no poster token")?
            .to_owned())
    }

    /// Bookings holding a stall at `market`, the stalls they hold, and the most one person holds.
    fn holdings(&self, market: &str) -> anyhow::Result<(i64, i64, i64)> {
        let Feeder::Psql(url) = &self.feeder else {
            bail!("holdings are read with psql");
        };
        let out = sh::output(sh::cmd("psql").args([
            url.as_str(),
            "-At",
            "-F",
            " ",
            "-c",
            &format!(
                "SELECT count(*), count(DISTINCT stall_id),
                        (SELECT max(n) FROM (SELECT count(*) AS n FROM bookings WHERE market_id = '{market}'
                                             AND status IN ('pending', 'confirmed') GROUP BY user_id) AS per_person)
                 FROM bookings WHERE market_id = '{market}' AND status IN ('pending', 'confirmed')"
            ),
        ]))
        .context("psql")?;
        let numbers: Vec<i64> = out
            .split_whitespace()
            .map(|n| n.parse().unwrap_or(-1))
            .collect();
        match numbers[..] {
            [held, distinct, most] => Ok((held, distinct, most)),
            _ => bail!("psql printed {out:?}"),
        }
    }

    fn feed(&self, sql: &str) -> anyhow::Result<()> {
        let mut command = match &self.feeder {
            Feeder::Psql(url) => {
                let mut psql = sh::cmd("psql");
                psql.args([url.as_str(), "-q", "-v", "ON_ERROR_STOP=1"]);
                psql
            }
            Feeder::Sqlite(file) => {
                let mut python = sh::cmd("python3");
                python.args([
                    "-c",
                    "import sqlite3, sys\n\
                     db = sqlite3.connect(sys.argv[1], isolation_level=None)\n\
                     db.execute('PRAGMA busy_timeout = 15000')\n\
                     db.executescript(sys.stdin.read())",
                    file,
                ]);
                python
            }
        };
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .context("starting the feeder")?;
        child
            .stdin
            .take()
            .context("the feeder's stdin")?
            .write_all(sql.as_bytes())?;
        ensure!(child.wait()?.success(), "writing rows failed");
        Ok(())
    }
}

/// Runs `burst` (given the counter of requests sent and the servers' addresses) while a watcher
/// kills the last server with `kill -9` once half of `count` are sent; starts it again after.
fn with_second_killed_halfway(
    site: &mut Site,
    count: usize,
    burst: impl FnOnce(&AtomicUsize, &[String]) -> load::Outcome,
) -> anyhow::Result<load::Outcome> {
    let addrs = site.addrs();
    let sent = AtomicUsize::new(0);
    let second = Mutex::new(site.servers.pop().context("two servers")?);
    let outcome = thread::scope(|scope| {
        scope.spawn(|| {
            while sent.load(Ordering::Relaxed) < count / 2 {
                thread::sleep(Duration::from_millis(1));
            }
            if let Ok(mut server) = second.lock() {
                server.kill();
                println!("  killed the server on {} (kill -9) halfway", server.addr);
            }
        });
        burst(&sent, &addrs)
    });
    let addr = second
        .into_inner()
        .map_err(|_| anyhow::anyhow!("lock"))?
        .addr
        .clone();
    site.servers.push(ReleaseServer::serve(
        &site.db,
        &site.dir,
        &addr,
        TRUST_NGINX,
    )?);
    Ok(outcome)
}

/// `deploy/nginx/jishi.conf` with this run's ports.
fn nginx_site() -> anyhow::Result<String> {
    let site = std::fs::read_to_string(paths::root().join("deploy/nginx/jishi.conf"))?;
    let ours = site
        .replace("127.0.0.1:8081", ADDRS[0])
        .replace("127.0.0.1:8082", ADDRS[1])
        .replace("listen 8080;", &format!("listen {NGINX};"));
    ensure!(
        ours.matches(ADDRS[0]).count() == 1 && ours.contains(NGINX),
        "deploy/nginx/jishi.conf no longer names 127.0.0.1:8081, :8082 and listen 8080"
    );
    Ok(ours)
}

fn stall_code(n: usize) -> String {
    format!("A{n:03}")
}

fn booking(market: &str, stall: &str, token: &str) -> Request {
    // The stall's id is the market's and its code (the store's rule for laid-out stalls).
    let body = json!({"stall_id": format!("{market}-{stall}"), "goods": "年货"});
    Request::new(
        "POST",
        format!("/api/v1/markets/{market}/bookings"),
        body.to_string(),
    )
    .by(token)
}

fn checkin(poster: &str, i: usize) -> Request {
    let body = json!({
        "token": poster,
        "device_id": format!("scale-device-{i:08}"),
        "nonce": format!("scale-nonce-{i:08}"),
    });
    Request::new("POST", "/api/v1/checkins", body.to_string())
}
