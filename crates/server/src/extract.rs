//! Extractors that give handlers the caller: their bearer token, their user, their address.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::{header, request::Parts},
};

use crate::{error::AppError, services::accounts, state::AppState, store::users::UserRecord};

/// The token of `Authorization: Bearer <token>`; 401 without one.
#[derive(Debug, Clone)]
pub struct BearerToken(pub String);

impl<S: Send + Sync> FromRequestParts<S> for BearerToken {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(|token| token.trim().to_owned())
            .filter(|token| !token.is_empty())
            .map(Self)
            .ok_or(AppError::Unauthorized)
    }
}

/// The logged-in caller; 401 `unauthorized` when the token is missing, unknown or expired.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub UserRecord);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let BearerToken(token) = BearerToken::from_request_parts(parts, state).await?;
        Ok(Self(
            accounts::authenticate(&state.accounts(), &token).await?,
        ))
    }
}

impl CurrentUser {
    /// Passes for an admin, or an organiser of `host_unit_id`; `forbidden` for anyone else.
    pub fn require_organiser_of(&self, host_unit_id: &str) -> Result<(), AppError> {
        if self.0.organises(host_unit_id) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// The client's IP address: the connection's, or the one a trusted proxy forwarded.
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let addr = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(
                || "unknown".to_owned(),
                |ConnectInfo(addr)| {
                    crate::proxy::counted_as(state.proxies.client_ip(addr.ip(), &parts.headers))
                        .to_string()
                },
            );
        Ok(Self(addr))
    }
}
