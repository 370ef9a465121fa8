//! `/organise/m/{id}/poster`: the A4 poster an organiser prints for the fair's entrance — the
//! market's name, day and place, a large QR code of the visitors' check-in URL, and the short code
//! to type where a phone cannot scan. On screen it is a preview with a print button; on paper only
//! the poster is printed (see `@media print` in the style sheet).

use jishi_core::when;
use leptos::prelude::*;

use crate::components::fields::label;
use crate::components::problems::ErrorView;
use crate::form_page::Back;
use crate::form_page::{FormPage, Waiting};
use crate::router::use_params_map;
use crate::wechat::{in_wechat, WayOutOfWechat};
use crate::{api, fetch::Fetch, i18n::*, prefs::use_prefs};

/// The poster page.
#[component]
pub fn PosterPage() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    let market_id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    let loaded = Fetch::new({
        let market_id = market_id.clone();
        move || {
            let market_id = market_id.clone();
            async move { (api::market(&market_id).await, api::poster(&market_id).await) }
        }
    });
    let poster = move || match loaded.get() {
        None => view! { <Waiting/> }.into_any(),
        Some(answer) => match answer {
            (Ok(market), Ok(poster)) => {
                let lang = prefs.lang.get_untracked();
                let day = when::moment_label(market.starts_at.unix_timestamp(), lang);
                let typing_page = poster.url.split('?').next().unwrap_or_default().to_owned();
                let place = format!(
                    "{} {} · {}",
                    market.venue.town, market.venue.village, market.venue.name
                );
                let print = if in_wechat() {
                    // WeChat's browser does not print: the way to a browser that does.
                    view! { <div class="no-print"><WayOutOfWechat why=move || t_string!(i18n, wechat_no_print).to_string()/></div> }.into_any()
                } else {
                    view! {
                        <button type="button" class="button primary no-print" on:click=move |_| { let _ = window().print(); }>
                            {t!(i18n, poster_print)}
                        </button>
                        <p class="muted no-print">{t!(i18n, poster_hint)}</p>
                    }.into_any()
                };
                view! {
                        {print}
                        <article class="poster" aria-label=move || t_string!(i18n, poster_title)>
                            <p class="poster-kicker">{t!(i18n, poster_kicker)}</p>
                            <h2 class="poster-title">{market.title.clone()}</h2>
                            <p class="poster-when">{day} " · " {place}</p>
                            <div class="poster-qr qr" inner_html=poster.qr_svg.clone()></div>
                            <p class="poster-scan">{t!(i18n, poster_scan)}</p>
                            // Where a phone that cannot scan types the code.
                            <p class="poster-code">
                                {t!(i18n, poster_code)} " " <span class="poster-url">{typing_page}</span>
                                " · " <strong>{poster.code.clone()}</strong>
                            </p>
                        </article>
                    }
                    .into_any()
            }
            (Err(error), _) | (_, Err(error)) => {
                view! { <ErrorView error retry=Callback::new(move |()| loaded.refetch())/> }
                    .into_any()
            }
        },
    };
    view! {
        <FormPage title=label(|i| t_string!(i, poster_title).to_string()) back=Back::Market(market_id.clone())>
            {poster}
        </FormPage>
    }
}
