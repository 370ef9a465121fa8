//! The Jishi server: one process serves the JSON API under `/api/v1` and the web app from `dist/`.
//!
//! Layers, outside in: `routes` (extract, parse, call, map) -> `services` (rules) -> `store` (all SQL).
//! `startup` wires them into an axum router; `cli` is the command line.

pub mod calendar;
pub mod cli;
pub mod clock;
pub mod csp;
pub mod csv;
pub mod error;
pub mod extract;
pub mod ids;
pub mod openapi;
pub mod outbox;
pub mod pages;
pub mod proxy;
pub mod qr;
pub mod reads;
pub mod routes;
pub mod search;
pub mod seed;
pub mod serve;
pub mod services;
pub mod share_image;
pub mod sms;
pub mod startup;
pub mod state;
pub mod static_files;
pub mod store;
pub mod telemetry;
