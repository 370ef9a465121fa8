//! Services: the rules, between the routes (HTTP) and the store (SQL).

pub mod accounts;
pub mod bookings;
pub mod challenges;
pub mod checkins;
pub mod households;
pub mod idempotency;
pub mod lottery;
pub mod markets;
pub mod messages;
pub mod photos;
pub mod products;
pub mod reports;
pub mod signing;
pub mod stalls;
#[cfg(test)]
pub(crate) mod testing;
pub mod visitor_ledger;
pub mod wechat;
