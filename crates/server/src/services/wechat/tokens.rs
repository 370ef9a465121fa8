//! The access_token and jsapi_ticket, each kept until shortly before it expires: in memory for
//! this server, and in the database for all of them. However many requests find one stale, one
//! refresh is in flight: in this server the refresh lock queues them, and across servers the one
//! whose update takes the row's `refreshing_until` asks WeChat while the others wait for its
//! answer (or keep using the old one while WeChat still takes it).

use std::{future::Future, sync::Mutex, time::Duration};

use crate::{
    clock::Clock,
    store::{wechat_tokens, wechat_tokens::Saved, Db},
};

use super::{api::Issued, WechatError};

/// Refreshed when less than this is left (seconds); an old one is still used meanwhile, and WeChat
/// takes an old access_token for five minutes after a new one is issued.
const REFRESH_BEFORE: i64 = 600;

/// Seconds a server may take to refresh before another one may try instead (it died mid-way).
const REFRESH_TAKES: i64 = 30;

/// How long a request waits for another server's refresh, and how often it looks.
const WAIT_FOR_OTHERS: Duration = Duration::from_secs(10);
const LOOK_EVERY: Duration = Duration::from_millis(100);

/// One kind of token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    AccessToken,
    JsapiTicket,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::AccessToken => "access_token",
            Kind::JsapiTicket => "jsapi_ticket",
        }
    }
}

/// One kind of token for one official account, as this server holds it.
#[derive(Debug)]
pub struct Token {
    kind: Kind,
    app_id: String,
    held: Mutex<Option<Saved>>,
    refresh: tokio::sync::Mutex<()>,
}

impl Token {
    pub fn new(kind: Kind, app_id: &str) -> Self {
        Self {
            kind,
            app_id: app_id.to_owned(),
            held: Mutex::new(None),
            refresh: tokio::sync::Mutex::new(()),
        }
    }

    /// The token: held, saved by any server, or issued anew by `issue` (called by at most one
    /// request at a time across the servers).
    pub async fn get<F, Fut>(&self, db: &Db, clock: &Clock, issue: F) -> Result<String, WechatError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Issued, WechatError>>,
    {
        if let Some(value) = self.held_fresh(clock.now()) {
            return Ok(value);
        }
        let _refreshing = self.refresh.lock().await;
        // Whoever held the lock before may have refreshed it.
        if let Some(value) = self.held_fresh(clock.now()) {
            return Ok(value);
        }
        let kind = self.kind.as_str();
        let mut issue = Some(issue);
        let waiting_since = tokio::time::Instant::now();
        loop {
            let now = clock.now();
            let saved = wechat_tokens::get(db, &self.app_id, kind).await?;
            if let Some(saved) = saved.clone().filter(|s| fresh(s, now)) {
                return Ok(self.hold(saved));
            }
            let seen_expires_at = saved.as_ref().map_or(0, |s| s.expires_at);
            let taken = wechat_tokens::take_refresh(
                db,
                &self.app_id,
                kind,
                seen_expires_at,
                now,
                now + REFRESH_TAKES,
            )
            .await?;
            let still_valid = saved.filter(|s| s.expires_at > now + 60).map(|s| s.value);
            if let Some(issue) = issue.take_if(|_| taken) {
                return match (self.refresh(db, now, issue).await, still_valid) {
                    (Ok(value), _) => Ok(value),
                    // WeChat failed to refresh one that still works: use it, and try again later.
                    (Err(error), Some(value)) => {
                        tracing::warn!(%error, kind, "WeChat token not refreshed");
                        Ok(value)
                    }
                    (Err(error), None) => Err(error),
                };
            }
            // Another server is refreshing: the old one still works while it does.
            if let Some(value) = still_valid {
                return Ok(value);
            }
            if waiting_since.elapsed() > WAIT_FOR_OTHERS {
                return Err(WechatError::Refused(
                    "another server's refresh did not finish".into(),
                ));
            }
            tokio::time::sleep(LOOK_EVERY).await;
        }
    }

    /// Forgets `value` after WeChat refused it as no longer valid, here and for every server.
    pub async fn expire(&self, db: &Db, value: &str) -> Result<(), WechatError> {
        {
            let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
            if held.as_ref().is_some_and(|h| h.value == value) {
                *held = None;
            }
        }
        wechat_tokens::expire(db, &self.app_id, self.kind.as_str(), value).await?;
        Ok(())
    }

    async fn refresh<Fut>(
        &self,
        db: &Db,
        now: i64,
        issue: impl FnOnce() -> Fut,
    ) -> Result<String, WechatError>
    where
        Fut: Future<Output = Result<Issued, WechatError>>,
    {
        let kind = self.kind.as_str();
        match issue().await {
            Ok(issued) => {
                let saved = Saved {
                    value: issued.value,
                    expires_at: now + issued.expires_in,
                };
                wechat_tokens::save(db, &self.app_id, kind, &saved).await?;
                tracing::info!(
                    kind,
                    expires_at = saved.expires_at,
                    "WeChat token refreshed"
                );
                Ok(self.hold(saved))
            }
            Err(error) => {
                wechat_tokens::give_up_refresh(db, &self.app_id, kind).await?;
                Err(error)
            }
        }
    }

    fn held_fresh(&self, now: i64) -> Option<String> {
        let held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        held.as_ref()
            .filter(|h| fresh(h, now))
            .map(|h| h.value.clone())
    }

    fn hold(&self, saved: Saved) -> String {
        let value = saved.value.clone();
        *self.held.lock().unwrap_or_else(|e| e.into_inner()) = Some(saved);
        value
    }
}

/// Whether a token is worth using without refreshing it first.
fn fresh(saved: &Saved, now: i64) -> bool {
    !saved.value.is_empty() && saved.expires_at - now > REFRESH_BEFORE
}

#[cfg(test)]
mod tests {
    use std::sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    };

    use super::*;
    use crate::services::testing::store_with_units;

    /// Issues `token-1`, `token-2`… living `lives` seconds, slowly enough that requests pile up.
    #[derive(Clone, Default)]
    struct Issuer(Arc<AtomicUsize>);

    impl Issuer {
        async fn issue(&self, lives: i64) -> Result<Issued, WechatError> {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
            Ok(Issued {
                value: format!("token-{n}"),
                expires_in: lives,
            })
        }

        fn issued(&self) -> usize {
            self.0.load(Ordering::SeqCst)
        }
    }

    #[tokio::test]
    async fn many_requests_at_once_share_one_refresh_and_then_the_held_token() {
        let (_dir, db) = store_with_units().await;
        let clock = Clock::manual(1_800_000_000);
        let token = Arc::new(Token::new(Kind::AccessToken, "wx-app"));
        let issuer = Issuer::default();
        let gets = (0..20).map(|_| {
            let (token, db, clock, issuer) =
                (token.clone(), db.clone(), clock.clone(), issuer.clone());
            tokio::spawn(async move { token.get(&db, &clock, || issuer.issue(7200)).await })
        });
        for got in futures_join(gets).await {
            assert_eq!(got.unwrap(), "token-1");
        }
        assert_eq!(issuer.issued(), 1);

        // Held until shortly before it expires, then refreshed once.
        clock.advance(7200 - REFRESH_BEFORE - 1);
        assert_eq!(
            token.get(&db, &clock, || issuer.issue(7200)).await.unwrap(),
            "token-1"
        );
        clock.advance(2);
        assert_eq!(
            token.get(&db, &clock, || issuer.issue(7200)).await.unwrap(),
            "token-2"
        );
        assert_eq!(issuer.issued(), 2);
    }

    #[tokio::test]
    async fn servers_on_one_database_share_the_token_and_a_stale_one_is_refreshed_once() {
        let (_dir, db) = store_with_units().await;
        let clock = Clock::manual(1_800_000_000);
        let (first, second) = (
            Token::new(Kind::JsapiTicket, "wx-app"),
            Token::new(Kind::JsapiTicket, "wx-app"),
        );
        let issuer = Issuer::default();
        let (a, b) = tokio::join!(
            first.get(&db, &clock, || issuer.issue(7200)),
            second.get(&db, &clock, || issuer.issue(7200)),
        );
        assert_eq!(
            (a.unwrap(), b.unwrap()),
            ("token-1".into(), "token-1".into())
        );
        assert_eq!(
            issuer.issued(),
            1,
            "the second server read what the first saved"
        );

        // WeChat called it stale: both servers get the one new one.
        second.expire(&db, "token-1").await.unwrap();
        first.expire(&db, "token-1").await.unwrap();
        assert_eq!(
            first.get(&db, &clock, || issuer.issue(7200)).await.unwrap(),
            "token-2"
        );
        assert_eq!(
            second
                .get(&db, &clock, || issuer.issue(7200))
                .await
                .unwrap(),
            "token-2"
        );
        assert_eq!(issuer.issued(), 2);

        // A token of another official account is not shared.
        let other = Token::new(Kind::JsapiTicket, "wx-other");
        assert_eq!(
            other.get(&db, &clock, || issuer.issue(7200)).await.unwrap(),
            "token-3"
        );
    }

    #[tokio::test]
    async fn a_failed_refresh_keeps_a_token_that_still_works_and_lets_the_next_request_try() {
        let (_dir, db) = store_with_units().await;
        let clock = Clock::manual(1_800_000_000);
        let token = Token::new(Kind::AccessToken, "wx-app");
        let issuer = Issuer::default();
        let refused = || async { Err(WechatError::Refused("45009 api freq out of limit".into())) };
        assert!(matches!(
            token.get(&db, &clock, refused).await,
            Err(WechatError::Refused(_))
        ));
        assert_eq!(
            token.get(&db, &clock, || issuer.issue(7200)).await.unwrap(),
            "token-1"
        );

        clock.advance(7200 - 100);
        assert_eq!(token.get(&db, &clock, refused).await.unwrap(), "token-1");
        assert_eq!(
            token.get(&db, &clock, || issuer.issue(7200)).await.unwrap(),
            "token-2"
        );
    }

    async fn futures_join<T>(handles: impl Iterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
        let mut all = Vec::new();
        for handle in handles {
            all.push(handle.await.expect("the task ran"));
        }
        all
    }
}
