//! `/checkin?t=…`: where a visitor lands from the poster's QR code (WeChat's own scanner opens it).
//! An app of its own (`checkin.html`, the fourth wasm), with no router: at the fair, on the weakest
//! network of the day, a first-time visitor downloads this page alone, not the villagers' app. Its
//! links (the market, today's goods) open the server's drawn pages.
//!
//! The phone checks in once per market with a random id it keeps — no login — and the page says
//! welcome, shows the stall map and what is sold today. Without a token, or with one that fails,
//! the poster's short code can be typed instead.

use jishi_core::{
    checkin::{VisitorCheckin, VisitorWelcome},
    ErrorCode,
};
use jishi_views::shell::Shell;
use leptos::prelude::*;

use crate::{
    api::{self, ApiError},
    app::{paths, use_page_title, AppContext},
    components::{problems::ErrorView, stall_zones::StallZones},
    fetch::Fetch,
    i18n::*,
    random::opaque_id,
    router::ParamsMap,
    storage,
};

/// The check-in app: the villagers' frame (no tab is current) around the check-in page.
#[component]
pub fn CheckinApp() -> impl IntoView {
    view! {
        <AppContext>
            <Shell tab=Signal::stored(None)>
                <main><CheckInPage/></main>
            </Shell>
        </AppContext>
    }
}

/// The poster's token, `?t=…` of the address the QR code opened (this app has no router).
fn poster_token() -> Option<String> {
    let search = window().location().search().ok()?;
    ParamsMap::of_query(&search)
        .get("t")
        .filter(|token| !token.is_empty())
}

/// The phone's own random id for check-ins, made once and kept.
const DEVICE: &str = "jishi.device";

fn device_id() -> String {
    storage::get(DEVICE).unwrap_or_else(|| {
        let id = opaque_id("d");
        storage::set(DEVICE, &id);
        id
    })
}

/// How the poster's token or code is to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Proof {
    Token(String),
    Code(String),
}

/// The check-in page.
#[component]
pub fn CheckInPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || t_string!(i18n, visit_title).to_string());
    let token = poster_token();
    let typed = RwSignal::new(String::new());
    // One nonce per attempt: a retry after a dropped answer is the same attempt.
    let nonce = StoredValue::new(opaque_id("n"));
    // What the last attempt sent, for Retry (the action forgets its input once it is done).
    let last_proof = StoredValue::new(None::<Proof>);
    let check_in = Action::new_local(move |proof: &Proof| {
        last_proof.set_value(Some(proof.clone()));
        let (token, code) = match proof.clone() {
            Proof::Token(t) => (Some(t), None),
            Proof::Code(c) => (None, Some(c)),
        };
        let request = VisitorCheckin {
            token,
            code,
            device_id: device_id(),
            nonce: nonce.get_value(),
        };
        async move { api::check_in_visitor(&request).await }
    });
    if let Some(token) = token.clone() {
        check_in.dispatch(Proof::Token(token));
    }
    let on_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        nonce.set_value(opaque_id("n"));
        check_in.dispatch(Proof::Code(typed.get_untracked()));
    };
    let retry = move |_| {
        if let Some(proof) = last_proof.get_value() {
            check_in.dispatch(proof);
        }
    };
    let code_form = move || {
        view! {
            <form class="card form" on:submit=on_code novalidate>
                <label class="field">
                    <span>{t!(i18n, visit_type_code)}</span>
                    <input
                        name="code"
                        maxlength="12"
                        autocomplete="off"
                        autocapitalize="characters"
                        prop:value=typed
                        on:input=move |ev| typed.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="button primary">{t!(i18n, visit_check_in)}</button>
            </form>
        }
    };
    let outcome = move || {
        match check_in.value().get() {
        None if check_in.pending().get() => {
            view! { <p class="card" aria-busy="true">{t!(i18n, visit_checking)}</p> }.into_any()
        }
        None => code_form().into_any(),
        Some(Ok(welcome)) => view! { <Welcome welcome/> }.into_any(),
        // No answer, or the server failing: the same attempt again is all the visitor can do.
        Some(Err(
            ApiError::Unreachable
            | ApiError::Unexpected(_)
            | ApiError::Server {
                code: ErrorCode::Internal | ErrorCode::Unavailable,
                ..
            },
        )) => view! {
            <section class="card" role="alert">
                <p>{t!(i18n, err_offline)}</p>
                <button type="button" class="button primary" on:click=retry>{t!(i18n, retry)}</button>
            </section>
        }
        .into_any(),
        Some(Err(error)) => {
            let explain = match &error {
                ApiError::Server { code: ErrorCode::NotOpen, .. } => {
                    t_string!(i18n, visit_not_open).to_string()
                }
                ApiError::Server { code: ErrorCode::BadToken, .. } => {
                    t_string!(i18n, visit_bad_token).to_string()
                }
                ApiError::Server { message, .. } => message.clone(),
                ApiError::Unreachable | ApiError::Unexpected(_) => {
                    t_string!(i18n, err_offline).to_string()
                }
            };
            view! {
                <p class="error" role="alert">{explain}</p>
                {code_form()}
            }
            .into_any()
        }
    }
    };
    view! {
        <div class="page">
            <h1>{t!(i18n, visit_title)}</h1>
            {outcome}
        </div>
    }
}

/// Welcome, the count, the stall map and today's goods.
#[component]
fn Welcome(welcome: VisitorWelcome) -> impl IntoView {
    let i18n = use_i18n();
    let market_id = welcome.market_id.clone();
    let at = welcome.first_at;
    let stalls = Fetch::new({
        let market_id = market_id.clone();
        move || {
            let market_id = market_id.clone();
            async move { api::stalls(&market_id).await }
        }
    });
    let goods = Fetch::new({
        let market_id = market_id.clone();
        move || {
            let query = jishi_core::url::query_string(&[("market", Some(&market_id))]);
            async move { api::products(&query).await }
        }
    });
    let headline = if welcome.first {
        view! {
            <p class="welcome-mark" aria-hidden="true">"✓"</p>
            <p class="welcome-headline">{t!(i18n, visit_welcome)}</p>
            <p>{t!(i18n, visit_count_before)} " " <strong class="visitor-count">{welcome.visitors}</strong> " " {t!(i18n, visit_count_after)}</p>
        }
        .into_any()
    } else {
        view! {
            <p class="welcome-headline">{t!(i18n, visit_already)}</p>
            <p>{t!(i18n, visit_first_at)} " " {jishi_core::when::clock(at)}</p>
        }
        .into_any()
    };
    let map = move || match stalls.get() {
        None => ().into_any(),
        Some(Ok(stalls)) if stalls.is_empty() => ().into_any(),
        Some(Ok(stalls)) => view! {
            <section class="card">
                <h2>{t!(i18n, visit_map)}</h2>
                <StallZones stalls picked=RwSignal::new(None)/>
            </section>
        }
        .into_any(),
        Some(Err(error)) => view! {
            <section class="card">
                <h2>{t!(i18n, visit_map)}</h2>
                <ErrorView error retry=Callback::new(move |()| stalls.refetch())/>
            </section>
        }
        .into_any(),
    };
    let sold = move || match goods.get() {
        None => ().into_any(),
        Some(Ok(goods)) if goods.is_empty() => ().into_any(),
        Some(Err(error)) => view! {
            <section class="card">
                <h2>{t!(i18n, visit_goods)}</h2>
                <ErrorView error retry=Callback::new(move |()| goods.refetch())/>
            </section>
        }
        .into_any(),
        Some(Ok(goods)) => view! {
            <section class="card">
                <h2>{t!(i18n, visit_goods)}</h2>
                <ul class="plain-list">
                    {goods.into_iter().map(|p| view! {
                        <li><a href=paths::product(&p.id)>{p.name}</a></li>
                    }).collect_view()}
                </ul>
            </section>
        }
        .into_any(),
    };
    view! {
        <section class="card welcome" role="status">
            {headline}
            <p class="welcome-market"><a href=paths::market(&market_id)>{welcome.market_title.clone()}</a></p>
        </section>
        {map}
        {sold}
    }
}
