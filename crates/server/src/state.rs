//! What every handler can reach: the store, the clock, the SMS sender, the ticket signer, the
//! visitors' ledger, the public origin, the picture challenges and WeChat. Built once by `startup`.

use crate::{
    clock::Clock,
    proxy::Proxies,
    services::{
        accounts::Accounts, bookings::Bookings, challenges::Challenges, checkins::Checkins,
        signing::Signer, visitor_ledger::VisitorLedger, wechat::Wechat,
    },
    sms, store,
};

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database pool.
    pub db: store::Db,
    /// The time the rules go by.
    pub clock: Clock,
    /// Where login codes go.
    pub sms: sms::Sms,
    /// The built app's `index.html` (shared market pages adapt it).
    pub index_html: std::sync::Arc<std::path::PathBuf>,
    /// Signs booking tickets.
    pub signer: Signer,
    /// Writes visitors' check-ins in batches.
    pub visitors: VisitorLedger,
    /// The public origin, and whose forwarded headers count.
    pub proxies: Proxies,
    /// Picture challenges: proof of a person for the last code sends of a day.
    pub challenges: Challenges,
    /// The public reads' kept answers.
    pub reads: std::sync::Arc<crate::reads::Reads>,
    /// WeChat's JS-SDK signer, when an official account is configured.
    pub wechat: Option<Wechat>,
}

/// What each service works with, taken from the state now: the services never see the state.
impl AppState {
    /// For the booking rules.
    pub fn bookings(&self) -> Bookings<'_> {
        Bookings {
            db: &self.db,
            signer: &self.signer,
            now: self.clock.now(),
        }
    }

    /// For the check-in rules.
    pub fn checkins(&self) -> Checkins<'_> {
        Checkins {
            db: &self.db,
            signer: &self.signer,
            visitors: &self.visitors,
            origin: self.proxies.origin(),
            now: self.clock.now(),
        }
    }

    /// For logging in and sessions.
    pub fn accounts(&self) -> Accounts<'_> {
        Accounts {
            db: &self.db,
            sms: &self.sms,
            challenges: &self.challenges,
            now: self.clock.now(),
        }
    }
}
