//! Who is logged in. The token is kept on the phone so a reload stays logged in; so is the user as
//! last seen, so pages that need a login still open with no network (a ticket at the fair); the
//! user is fetched again at start. Provided once by `AppContext`, read with [`use_session`].

use jishi_core::api::User;
use leptos::prelude::*;

use crate::{api, storage};

/// localStorage key of the session token.
pub const TOKEN_KEY: &str = "jishi.session";
/// localStorage key of the user as last seen.
const USER_KEY: &str = "jishi.user";

fn keep_user(user: &User) {
    if let Ok(json) = serde_json::to_string(user) {
        storage::set(USER_KEY, &json);
    }
}

/// The session, as signals. `Copy`, so closures take it freely.
#[derive(Debug, Clone, Copy)]
pub struct SessionState {
    /// The logged-in user, once known; `None` when logged out or not yet loaded.
    pub user: RwSignal<Option<User>>,
    /// Whether a token is held (the user may still be loading).
    pub has_token: RwSignal<bool>,
    /// Set when the server refused the token, so the login form can say why.
    pub expired: RwSignal<bool>,
}

impl SessionState {
    /// Keeps a new session: the token on the phone and in the API client, the user in the signal.
    pub fn start(self, token: String, user: User) {
        storage::set(TOKEN_KEY, &token);
        api::set_token(Some(token));
        keep_user(&user);
        self.user.set(Some(user));
        self.has_token.set(true);
        self.expired.set(false);
    }

    /// The user changed (their profile, or fresh from the server): shown, and kept on the phone.
    pub fn set_user(self, user: User) {
        keep_user(&user);
        self.user.set(Some(user));
    }

    /// Forgets the session here (the server side is ended by `api::log_out`).
    pub fn end(self) {
        storage::remove(TOKEN_KEY);
        storage::remove(USER_KEY);
        api::set_token(None);
        self.user.set(None);
        self.has_token.set(false);
    }
}

/// Reads the stored token, provides the session, and loads the user when there is a token.
pub fn provide_session() -> SessionState {
    let token = storage::get(TOKEN_KEY);
    let kept = token
        .as_ref()
        .and_then(|_| storage::get(USER_KEY))
        .and_then(|json| serde_json::from_str::<User>(&json).ok());
    let session = SessionState {
        user: RwSignal::new(kept),
        has_token: RwSignal::new(token.is_some()),
        expired: RwSignal::new(false),
    };
    api::set_token(token.clone());
    api::on_unauthorized(move || {
        session.end();
        session.expired.set(true);
    });
    if token.is_some() {
        leptos::task::spawn_local(async move {
            // A refusal ends the session through the hook above; a network failure keeps the token
            // so the user is still logged in when the network returns.
            if let Ok(user) = api::me().await {
                session.set_user(user);
            }
        });
    }
    provide_context(session);
    session
}

/// The session `AppContext` provided.
pub fn use_session() -> SessionState {
    expect_context::<SessionState>()
}
