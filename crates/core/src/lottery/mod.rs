//! Stall lotteries (摇号): for a market whose stalls are given by lottery, stallholders apply during
//! the booking window, and at its close the server draws ([`draw`]): the winners are booked into
//! stalls of the zones they asked for where it can, the others wait in drawn order. The draw's
//! inputs and result are published ([`Draw`]) so anyone can check it.

pub mod draw;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub use draw::{Entry, Outcome};

/// How a market's stalls are given out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Allocation {
    /// The first to book a stall gets it (the booking window's usual way).
    #[default]
    FirstCome,
    /// Applications during the window, drawn at its close.
    Lottery,
}

impl Allocation {
    /// The allocation as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FirstCome => "first_come",
            Self::Lottery => "lottery",
        }
    }

    /// Reads a stored allocation.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::FirstCome, Self::Lottery]
            .into_iter()
            .find(|a| a.as_str() == text)
    }
}

/// The most zones an application may name, in order of preference.
pub const MAX_ZONES: usize = 3;

/// `POST /api/v1/markets/{id}/applications`: apply for a stall at a lottery market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationRequest {
    /// What they will sell.
    pub goods: String,
    /// Their car plate: needed to be given a car bay (后备箱).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plate: Option<String>,
    /// Up to three of the market's zones, the most wanted first; none: any.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 3))]
    pub zones: Vec<String>,
}

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    /// In the draw.
    Applied,
    /// Withdrawn before the draw.
    Cancelled,
    /// Drawn and booked into a stall (see its booking).
    Placed,
    /// Drawn onto the waitlist.
    Waiting,
}

impl ApplicationStatus {
    /// Every status.
    pub const ALL: [Self; 4] = [Self::Applied, Self::Cancelled, Self::Placed, Self::Waiting];

    /// The status as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Cancelled => "cancelled",
            Self::Placed => "placed",
            Self::Waiting => "waiting",
        }
    }

    /// Reads a stored status.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// An application, as its applicant sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Application {
    /// Opaque id: the one the published draw lists.
    pub id: String,
    /// The market.
    pub market_id: String,
    /// Where it stands.
    pub status: ApplicationStatus,
    /// What they will sell.
    pub goods: String,
    /// Their car plate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plate: Option<String>,
    /// The zones asked for, the most wanted first.
    pub zones: Vec<String>,
    /// When they applied, +08:00.
    #[serde(with = "time::serde::rfc3339")]
    pub applied_at: OffsetDateTime,
    /// The booking it won, once placed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_id: Option<String>,
    /// Waiting: where they stand in the market's line now, from 1 (it moves as others leave it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_in_line: Option<u32>,
}

/// `GET /api/v1/markets/{id}/draw`: a lottery market's draw as published. Before the draw, the
/// commitment alone; after it, everything needed to run it again ([`draw::check`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Draw {
    /// The market.
    pub market_id: String,
    /// The algorithm, [`draw::ALGORITHM`].
    pub algorithm: String,
    /// SHA-256 of the seed, hex: published before anyone could apply.
    pub commitment: String,
    /// When the draw is made: the close of applications, +08:00.
    #[serde(with = "time::serde::rfc3339")]
    pub draws_at: OffsetDateTime,
    /// Applications so far (before the draw) or drawn.
    pub applications: u32,
    /// Once drawn: when, and what anyone needs to check it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drawn: Option<Drawn>,
}

/// A draw's inputs and result, published when it is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Drawn {
    /// When it was drawn, +08:00.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The seed, 64 hex digits: its SHA-256 is the commitment.
    pub seed: String,
    /// The places drawn for (the stalls open at the draw).
    pub places: u32,
    /// How many of them were kept for priority households (帮扶户).
    pub reserved: u32,
    /// Every application in the draw, by id.
    pub entries: Vec<Entry>,
    /// Who was placed and who waits, in drawn order.
    pub outcome: Outcome,
}

impl Drawn {
    /// Runs the draw again from what was published and says whether it agrees (一致).
    pub fn check(&self, commitment: &str) -> draw::Check {
        let Some(seed) = draw::Seed::from_hex(&self.seed) else {
            return draw::Check::WrongSeed;
        };
        draw::check(
            commitment,
            &seed,
            &self.entries,
            self.places as usize,
            self.reserved as usize,
            &self.outcome,
        )
    }
}
