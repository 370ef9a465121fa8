//! The HTTP/1.1 accept loop, with the limits that keep one client from taking the server down:
//! every connection times out when it sends no request (a half-sent header, an idle keep-alive),
//! no client address holds more than its share of connections, and the whole process never holds
//! more than its file-descriptor limit allows. A client over its share is closed at once, so
//! everyone else is still served.

use std::{
    collections::HashMap,
    future::Future,
    net::IpAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{extract::ConnectInfo, Router};
use hyper::body::Incoming;
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::GracefulShutdown,
    service::TowerToHyperService,
};
use tokio::{net::TcpListener, sync::Semaphore};
use tower::ServiceExt;

use crate::proxy::{counted_as, Proxies};

/// How many connections, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Connections open at once, all clients together.
    pub max_connections: usize,
    /// Connections open at once from one client address (a fair's carrier NAT is one address, so
    /// this is generous; trusted proxies are not limited).
    pub per_client: usize,
    /// How long a connection may wait for a request's headers to arrive: from when it opens, and
    /// again after each answer (the keep-alive idle time).
    pub idle: Duration,
    /// How long a request body may send nothing before the request fails.
    pub body_stall: Duration,
    /// How long in-flight requests get to finish when the server is asked to stop.
    pub drain: Duration,
}

impl ConnectionLimits {
    /// The limits for a process allowed `descriptors` open files: a reserve is kept for the
    /// database, the log and the files served.
    pub fn for_descriptors(descriptors: u64) -> Self {
        let usable = descriptors.saturating_sub(128).clamp(64, 50_000);
        let max_connections = usize::try_from(usable).unwrap_or(50_000);
        Self {
            max_connections,
            per_client: (max_connections / 4).clamp(16, 512),
            idle: Duration::from_secs(20),
            body_stall: Duration::from_secs(20),
            drain: Duration::from_secs(20),
        }
    }
}

/// Raises this process's soft limit on open files to its hard limit, and returns the limit in force.
pub fn raise_descriptor_limit() -> u64 {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => limit,
        Err(error) => {
            tracing::warn!(%error, "could not raise the open-file limit");
            rlimit::getrlimit(rlimit::Resource::NOFILE).map_or(1024, |(soft, _)| soft)
        }
    }
}

/// Open connections per client address.
#[derive(Debug, Default)]
struct PerClient(Mutex<HashMap<IpAddr, usize>>);

/// One client's place among the open connections; given back when the connection closes.
struct ClientSlot {
    clients: Arc<PerClient>,
    ip: IpAddr,
}

impl PerClient {
    fn take(self: &Arc<Self>, ip: IpAddr, limit: usize) -> Option<ClientSlot> {
        let mut open = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(ip).or_default();
        if *count >= limit {
            return None;
        }
        *count += 1;
        Some(ClientSlot {
            clients: self.clone(),
            ip,
        })
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut open = self.clients.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then lets requests in flight finish
/// (for at most `limits.drain`).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    proxies: Proxies,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let connections = Arc::new(Semaphore::new(limits.max_connections));
    let clients = Arc::new(PerClient::default());
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.idle)
        .max_buf_size(64 * 1024);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of descriptors, or a connection reset before it was taken: wait a moment
                // rather than spin, and go on.
                tracing::warn!(%error, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            tracing::warn!(%peer, "connection limit reached; closing");
            continue;
        };
        let ip = peer.ip().to_canonical();
        // A trusted proxy carries everyone behind it: it gets no share of its own.
        let slot = if proxies.is_trusted(ip) {
            None
        } else {
            match clients.take(counted_as(ip), limits.per_client) {
                Some(slot) => Some(slot),
                None => {
                    tracing::debug!(%peer, "too many connections from one address; closing");
                    continue;
                }
            }
        };
        let _ = stream.set_nodelay(true);
        let service =
            router
                .clone()
                .map_request(move |mut request: axum::http::Request<Incoming>| {
                    request.extensions_mut().insert(ConnectInfo(peer));
                    request
                });
        let connection =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%peer, %error, "connection ended");
            }
            drop((permit, slot));
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.drain, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still running after the drain time; stopping anyway");
    }
}
