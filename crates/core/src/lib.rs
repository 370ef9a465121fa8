//! `jishi-core`: what the Jishi app and server must agree on.
//!
//! The same types are compiled into the wasm client and the axum server, so a field renamed on one
//! side is a compile error on the other rather than a bug in the field.

pub mod api;
pub mod auth;
pub mod booking;
pub mod checkin;
pub mod error_code;
pub mod field;
pub mod lang;
pub mod market;
pub mod monthly;
#[cfg(feature = "openapi")]
mod openapi;
pub mod phone;
pub mod plate;
pub mod prefs;
pub mod preload;
pub mod product;
pub mod token;
pub mod url;
pub mod when;

pub use error_code::ErrorCode;
pub use lang::Lang;
pub use phone::Phone;
