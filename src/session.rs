//! Who is logged in. The token is kept on the phone so a reload stays logged in; the user is fetched
//! again at start. Provided once by `AppContext`, read with [`use_session`].

use jishi_core::api::User;
use leptos::prelude::*;

use crate::{api, storage};

/// localStorage key of the session token.
pub const TOKEN_KEY: &str = "jishi.session";

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
        self.user.set(Some(user));
        self.has_token.set(true);
        self.expired.set(false);
    }

    /// Forgets the session here (the server side is ended by `api::log_out`).
    pub fn end(self) {
        storage::remove(TOKEN_KEY);
        api::set_token(None);
        self.user.set(None);
        self.has_token.set(false);
    }
}

/// Reads the stored token, provides the session, and loads the user when there is a token.
pub fn provide_session() -> SessionState {
    let token = storage::get(TOKEN_KEY);
    let session = SessionState {
        user: RwSignal::new(None),
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
                session.user.set(Some(user));
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
