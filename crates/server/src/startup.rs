//! Builds the application: database, router, listener; and runs it until asked to stop.

use std::{future::Future, net::SocketAddr, path::Path, time::Duration};

use anyhow::Context;
use axum::{
    http::{header, HeaderValue},
    middleware, Router,
};
use tokio::net::TcpListener;
use tower_http::{
    compression::CompressionLayer,
    set_header::SetResponseHeaderLayer,
    timeout::RequestBodyTimeoutLayer,
    trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer},
};

use crate::{
    cli::ServeArgs,
    clock::Clock,
    csp, error, openapi, pages,
    proxy::Proxies,
    routes, seed,
    serve::{self, ConnectionLimits},
    services::{
        challenges::Challenges, signing::Signer, visitor_ledger::VisitorLedger, wechat::Wechat,
    },
    sms,
    state::AppState,
    static_files, store,
};

/// A bound, ready server; `run_until` starts answering.
#[derive(Debug)]
pub struct Application {
    listener: TcpListener,
    router: Router,
    db: store::Db,
    limits: ConnectionLimits,
    proxies: Proxies,
}

impl Application {
    /// Opens and migrates the database, loads demo data when asked, and binds the address; real
    /// clock, and the SMS sender that `JISHI_SMS` names.
    pub async fn build(args: &ServeArgs) -> anyhow::Result<Self> {
        Self::build_with(args, Clock::system(), sms::from_env()?).await
    }

    /// As [`Application::build`], with the clock and SMS sender given (tests set both).
    pub async fn build_with(args: &ServeArgs, clock: Clock, sms: sms::Sms) -> anyhow::Result<Self> {
        let db = store::connect(&args.db.db)
            .await
            .with_context(|| format!("opening the database {}", store::shown(&args.db.db)))?;
        if args.demo {
            let outcome = seed::load_demo(&db, clock.now())
                .await
                .context("loading demo data")?;
            tracing::info!(?outcome, "demo data");
        }
        if !args.dist.join("index.html").is_file() {
            tracing::warn!(dist = %args.dist.display(), "no built web app here; the API still answers");
        }
        let listener = TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("listening on {}", args.addr))?;
        let proxies = Proxies::new(
            args.public_url.as_deref(),
            listener.local_addr()?,
            args.trusted_proxies.clone(),
        )?;
        if args.public_url.is_none() {
            tracing::warn!(
                origin = proxies.origin(),
                "no --public-url: posters point at the address listened on"
            );
        }
        let signer = Signer::load(&db, clock.now())
            .await
            .context("loading the ticket signing key")?;
        let state = AppState {
            db: db.clone(),
            sms,
            index_html: std::sync::Arc::new(args.dist.join("index.html")),
            signer,
            visitors: VisitorLedger::start(db.clone()),
            proxies: proxies.clone(),
            challenges: Challenges::load(&db)
                .await
                .context("loading the challenge secret")?,
            reads: std::sync::Arc::new(crate::reads::Reads::new(db.clone(), clock.clone())),
            wechat: args
                .wechat
                .config()?
                .map(|config| Wechat::new(&config, db.clone(), clock.clone())),
            clock,
        };
        crate::outbox::start(crate::outbox::Outbox {
            db: db.clone(),
            sms: state.sms.clone(),
            clock: state.clock.clone(),
            origin: proxies.origin().to_owned(),
            lost_after: i64::try_from(args.outbox_lost_after.max(1)).unwrap_or(i64::MAX),
        });
        let every = Duration::from_secs(args.draw_every.max(1));
        crate::services::lottery::start_drawer(db.clone(), state.clock.clone(), every);
        crate::services::bookings::start_offering(db.clone(), state.clock.clone(), every);
        let limits = ConnectionLimits {
            idle: Duration::from_secs(args.idle_timeout.max(1)),
            ..ConnectionLimits::for_descriptors(serve::raise_descriptor_limit())
        };
        tracing::info!(?limits, "connection limits");
        let router =
            router(state, &args.dist).layer(RequestBodyTimeoutLayer::new(limits.body_stall));
        Ok(Self {
            listener,
            router,
            db,
            limits,
            proxies,
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound TCP listener has a local address")
    }

    /// Serves until `shutdown` resolves, lets requests in flight finish, then closes the database.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        serve::serve(
            self.listener,
            self.router,
            self.limits,
            self.proxies,
            shutdown,
        )
        .await;
        self.db.close().await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// The whole HTTP surface: the API under `/api`, the web app everywhere else.
pub fn router(state: AppState, dist: &Path) -> Router {
    let wechat = state.wechat.is_some();
    let (v1, contract) = routes::v1().split_for_parts();
    let contract = openapi::complete(contract);
    let v1 = v1.route(
        "/openapi.json",
        axum::routing::get(move || std::future::ready(contract.clone())),
    );
    let api = Router::new()
        .nest("/v1", v1)
        .fallback(error::api_not_found)
        .layer(middleware::from_fn(error::render_error_bodies))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    Router::new()
        // `nest` leaves `/api/` itself to the app's fallback; it is an API path like any other.
        .route_service("/api/", api.clone().with_state(state.clone()))
        .merge(pages::router(api.clone().with_state(state.clone())))
        .nest("/api", api)
        .merge(routes::media())
        .merge(static_files::router(dist.to_path_buf(), wechat))
        .with_state(state.clone())
        // Already-compressed answers (precompressed assets) pass through untouched.
        .layer(CompressionLayer::new())
        // Pages set their own policy (with their inline scripts' hashes); everything else gets
        // the strict one, and no answer may be framed, also for browsers before CSP 2.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(csp::BASE),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(middleware::from_fn_with_state(
            state.reads,
            crate::reads::from_memory,
        ))
        .layer(middleware::from_fn_with_state(wechat, csp::wechat_pages))
        // One line per request at info: enough to follow a user's report, cheap enough to keep on.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(tracing::Level::INFO))
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
}
