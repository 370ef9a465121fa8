//! Services: the rules, between the routes (HTTP) and the store (SQL).

pub mod auth;
pub mod bookings;
pub mod calendar;
pub mod challenges;
pub mod checkins;
pub mod idempotency;
pub mod organise;
pub mod photos;
pub mod products;
pub mod tickets;
pub mod visitor_ledger;
