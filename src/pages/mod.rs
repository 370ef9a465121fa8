//! One file per route; each page owns its data.

pub mod account;
pub mod market;
pub mod markets;
pub mod me;
pub mod not_found;
pub mod products;
