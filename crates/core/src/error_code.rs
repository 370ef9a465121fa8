//! The error codes of API v1: the `code` field of every error body.

use serde::{Deserialize, Serialize};

/// A stable, snake_case reason for a failed request.
///
/// Clients branch on these, never on the message. A code this build does not know (a newer server)
/// reads as [`ErrorCode::Unknown`] instead of failing to decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not valid JSON, or not the shape the call takes.
    InvalidJson,
    /// The request is malformed in some other way (a bad query string, say).
    BadRequest,
    /// No such route or resource (also used for resources the caller may not see).
    NotFound,
    /// The route exists but not with this method.
    MethodNotAllowed,
    /// The body is larger than the call accepts.
    PayloadTooLarge,
    /// The body is not of a content type the call accepts.
    UnsupportedMediaType,
    /// The phone number is not a mainland mobile number.
    InvalidPhone,
    /// A field failed its rules (a blank or over-long name, say).
    InvalidInput,
    /// A date is not `YYYY-MM-DD`, or the range is backwards, or it is in the past where it may not be.
    InvalidDate,
    /// An uploaded file is not an image the server can read (JPEG, PNG, WebP).
    InvalidImage,
    /// An uploaded picture has more pixels than a phone photo (over 50 megapixels).
    ImageTooLarge,
    /// Too many requests; the `Retry-After` header says when to try again.
    RateLimited,
    /// The one-time code is expired, used, or dead after too many tries: ask for a new one.
    BadCode,
    /// The one-time code is not the one sent, but it may be typed again: `error.tries_left` says
    /// how many more wrong tries this device has before it must wait for a new code.
    WrongCode,
    /// This code request needs a person's answer to a picture challenge first.
    ChallengeRequired,
    /// The picture challenge was answered wrongly, or is used or expired: ask for a new one.
    BadChallenge,
    /// No valid session: log in (again).
    Unauthorized,
    /// Logged in, but this is not yours to do.
    Forbidden,
    /// The stall is held by someone else (or closed).
    StallTaken,
    /// The person already holds as many stalls at this market as it allows.
    AlreadyBooked,
    /// The person has applied at this lottery market already.
    AlreadyApplied,
    /// The stalls left are kept for the host unit's priority households (帮扶户) for now.
    KeptForHouseholds,
    /// Booking is not open (not yet, no longer, or the market is cancelled).
    BookingClosed,
    /// A car bay needs a car plate.
    PlateRequired,
    /// Too late to cancel: the market is about to open.
    CancelClosed,
    /// The booking is not in a state that allows this (approving a cancelled one, say).
    WrongStatus,
    /// A check-in token or code is forged, altered, malformed or unknown.
    BadToken,
    /// Check-in is not open: not the market's day, or the market is cancelled.
    NotOpen,
    /// The ticket is for another market than the one being scanned at.
    WrongMarket,
    /// The ticket's booking is not confirmed (cancelled, rejected, or still pending).
    NotConfirmed,
    /// An `Idempotency-Key` (or a scan's nonce) already answered a different request.
    KeyReused,
    /// The server failed; details are in its log, never in the answer.
    Internal,
    /// A dependency (the database) is down; try again later.
    Unavailable,
    /// Sent by a newer server; treat as a generic failure.
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    /// Every code, for tables and tests that must cover them all.
    pub const ALL: [ErrorCode; 34] = [
        ErrorCode::InvalidPhone,
        ErrorCode::InvalidInput,
        ErrorCode::InvalidDate,
        ErrorCode::InvalidImage,
        ErrorCode::ImageTooLarge,
        ErrorCode::RateLimited,
        ErrorCode::BadCode,
        ErrorCode::WrongCode,
        ErrorCode::ChallengeRequired,
        ErrorCode::BadChallenge,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::InvalidJson,
        ErrorCode::BadRequest,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::StallTaken,
        ErrorCode::AlreadyBooked,
        ErrorCode::AlreadyApplied,
        ErrorCode::KeptForHouseholds,
        ErrorCode::BookingClosed,
        ErrorCode::PlateRequired,
        ErrorCode::CancelClosed,
        ErrorCode::WrongStatus,
        ErrorCode::BadToken,
        ErrorCode::NotOpen,
        ErrorCode::WrongMarket,
        ErrorCode::NotConfirmed,
        ErrorCode::KeyReused,
        ErrorCode::Internal,
        ErrorCode::Unavailable,
        ErrorCode::Unknown,
    ];

    /// The code as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidJson => "invalid_json",
            Self::BadRequest => "bad_request",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::InvalidPhone => "invalid_phone",
            Self::InvalidInput => "invalid_input",
            Self::InvalidDate => "invalid_date",
            Self::InvalidImage => "invalid_image",
            Self::ImageTooLarge => "image_too_large",
            Self::RateLimited => "rate_limited",
            Self::BadCode => "bad_code",
            Self::WrongCode => "wrong_code",
            Self::ChallengeRequired => "challenge_required",
            Self::BadChallenge => "bad_challenge",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::StallTaken => "stall_taken",
            Self::AlreadyBooked => "already_booked",
            Self::AlreadyApplied => "already_applied",
            Self::KeptForHouseholds => "kept_for_households",
            Self::BookingClosed => "booking_closed",
            Self::PlateRequired => "plate_required",
            Self::CancelClosed => "cancel_closed",
            Self::WrongStatus => "wrong_status",
            Self::BadToken => "bad_token",
            Self::NotOpen => "not_open",
            Self::WrongMarket => "wrong_market",
            Self::NotConfirmed => "not_confirmed",
            Self::KeyReused => "key_reused",
            Self::Internal => "internal",
            Self::Unavailable => "unavailable",
            Self::Unknown => "unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_str_matches_serde() {
        for code in ErrorCode::ALL {
            let wire = serde_json::to_value(code).unwrap();
            assert_eq!(wire, serde_json::Value::from(code.as_str()), "{code:?}");
        }
    }

    #[test]
    fn unknown_codes_from_a_newer_server_still_decode() {
        let code: ErrorCode = serde_json::from_str(r#""stall_on_fire""#).unwrap();
        assert_eq!(code, ErrorCode::Unknown);
    }
}
