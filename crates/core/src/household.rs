//! Priority households (帮扶户): the accounts a host unit's organisers mark as the households its
//! markets exist to help (扩中提低). A share of each market's stalls can be kept for them
//! (`BookingWindow::reserved_percent`). The mark is seen only by that unit's organisers and by the
//! person.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// A marked household, as the unit's organisers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriorityHousehold {
    /// The account.
    pub user_id: String,
    /// Their display name (may be empty).
    pub name: String,
    /// Their phone, to find them.
    pub phone: String,
    /// Their village, as they gave it.
    pub village: String,
    /// When it was marked, +08:00.
    #[serde(with = "time::serde::rfc3339")]
    pub marked_at: OffsetDateTime,
}

/// `POST /api/v1/host-units/{id}/households`: mark the account of this phone (made if new).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkRequest {
    /// A mainland mobile number.
    pub phone: String,
}
