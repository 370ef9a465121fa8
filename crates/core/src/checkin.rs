//! Check-ins at the fair: visitors from the poster, stallholders' arrival scans (one at a time, or a
//! queued batch from a scanner that was offline), and the attendance an organiser watches.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime, Time};

use crate::{api::ErrorDetail, market::CHINA};

/// The most scans one batch may carry (a gate's morning offline is a few hundred).
pub const MAX_BATCH: usize = 500;

/// When a market's poster admits visitors: its whole day in China, and past midnight for a market
/// that runs late (a night market), with two hours' grace after the close.
pub fn poster_validity(starts_at: OffsetDateTime, ends_at: OffsetDateTime) -> (i64, i64) {
    let day = starts_at.to_offset(CHINA).date();
    let midnight = day.with_time(Time::MIDNIGHT).assume_offset(CHINA);
    // Saturating: a time near the calendar's end must not panic a public request.
    let next_midnight = midnight.saturating_add(Duration::days(1));
    let late = ends_at.saturating_add(Duration::hours(2));
    (
        midnight.unix_timestamp(),
        next_midnight.max(late).unix_timestamp(),
    )
}

/// Whether `text` can be a device id or a nonce: 16 to 64 letters, digits, `-` or `_` (a phone's
/// random id; nothing that identifies a person).
pub fn is_opaque_id(text: &str) -> bool {
    (16..=64).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A short code as typed (a ticket's at the gate, a poster's by a visitor) read as it is printed
/// and stored: capitals, no spaces.
pub fn typed_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

/// `POST /api/v1/checkins`: a visitor's phone, from the poster's URL (token) or its printed code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitorCheckin {
    /// The poster's signed token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Or the poster's short code, typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// A random id the phone keeps: one check-in per device per market.
    pub device_id: String,
    /// A random id of this attempt.
    pub nonce: String,
}

/// The answer to a visitor's check-in: 201 with `first` the first time, 200 without after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitorWelcome {
    /// Whether this visit was counted now.
    pub first: bool,
    /// The market.
    pub market_id: String,
    /// Its title, for the welcome.
    pub market_title: String,
    /// When this device was first checked in.
    #[serde(with = "time::serde::rfc3339")]
    pub first_at: OffsetDateTime,
    /// Visitors so far today.
    pub visitors: i64,
}

/// `POST /api/v1/checkins/stall`: a stallholder's ticket scanned (or its code typed) at the gate of
/// `market_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StallCheckin {
    /// The market the scanner is at.
    pub market_id: String,
    /// The ticket's signed token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Or the booking's short code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// A random id of this scan: the same scan sent again is answered as the first time.
    pub nonce: String,
    /// When the scan happened, for one queued while offline.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub scanned_at: Option<OffsetDateTime>,
}

/// A stallholder's arrival: 201 with `first` at the first scan, 200 without after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Arrival {
    /// Whether this scan recorded the arrival.
    pub first: bool,
    /// When they were first scanned in.
    #[serde(with = "time::serde::rfc3339")]
    pub first_at: OffsetDateTime,
    /// The booking.
    pub booking_id: String,
    /// Its stall, e.g. A03.
    pub stall_code: String,
    /// The stallholder's name, for the gate to greet.
    pub holder_name: String,
}

/// `POST /api/v1/checkins/batch`: an offline scanner's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckinBatch {
    /// The scans, oldest first.
    pub items: Vec<StallCheckin>,
}

/// One scan's answer in a batch: the status and body it would have had alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchAnswer {
    /// The scan's nonce.
    pub nonce: String,
    /// 201, 200, or the error's status.
    pub status: u16,
    /// The arrival, when recorded or already known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival: Option<Arrival>,
    /// Why not, otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorDetail>,
}

/// `GET /api/v1/markets/{id}/poster`: what the organiser prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Poster {
    /// The check-in URL, as the QR code holds it.
    pub url: String,
    /// The signed poster token in it.
    pub token: String,
    /// The short code visitors may type instead.
    pub code: String,
    /// The QR code of `url`, as SVG.
    pub qr_svg: String,
}

/// `GET /api/v1/checkin/keys`: the public keys that verify tickets and posters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckinKeys {
    /// Newest first.
    pub keys: Vec<PublishedKey>,
}

/// One public key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedKey {
    /// Its id, as tokens name it.
    pub kid: String,
    /// Always `Ed25519`.
    pub alg: String,
    /// The 32 bytes, base64url.
    pub public_key: String,
}

/// Visitors in one hour of the market's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HourCount {
    /// 0–23, China time.
    pub hour: u8,
    /// Visitors first checked in during that hour.
    pub visitors: i64,
}

/// `GET /api/v1/markets/{id}/stats`: the live counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attendance {
    /// Visitors checked in.
    pub visitors: i64,
    /// Stalls booked and confirmed (no-shows included).
    pub booked: i64,
    /// Stallholders scanned in.
    pub arrived: i64,
    /// Marked as not come, or, once the market has closed, confirmed and never scanned.
    pub no_shows: i64,
    /// Visitors by hour, over the market's hours (and any hour with visitors).
    pub by_hour: Vec<HourCount>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_poster_admits_the_whole_china_day_of_its_market() {
        let (nbf, exp) = poster_validity(
            datetime!(2026-12-05 08:00 +8),
            datetime!(2026-12-05 12:00 +8),
        );
        assert_eq!(nbf, datetime!(2026-12-05 00:00 +8).unix_timestamp());
        assert_eq!(exp, datetime!(2026-12-06 00:00 +8).unix_timestamp());
    }

    #[test]
    fn a_night_market_poster_lasts_past_midnight() {
        let (_, exp) = poster_validity(
            datetime!(2026-12-05 18:00 +8),
            datetime!(2026-12-05 23:30 +8),
        );
        assert_eq!(exp, datetime!(2026-12-06 01:30 +8).unix_timestamp());
    }

    #[test]
    fn typed_codes_are_read_as_printed() {
        assert_eq!(typed_code(" 7pe hxd "), "7PEHXD");
    }

    #[test]
    fn opaque_ids_are_plain_and_long_enough() {
        assert!(is_opaque_id("d-3f9a0c1b2e4d5f60"));
        assert!(!is_opaque_id("short"));
        assert!(!is_opaque_id("has space in it 123"));
        assert!(!is_opaque_id(&"x".repeat(65)));
    }
}
