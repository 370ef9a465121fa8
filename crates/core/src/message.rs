//! Messages: what a stallholder is told by SMS (a booking approved, a market cancelled, tomorrow's
//! reminder…), how far each has got, what each person wants to be told, and the ready notices an
//! organiser copies into a WeChat group.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::Lang;

/// What a message tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// A pending booking was approved.
    Approved,
    /// A booking was rejected, with the organiser's reason.
    Rejected,
    /// A waiting stallholder was given a stall that came free.
    Offered,
    /// The market was cancelled, with the reason.
    Cancelled,
    /// The market was postponed, with the reason and the new day.
    Postponed,
    /// The day before: the stall, the time and the ticket.
    Reminder,
    /// Marked absent, and how to appeal.
    NoShow,
    /// Drawn in a stall lottery: the stall, the time and the place.
    Drawn,
    /// Not drawn in a stall lottery: the place in line for a stall that comes free.
    Waitlisted,
}

impl MessageKind {
    /// Every kind.
    pub const ALL: [Self; 9] = [
        Self::Approved,
        Self::Rejected,
        Self::Offered,
        Self::Cancelled,
        Self::Postponed,
        Self::Reminder,
        Self::NoShow,
        Self::Drawn,
        Self::Waitlisted,
    ];

    /// The kind as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Offered => "offered",
            Self::Cancelled => "cancelled",
            Self::Postponed => "postponed",
            Self::Reminder => "reminder",
            Self::NoShow => "no_show",
            Self::Drawn => "drawn",
            Self::Waitlisted => "waitlisted",
        }
    }

    /// Reads a stored kind.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// Whether a person may choose not to get it (the rest tell of a change to their own booking).
    pub fn is_optional(self) -> bool {
        self == Self::Reminder
    }

    /// Whether it goes out even past the host unit's monthly limit: a stallholder must not load
    /// the van for a market that will not be held.
    pub fn goes_past_the_limit(self) -> bool {
        self == Self::Cancelled
    }
}

/// How far a message has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageStatus {
    /// Waiting for its time (quiet hours, a retry) or for the sender.
    Queued,
    /// Handed to the SMS provider; if the server stopped meanwhile, it is handed again under the
    /// same id, which the provider counts once.
    Sending,
    /// The provider took it for delivery.
    Sent,
    /// The provider's receipt says it reached the phone.
    Delivered,
    /// The provider's receipt says it did not reach the phone (the reason is the message's error).
    Undelivered,
    /// Every try failed; the organisers see why.
    Failed,
    /// Not sent: the host unit's monthly limit was reached.
    OverLimit,
}

impl MessageStatus {
    /// Every status.
    pub const ALL: [Self; 7] = [
        Self::Queued,
        Self::Sending,
        Self::Sent,
        Self::Delivered,
        Self::Undelivered,
        Self::Failed,
        Self::OverLimit,
    ];

    /// The status as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Undelivered => "undelivered",
            Self::Failed => "failed",
            Self::OverLimit => "over_limit",
        }
    }

    /// Reads a stored status.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// One message as its recipient and the market's organisers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    /// Opaque id; the SMS provider gets it too, so a message handed over twice counts once.
    pub id: String,
    /// The booking it tells of; none for a lottery's place in line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_id: Option<String>,
    /// What it tells.
    pub kind: MessageKind,
    /// How far it has got.
    pub status: MessageStatus,
    /// The words sent.
    pub text: String,
    /// When it was written, +08:00.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When the provider took it, +08:00.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub sent_at: Option<OffsetDateTime>,
    /// Tries so far.
    pub attempts: u32,
    /// Why the last try failed (for organisers), or empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub error: String,
}

/// `GET`/`PUT /api/v1/me/settings`: what a person wants to be told, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageSettings {
    /// The reminder the day before a market.
    pub reminders: bool,
    /// No SMS from 21:00 to 8:00 China time (a cancellation of that morning's market still goes).
    pub quiet_hours: bool,
    /// The language of their messages.
    pub lang: Lang,
}

impl Default for MessageSettings {
    fn default() -> Self {
        Self {
            reminders: true,
            quiet_hours: true,
            lang: Lang::ZhCn,
        }
    }
}

/// What a ready notice for a WeChat group tells of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// A new market: when, where, and when booking opens.
    New,
    /// Booking is open (or opens soon).
    BookingOpen,
    /// Stalls are still free.
    StallsFree,
    /// The market is cancelled.
    Cancelled,
    /// The market is postponed.
    Postponed,
}

/// A ready notice: a few lines to paste into a WeChat group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    /// What it tells of.
    pub kind: NoticeKind,
    /// The text, with the market's link.
    pub text: String,
}

/// How many messages a host unit sent in a month, by market, against its limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageUsage {
    /// The host unit.
    pub host_unit_id: String,
    /// The month, `YYYY-MM` in China.
    pub month: String,
    /// Messages sent (or being sent) this month.
    pub sent: u32,
    /// Messages held back this month because the limit was reached.
    pub over_limit: u32,
    /// The monthly limit: past it only cancellations go out.
    pub limit: u32,
    /// Per market, the busiest first.
    pub markets: Vec<MarketUsage>,
}

/// `PUT /api/v1/host-units/{id}/messages/limit`: a host unit's monthly limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LimitRequest {
    /// Messages a month; past it only cancellations go out.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000000))]
    pub limit: u32,
}

impl LimitRequest {
    /// The most a host unit may set: a limit is there to stop a runaway bill.
    pub const MAX: u32 = 1_000_000;
}

/// One market's share of a month's messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarketUsage {
    /// The market.
    pub market_id: String,
    /// Its title.
    pub title: String,
    /// Messages sent (or being sent).
    pub sent: u32,
}
