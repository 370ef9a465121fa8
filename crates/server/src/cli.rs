//! The command line: `serve`, `migrate`, `seed-demo`. Every flag also reads an environment variable.

use std::{net::SocketAddr, path::PathBuf};

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use jishi_core::{auth::Role, lottery::draw::Check, Phone};

use crate::{
    clock::Clock,
    seed,
    services::{
        accounts,
        lottery::{self, Verification},
        wechat::WechatConfig,
    },
    sms::ConsoleSender,
    startup,
    state::AppState,
    store::{self, users},
};

/// Jishi (集市通) server: the API and the web app in one process.
#[derive(Debug, Parser)]
#[command(name = "jishi-server", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (migrates the database first).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate(DbArgs),
    /// Load the demo data into the database unless it was loaded before, and exit.
    SeedDemo(DbArgs),
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Print a new session token for the user with this phone (for operators and scripts).
    Token(TokenArgs),
    /// Run a lottery market's draw again from the database and say whether it agrees (一致).
    VerifyDraw(VerifyDrawArgs),
}

/// Options of `verify-draw`.
#[derive(Debug, Clone, Args)]
pub struct VerifyDrawArgs {
    /// The lottery market's id.
    #[arg(long)]
    pub market: String,
    #[command(flatten)]
    pub db: DbArgs,
}

/// `user …` subcommands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create the user if needed and grant a role (organisers need --unit).
    Add(UserAddArgs),
}

/// Options of `user add`.
#[derive(Debug, Clone, Args)]
pub struct UserAddArgs {
    /// Mainland mobile number.
    #[arg(long)]
    pub phone: String,
    /// stallholder, organiser or admin.
    #[arg(long)]
    pub role: String,
    /// The host unit id an organiser acts for (e.g. hu-jiangsengqiao).
    #[arg(long)]
    pub unit: Option<String>,
    #[command(flatten)]
    pub db: DbArgs,
}

/// Options of `token`.
#[derive(Debug, Clone, Args)]
pub struct TokenArgs {
    /// The user's mobile number.
    #[arg(long)]
    pub phone: String,
    #[command(flatten)]
    pub db: DbArgs,
}

/// Where the database is.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Database URL: `sqlite://path` (the file is created when missing) or
    /// `postgres://user:password@host:port/database` (the database must exist; several servers
    /// may share it).
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://jishi.db")]
    pub db: String,
}

/// Options of `serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "JISHI_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub db: DbArgs,
    /// The folder trunk built the web app into.
    #[arg(long, env = "JISHI_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Load the demo data at start when the database has none yet (never overwrites).
    #[arg(long, env = "JISHI_DEMO")]
    pub demo: bool,
    /// The origin phones reach the server by (`https://jishi.example.cn`): printed posters point
    /// there. Without it, the address listened on.
    #[arg(long, env = "JISHI_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Reverse proxies in front of the server, by IP address (comma-separated): only their
    /// `X-Forwarded-For` is believed.
    #[arg(
        long = "trusted-proxy",
        env = "JISHI_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Seconds a connection may wait for a request's headers (when it opens, and idle between
    /// requests) before it is closed.
    #[arg(long, env = "JISHI_IDLE_TIMEOUT", default_value_t = 20)]
    pub idle_timeout: u64,
    /// Seconds after which an SMS handed to the provider with no answer (the server died
    /// meanwhile) is taken for lost and handed over again under the same id.
    #[arg(long, env = "JISHI_OUTBOX_LOST_AFTER", default_value_t = 60)]
    pub outbox_lost_after: u64,
    #[command(flatten)]
    pub wechat: WechatArgs,
    /// Seconds between looks for lottery markets whose applications have closed, to draw them, and
    /// for free stalls to offer the waiting (those kept for priority households, once no longer kept).
    #[arg(long, env = "JISHI_DRAW_EVERY", default_value_t = 15)]
    pub draw_every: u64,
}

/// An official account's credentials, for WeChat's JS-SDK (share cards, its scanner); without
/// them the apps inside WeChat do without.
#[derive(Debug, Clone, Default, Args)]
pub struct WechatArgs {
    /// The official account's AppID.
    #[arg(long = "wechat-appid", env = "JISHI_WECHAT_APPID")]
    pub app_id: Option<String>,
    /// Its AppSecret.
    #[arg(
        long = "wechat-secret",
        env = "JISHI_WECHAT_SECRET",
        hide_env_values = true
    )]
    pub secret: Option<String>,
    /// WeChat's API (a local fake in tests).
    #[arg(
        long = "wechat-api",
        env = "JISHI_WECHAT_API",
        default_value = "https://api.weixin.qq.com"
    )]
    pub api: String,
}

impl WechatArgs {
    /// The configuration, when both credentials are given; one without the other is a mistake.
    pub fn config(&self) -> anyhow::Result<Option<WechatConfig>> {
        match (&self.app_id, &self.secret) {
            (None, None) => Ok(None),
            (Some(app_id), Some(secret)) if !app_id.is_empty() && !secret.is_empty() => {
                Ok(Some(WechatConfig {
                    app_id: app_id.clone(),
                    secret: secret.clone(),
                    api: self.api.clone(),
                }))
            }
            _ => anyhow::bail!("set both JISHI_WECHAT_APPID and JISHI_WECHAT_SECRET, or neither"),
        }
    }
}

/// Carries out one command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => {
            let app = startup::Application::build(&args).await?;
            let shutdown = shutdown_signal();
            tracing::info!("Jishi listening on http://{}", app.local_addr());
            app.run_until(shutdown).await
        }
        Command::Migrate(args) => {
            store::connect(&args.db).await?;
            tracing::info!("database at {} is up to date", store::shown(&args.db));
            Ok(())
        }
        Command::SeedDemo(args) => {
            let pool = store::connect(&args.db).await?;
            match seed::load_demo(&pool, Clock::system().now())
                .await
                .context("loading demo data")?
            {
                seed::Outcome::Loaded => {
                    tracing::info!("demo data loaded into {}", store::shown(&args.db))
                }
                seed::Outcome::AlreadyThere => {
                    tracing::info!(
                        "{} already has the demo data; left unchanged",
                        store::shown(&args.db)
                    )
                }
            }
            Ok(())
        }
        Command::User(UserCommand::Add(args)) => add_user(args).await,
        Command::VerifyDraw(args) => verify_draw(args).await,
        Command::Token(args) => {
            let state = offline_state(&args.db.db).await?;
            let phone = Phone::parse(&args.phone).map_err(|e| anyhow::anyhow!("--phone: {e}"))?;
            let user = users::find_by_phone(&state.db, &phone)
                .await?
                .with_context(|| {
                    format!(
                        "no user with phone {}; add one with `user add`",
                        phone.masked()
                    )
                })?;
            println!(
                "{}",
                accounts::new_session(&state.accounts(), &user.id).await?
            );
            Ok(())
        }
    }
}

/// `user add`: works on the same database file as a running server (WAL lets both write).
async fn add_user(args: UserAddArgs) -> anyhow::Result<()> {
    let phone = Phone::parse(&args.phone).map_err(|e| anyhow::anyhow!("--phone: {e}"))?;
    let role = Role::parse(&args.role).with_context(|| {
        format!(
            "--role {:?}: choose stallholder, organiser or admin",
            args.role
        )
    })?;
    let state = offline_state(&args.db.db).await?;
    let unit = match (role, args.unit.as_deref()) {
        (Role::Organiser, None) => anyhow::bail!("an organiser needs --unit <host unit id>"),
        (Role::Organiser, Some(unit)) => {
            anyhow::ensure!(
                users::host_unit_exists(&state.db, unit).await?,
                "no host unit with id {unit:?}"
            );
            Some(unit)
        }
        (_, Some(_)) => anyhow::bail!("--unit is only for organisers"),
        (_, None) => None,
    };
    let new_id = crate::ids::new_id("u");
    let user = users::find_or_create(&state.db, &phone, &new_id, state.clock.now()).await?;
    users::grant(&state.db, &user.id, role, unit).await?;
    println!("{}", user.id);
    tracing::info!(user = %user.id, phone = %phone.masked(), %role, unit = ?unit, "user ready");
    Ok(())
}

/// Prints what running market `args.market`'s draw again from the database finds; fails unless
/// it agrees.
async fn verify_draw(args: VerifyDrawArgs) -> anyhow::Result<()> {
    let db = store::connect(&args.db.db).await?;
    let found = lottery::verify(&db, &args.market)
        .await
        .map_err(|e| anyhow::anyhow!("market {}: {e}", args.market))?;
    match found {
        Verification::NotDrawn => {
            println!(
                "market {}: not drawn yet; only the commitment is published",
                args.market
            );
            Ok(())
        }
        Verification::Drawn {
            check,
            same_applications,
            applications,
        } => {
            println!(
                "market {}: {} applications in the database, {}",
                args.market,
                applications,
                if same_applications {
                    "the ones published"
                } else {
                    "NOT the ones published"
                }
            );
            match (check, same_applications) {
                (Check::Consistent, true) => {
                    println!("一致 consistent: the seed is the one committed to, and the draw gives the published result");
                    Ok(())
                }
                (Check::WrongSeed, _) => {
                    anyhow::bail!("不一致 inconsistent: the seed is not the one committed to")
                }
                _ => anyhow::bail!(
                    "不一致 inconsistent: the draw of the database's applications does not give the published result"
                ),
            }
        }
    }
}

/// The state the CLI's commands need, without a listener.
async fn offline_state(db: &str) -> anyhow::Result<AppState> {
    let db = store::connect(db).await?;
    let clock = Clock::system();
    Ok(AppState {
        signer: crate::services::signing::Signer::load(&db, clock.now()).await?,
        visitors: crate::services::visitor_ledger::VisitorLedger::start(db.clone()),
        challenges: crate::services::challenges::Challenges::load(&db).await?,
        reads: std::sync::Arc::new(crate::reads::Reads::new(db.clone(), clock.clone())),
        db,
        clock,
        sms: std::sync::Arc::new(ConsoleSender),
        index_html: std::sync::Arc::new("dist/index.html".into()),
        proxies: crate::proxy::Proxies::new(None, ([127, 0, 0, 1], 8080).into(), Vec::new())?,
        wechat: None,
    })
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish before the process exits.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    // Registered now, before the server says it is listening: a signal sent the moment after must
    // already be ours, not the default that kills the process mid-request.
    #[cfg(unix)]
    let streams = {
        use tokio::signal::unix::{signal, SignalKind};
        (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        )
    };
    async move {
        #[cfg(unix)]
        match streams {
            (Ok(mut terminate), Ok(mut interrupt)) => {
                tokio::select! {
                    _ = terminate.recv() => {},
                    _ = interrupt.recv() => {},
                }
            }
            (Err(error), _) | (_, Err(error)) => {
                tracing::error!("cannot listen for SIGTERM or Ctrl-C: {error}");
                std::future::pending::<()>().await;
            }
        }
        #[cfg(not(unix))]
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {error}");
            std::future::pending::<()>().await;
        }
        tracing::info!("shutting down: finishing requests in flight");
    }
}
