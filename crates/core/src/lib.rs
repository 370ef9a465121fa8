//! `jishi-core`: what the Jishi app and server must agree on.
//!
//! The same types are compiled into the wasm client and the axum server, so a field renamed on one
//! side is a compile error on the other rather than a bug in the field.
//!
//! Modules by noun: `market` (with its drafts, patches and series), `booking`, `checkin`,
//! `product`, `auth` (accounts: roles, codes, names), `field` (the fields of a form and why one is
//! refused), and the plumbing (`api`, `error_code`, `when`, `url`, `token`, `lang`…).
//!
//! One way to read what a person typed: `Type::parse(&str)`, trimming and checking. It gives an
//! `Option` when a text simply is or is not one (a plate, a kind, a month), and a `Result` with the
//! reason when the reason is told to someone (a phone number on the command line, a name too long).

pub mod api;
pub mod auth;
pub mod booking;
pub mod checkin;
pub mod error_code;
pub mod field;
pub mod household;
pub mod lang;
pub mod lottery;
pub mod market;
pub mod message;
pub mod monthly;
#[cfg(feature = "openapi")]
mod openapi;
pub mod phone;
pub mod plate;
pub mod prefs;
pub mod preload;
pub mod product;
pub mod report;
pub mod token;
pub mod url;
pub mod wechat;
pub mod when;

pub use error_code::ErrorCode;
pub use lang::Lang;
pub use phone::Phone;
