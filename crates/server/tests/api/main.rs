//! HTTP tests: a real server on port 0 with a fresh SQLite file and a small built app per test.

mod auth;
mod bookings;
mod checkins;
mod cli;
mod connections;
mod errors;
mod health;
mod helpers;
mod markets;
mod me;
mod organise;
mod pages;
mod products;
mod race;
mod sms;
mod stalls;
mod static_files;
mod store;
