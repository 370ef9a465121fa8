//! The JSON bodies of API v1 (see DESIGN.md, "API v1").

use serde::{Deserialize, Serialize};

use crate::ErrorCode;

/// Every route of the API lives under this prefix.
pub const API_PREFIX: &str = "/api/v1";

/// `GET /api/v1/health`: the server answers and its database is reachable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// Always `"ok"` in a 200 answer.
    pub status: String,
    /// The server's package version.
    pub version: String,
}

/// The body of every error answer: `{"error": {"code": …, "message": …}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The inside of [`ErrorBody`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable, machine-readable code; clients branch on this.
    pub code: ErrorCode,
    /// Human text in the request's language; clients may show it as is.
    pub message: String,
}

/// Every list answer: `{"items": […]}`, so fields can be added beside `items` later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Items<T> {
    /// The entries, in the order the endpoint documents.
    pub items: Vec<T>,
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
