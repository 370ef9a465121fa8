//! HTTP tests: a real server on port 0 with a fresh database (a SQLite file, or a PostgreSQL database
//! when `JISHI_TEST_POSTGRES` names a server) and a small built app per test.

mod auth;
mod bookings;
mod checkins;
mod cli;
mod connections;
mod errors;
mod health;
mod helpers;
mod households;
mod instances;
mod lottery;
mod markets;
mod me;
mod messages;
mod organise;
mod outbox;
mod pages;
mod products;
mod race;
mod reads;
mod reports;
mod sms;
mod stalls;
mod static_files;
mod store;
mod wechat;
