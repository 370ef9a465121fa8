//! The login form: phone, "get code" with a resend countdown, the code, and clear errors; then
//! back to where the user was headed (`?next=`), or the profile.

use std::time::Duration;

use jishi_core::{
    api::{Challenge, ChallengeAnswer},
    auth::OtpCode,
    ErrorCode, Phone,
};
use leptos::prelude::*;

use crate::{
    api::{self, ApiError},
    app::paths,
    i18n::*,
    router::{use_navigate, use_query_map},
    session::use_session,
};

/// Phone and code in, a session out; then back to where the user was headed.
#[component]
pub fn LoginPanel() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let expired_before = query.with_untracked(|q| q.get("expired").is_some());
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let sent_to = RwSignal::new(None::<Phone>);
    let countdown = RwSignal::new(0_i64);
    let error = RwSignal::new(None::<String>);
    // With a wrong code: how many more tries it takes (said beside the error).
    let tries_left = RwSignal::new(None::<u32>);
    // A picture challenge, once the server asks for proof of a person (past a day's free codes).
    let challenge = RwSignal::new(None::<Challenge>);
    let challenge_answer = RwSignal::new(String::new());
    let ticker = StoredValue::new(None::<IntervalHandle>);

    let explain = move |e: &ApiError| match e {
        ApiError::Unreachable => t_string!(i18n, err_offline).to_string(),
        ApiError::Server {
            code: ErrorCode::InvalidPhone,
            ..
        } => t_string!(i18n, err_invalid_phone).to_string(),
        ApiError::Server {
            code: ErrorCode::BadCode,
            ..
        } => t_string!(i18n, err_bad_code).to_string(),
        ApiError::Server {
            code: ErrorCode::WrongCode,
            ..
        } => t_string!(i18n, err_wrong_code).to_string(),
        ApiError::Server { message, .. } => message.clone(),
        ApiError::Unexpected(_) => t_string!(i18n, err_generic).to_string(),
    };

    let start_countdown = move |secs: i64| {
        countdown.set(secs);
        ticker.update_value(|old| {
            if let Some(old) = old.take() {
                old.clear();
            }
        });
        let handle = set_interval_with_handle(
            move || {
                countdown.update(|left| *left = (*left - 1).max(0));
                if countdown.get_untracked() == 0 {
                    ticker.update_value(|h| {
                        if let Some(h) = h.take() {
                            h.clear();
                        }
                    });
                }
            },
            Duration::from_secs(1),
        )
        .ok();
        ticker.set_value(handle);
    };
    on_cleanup(move || {
        ticker.update_value(|h| {
            if let Some(h) = h.take() {
                h.clear();
            }
        })
    });

    let new_challenge = Action::new_local(|_: &()| api::challenge());
    Effect::new(move |_| match new_challenge.value().get() {
        Some(Ok(fresh)) => {
            challenge_answer.set(String::new());
            challenge.set(Some(fresh));
        }
        Some(Err(e)) => error.set(Some(explain(&e))),
        None => {}
    });

    let send_code = Action::new_local(move |(phone, answer): &(Phone, Option<ChallengeAnswer>)| {
        let (phone, answer) = (phone.clone(), answer.clone());
        async move {
            api::request_code(phone.as_str(), answer)
                .await
                .map(|sent| (phone, sent))
        }
    });
    Effect::new(move |_| match send_code.value().get() {
        Some(Ok((to, sent))) => {
            sent_to.set(Some(to));
            error.set(None);
            challenge.set(None);
            start_countdown(sent.resend_after_secs);
        }
        Some(Err(e)) => {
            // Asked for proof, or a picture was sent with a request that failed (each picture is
            // answered once, whatever the answer came to): a new picture.
            let asked = matches!(
                e.code(),
                Some(ErrorCode::ChallengeRequired | ErrorCode::BadChallenge)
            );
            if asked || challenge.get_untracked().is_some() {
                new_challenge.dispatch(());
            }
            error.set(Some(explain(&e)));
        }
        None => {}
    });

    let log_in = Action::new_local(move |(phone, code): &(Phone, OtpCode)| {
        let (phone, code) = (phone.clone(), code.clone());
        async move { api::log_in(phone.as_str(), code.as_str()).await }
    });
    Effect::new(move |_| match log_in.value().get() {
        Some(Ok(started)) => {
            session.start(started.token, started.user);
            let next = query
                .with_untracked(|q| q.get("next"))
                .filter(|p| paths::is_own_path(p));
            match next {
                Some(next) if paths::in_second_app(&next) => navigate(&next, Default::default()),
                // The villagers' pages are another app: load it rather than route to it.
                Some(next) => {
                    let _ = window().location().set_href(&next);
                }
                // No way back asked for: the profile takes the form's place.
                None => {}
            }
        }
        Some(Err(e)) => {
            // The same code still works: it may be typed again, so say how often.
            tries_left.set(match e {
                ApiError::Server { tries_left, .. } => tries_left,
                _ => None,
            });
            let text = if e.code() == Some(ErrorCode::RateLimited) {
                t_string!(i18n, err_too_many_tries).to_string()
            } else {
                explain(&e)
            };
            error.set(Some(text));
        }
        None => {}
    });

    let on_send = move |_| {
        tries_left.set(None);
        match Phone::parse(&phone.get_untracked()) {
            // Checked here first with the server's own parser: a typo is caught without a round trip.
            Ok(parsed) => {
                let answer = challenge.get_untracked().map(|c| ChallengeAnswer {
                    token: c.token,
                    answer: challenge_answer.get_untracked(),
                });
                send_code.dispatch((parsed, answer));
            }
            Err(_) => error.set(Some(t_string!(i18n, err_invalid_phone).to_string())),
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tries_left.set(None);
        let Ok(parsed) = Phone::parse(&phone.get_untracked()) else {
            error.set(Some(t_string!(i18n, err_invalid_phone).to_string()));
            return;
        };
        match OtpCode::parse(&code.get_untracked()) {
            Some(otp) => {
                log_in.dispatch((parsed, otp));
            }
            None => error.set(Some(t_string!(i18n, err_code_format).to_string())),
        }
    };

    let send_label = move || {
        if send_code.pending().get() {
            t!(i18n, sending).into_any()
        } else if countdown.get() > 0 {
            t!(i18n, resend_in, secs = move || countdown.get()).into_any()
        } else if sent_to.get().is_some() {
            t!(i18n, resend).into_any()
        } else {
            t!(i18n, send_code).into_any()
        }
    };

    view! {
        <section class="card" aria-labelledby="login-heading">
            <h2 id="login-heading">{t!(i18n, login_title)}</h2>
            <Show when=move || expired_before || session.expired.get()>
                <p class="notice">{t!(i18n, session_expired)}</p>
            </Show>
            <p class="muted">{t!(i18n, login_hint)}</p>
            <form class="form" on:submit=on_submit novalidate>
                <label class="field">
                    <span>{t!(i18n, phone_label)}</span>
                    <input
                        type="tel"
                        inputmode="numeric"
                        autocomplete="tel"
                        name="phone"
                        placeholder=move || t_string!(i18n, phone_placeholder)
                        prop:value=phone
                        on:input=move |ev| phone.set(event_target_value(&ev))
                    />
                </label>
                {move || {
                    challenge
                        .get()
                        .map(|shown| {
                            view! {
                                <div class="challenge">
                                    <img
                                        src=shown.image
                                        width="240"
                                        height="90"
                                        alt=move || t_string!(i18n, challenge_alt)
                                    />
                                    <button
                                        type="button"
                                        class="button"
                                        disabled=move || new_challenge.pending().get()
                                        on:click=move |_| {
                                            new_challenge.dispatch(());
                                        }
                                    >
                                        {t!(i18n, challenge_new)}
                                    </button>
                                    <label class="field">
                                        <span>{t!(i18n, challenge_label)}</span>
                                        <input
                                            type="text"
                                            inputmode="numeric"
                                            autocomplete="off"
                                            maxlength="4"
                                            name="challenge"
                                            prop:value=challenge_answer
                                            on:input=move |ev| challenge_answer.set(event_target_value(&ev))
                                        />
                                    </label>
                                </div>
                            }
                        })
                }}
                <button
                    type="button"
                    class="button"
                    disabled=move || { send_code.pending().get() || countdown.get() > 0 }
                    on:click=on_send
                >
                    {send_label}
                </button>
                <Show when=move || sent_to.get().is_some()>
                    <p class="muted" role="status">
                        {t!(i18n, code_sent, phone = move || sent_to.get().map(|p| p.masked()).unwrap_or_default())}
                    </p>
                </Show>
                <label class="field">
                    <span>{t!(i18n, code_label)}</span>
                    <input
                        type="text"
                        inputmode="numeric"
                        autocomplete="one-time-code"
                        maxlength="6"
                        name="code"
                        placeholder=move || t_string!(i18n, code_placeholder)
                        prop:value=code
                        on:input=move |ev| code.set(event_target_value(&ev))
                    />
                </label>
                <Show when=move || error.get().is_some()>
                    <p class="error" role="alert">
                        {move || error.get()}
                        {move || tries_left.get().map(|n| t!(i18n, tries_left, n = move || n))}
                    </p>
                </Show>
                <button type="submit" class="button primary" disabled=move || log_in.pending().get()>
                    {move || if log_in.pending().get() { t_string!(i18n, logging_in) } else { t_string!(i18n, log_in) }}
                </button>
            </form>
        </section>
    }
}
