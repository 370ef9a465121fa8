//! Stall bookings, as stallholders ask for them and the API answers.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::market::MarketStatus;

/// Where a booking stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Waiting for the organiser (markets that need approval).
    Pending,
    /// The stall is the stallholder's; the ticket admits them.
    Confirmed,
    /// The organiser said no (with a reason).
    Rejected,
    /// The stallholder withdrew.
    Cancelled,
    /// Confirmed, but they did not come.
    NoShow,
}

impl BookingStatus {
    /// Every status.
    pub const ALL: [Self; 5] = [
        Self::Pending,
        Self::Confirmed,
        Self::Rejected,
        Self::Cancelled,
        Self::NoShow,
    ];

    /// The status as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Confirmed => "confirmed",
            Self::Rejected => "rejected",
            Self::Cancelled => "cancelled",
            Self::NoShow => "no_show",
        }
    }

    /// Reads a stored status.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether the booking holds its stall.
    pub fn holds_stall(self) -> bool {
        matches!(self, Self::Pending | Self::Confirmed)
    }
}

/// `POST /api/v1/markets/{id}/bookings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingRequest {
    /// The stall wanted.
    pub stall_id: String,
    /// What they will sell, e.g. 自家种的青菜、萝卜.
    pub goods: String,
    /// The car plate, required for a car bay (后备箱).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plate: Option<String>,
}

/// A booking as its owner and the market's organisers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Booking {
    /// Opaque id.
    pub id: String,
    /// The market.
    pub market_id: String,
    /// The market's title.
    pub market_title: String,
    /// When the market opens, +08:00.
    #[serde(with = "time::serde::rfc3339")]
    pub starts_at: OffsetDateTime,
    /// When it closes, +08:00.
    #[serde(with = "time::serde::rfc3339")]
    pub ends_at: OffsetDateTime,
    /// The stall.
    pub stall_id: String,
    /// Its code, e.g. A03.
    pub stall_code: String,
    /// Its zone, e.g. A区 农产品.
    pub zone: String,
    /// Where it stands.
    pub status: BookingStatus,
    /// A short code to type in at the gate when the QR code cannot be scanned.
    pub code: String,
    /// The signed ticket (present while confirmed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// The ticket as a QR code, SVG markup (in answers about one booking, not in lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_qr: Option<String>,
    /// What they sell.
    pub goods: String,
    /// The car plate, for a car bay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plate: Option<String>,
    /// Why it was rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Whether its market goes ahead: a cancelled market's ticket admits no one.
    #[serde(default = "MarketStatus::scheduled")]
    pub market_status: MarketStatus,
    /// Why the market was cancelled or postponed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market_status_reason: Option<String>,
    /// Until when the stallholder may cancel, +08:00.
    #[serde(with = "time::serde::rfc3339")]
    pub cancel_until: OffsetDateTime,
    /// Who holds it: shown to the market's organisers only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<Holder>,
    /// When the stallholder was first scanned in at the gate.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub arrived_at: Option<OffsetDateTime>,
}

/// The stallholder of a booking, as the market's organisers see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Holder {
    /// Their display name (may be empty).
    pub name: String,
    /// Their phone, to call them.
    pub phone: String,
    /// Booked for them by an organiser (代办).
    pub on_behalf: bool,
}

/// What an organiser decides on a booking; each is its own call, `POST /api/v1/bookings/{id}/…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Pending → confirmed (`…/approve`).
    Approve,
    /// Pending or confirmed → rejected, with a reason for the stallholder (`…/reject`).
    Reject(RejectRequest),
    /// Confirmed → no-show, once the market has opened (`…/no-show`).
    NoShow,
}

impl Decision {
    /// The call's last path segment.
    pub fn path_segment(&self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Reject(_) => "reject",
            Self::NoShow => "no-show",
        }
    }
}

/// `POST /api/v1/bookings/{id}/reject`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectRequest {
    /// Shown to the stallholder.
    pub reason: String,
}

impl RejectRequest {
    /// The trimmed reason: one line of 1–200 characters.
    pub fn reason(&self) -> Result<String, crate::field::Problem> {
        crate::field::one_line(crate::field::Field::Reason, &self.reason, 200)
    }
}

/// `POST /api/v1/markets/{id}/bookings/on-behalf`: an organiser books for someone without a
/// smartphone (代办); confirmed at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnBehalfRequest {
    /// The stall.
    pub stall_id: String,
    /// What they sell.
    pub goods: String,
    /// Their car plate, for a car bay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plate: Option<String>,
    /// Their name, e.g. 王阿婆.
    pub name: String,
    /// Their phone (a plain mobile is enough), to find or create their account.
    pub phone: String,
}

/// `POST /api/v1/markets/{id}/waitlist`: wait for a stall at a full market. The first in line gets
/// the next stall that comes free (a car bay only with a plate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitlistRequest {
    /// What they would sell.
    pub goods: String,
    /// Their car plate, to be offered car bays too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plate: Option<String>,
}

/// A place in a market's waitlist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitlistPlace {
    /// The market.
    pub market_id: String,
    /// 1 for the first in line.
    pub position: i64,
}
