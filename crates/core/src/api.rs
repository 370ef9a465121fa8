//! The JSON bodies of API v1 (see DESIGN.md, "API v1").

use serde::{Deserialize, Serialize};

use crate::{auth::Role, ErrorCode};

/// Every route of the API lives under this prefix.
pub const API_PREFIX: &str = "/api/v1";

/// `GET /api/v1/health`: the server answers and its database is reachable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always `"ok"` in a 200 answer.
    pub status: String,
    /// The server's package version.
    pub version: String,
}

/// The body of every error answer: `{"error": {"code": …, "message": …}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The inside of [`ErrorBody`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Stable, machine-readable code; clients branch on this.
    pub code: ErrorCode,
    /// Human text in the request's language; clients may show it as is.
    pub message: String,
    /// The request's field that was refused, as the JSON names it (`title`, `venue.address`…),
    /// where one field is to blame.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// With `wrong_code`: how many more wrong tries the code takes from this device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tries_left: Option<u32>,
}

/// Every list answer: `{"items": […]}`, so fields can be added beside `items` later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Items<T> {
    /// The entries, in the order the endpoint documents.
    pub items: Vec<T>,
}

/// `POST /api/v1/auth/otp`: send a one-time code to this phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OtpRequest {
    /// As typed; the server parses it (`invalid_phone` when it is not a mainland mobile number).
    pub phone: String,
    /// The answer to a picture challenge, when the server asked for one (`challenge_required`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<ChallengeAnswer>,
}

/// `POST /api/v1/auth/challenge`'s 201: a picture of digits for a person to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Challenge {
    /// Sent back with the answer.
    pub token: String,
    /// The picture, as a `data:image/png;base64,…` URL.
    pub image: String,
    /// Seconds the challenge may be answered in.
    pub expires_in_secs: i64,
}

/// What a person read in a [`Challenge`]'s picture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChallengeAnswer {
    /// The challenge's token.
    pub token: String,
    /// The digits as typed.
    pub answer: String,
}

/// The 202 answer to [`OtpRequest`]: when a new code may be asked for, and how long this one lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OtpSent {
    /// Seconds until the app may offer "resend".
    pub resend_after_secs: i64,
    /// Seconds the code stays valid.
    pub expires_in_secs: i64,
}

/// `POST /api/v1/auth/session`: log in with the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionRequest {
    /// The phone the code was sent to.
    pub phone: String,
    /// The six digits.
    pub code: String,
}

/// The 200 answer to [`SessionRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    /// Sent back as `Authorization: Bearer <token>`; shown only this once.
    pub token: String,
    /// Who logged in.
    pub user: User,
}

/// A user as they see themselves (`GET /api/v1/me`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    /// Opaque id.
    pub id: String,
    /// Display name; empty until the user sets one.
    pub name: String,
    /// Their phone, masked (`138****8000`).
    pub phone: String,
    /// Their village or community; empty until set.
    pub village: String,
    /// Always `stallholder`, plus `organiser` and `admin` where granted.
    pub roles: Vec<Role>,
    /// The host units (组织单位) this user organises.
    pub host_units: Vec<HostUnitRef>,
    /// The host units that count this user as a priority household (帮扶户): seen only by the
    /// person (and the units' organisers, on their own lists).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub priority_of: Vec<HostUnitRef>,
}

/// A host unit named in another answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HostUnitRef {
    /// Opaque id.
    pub id: String,
    /// Its name, e.g. 蒋僧桥村 (a client sending a reference may leave it out).
    #[serde(default)]
    pub name: String,
}

/// `PATCH /api/v1/me`: fields left out stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateMe {
    /// New display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New village.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub village: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_has_the_contract_shape() {
        let body = ErrorBody {
            error: ErrorDetail {
                code: ErrorCode::NotFound,
                message: "找不到".into(),
                field: None,
                tries_left: None,
            },
        };
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"error": {"code": "not_found", "message": "找不到"}})
        );
    }

    #[test]
    fn items_wrap_lists() {
        let json = serde_json::to_string(&Items { items: vec![1, 2] }).unwrap();
        assert_eq!(json, r#"{"items":[1,2]}"#);
    }
}

/// The paths (under [`API_PREFIX`]) of the public reads, written once for the app that calls them
/// and for the server that answers them ahead, in a page ([`crate::preload`]).
pub mod path {
    use time::Date;

    use crate::{monthly::YearMonth, url::encode};

    /// `/markets?from=&to=`: markets between two China dates (from today when `from` is `None`,
    /// without end when `to` is).
    pub fn markets(from: Option<Date>, to: Option<Date>) -> String {
        let params: Vec<String> = [("from", from), ("to", to)]
            .into_iter()
            .filter_map(|(key, day)| day.map(|day| format!("{key}={day}")))
            .collect();
        match params.is_empty() {
            true => "/markets".to_owned(),
            false => format!("/markets?{}", params.join("&")),
        }
    }

    /// The markets of the schedule: from today on, or those of one month.
    pub fn schedule(month: Option<YearMonth>) -> String {
        match month {
            None => markets(None, None),
            Some(month) => markets(
                Some(month.first_day()),
                month.next().first_day().previous_day(),
            ),
        }
    }

    /// `/reports?from=&to=&unit=` (`.csv` for the table): one period's report, of one host unit
    /// or of every unit the asker organises.
    pub fn report(period: crate::report::Period, unit: Option<&str>, csv: bool) -> String {
        let unit = unit
            .map(|unit| format!("&unit={}", encode(unit, "")))
            .unwrap_or_default();
        let file = if csv { ".csv" } else { "" };
        format!(
            "/reports{file}?from={}&to={}{unit}",
            period.from(),
            period.to()
        )
    }

    /// `/markets/{id}`.
    pub fn market(id: &str) -> String {
        format!("/markets/{}", encode(id, ""))
    }

    /// `/products?…`, with the query string as written (`?q=…`, or empty for all).
    pub fn products(query: &str) -> String {
        format!("/products{query}")
    }

    /// `/products/{id}`.
    pub fn product(id: &str) -> String {
        format!("/products/{}", encode(id, ""))
    }

    /// `/workshops/{id}`.
    pub fn workshop(id: &str) -> String {
        format!("/workshops/{}", encode(id, ""))
    }
}
