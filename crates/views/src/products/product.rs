//! `/p/{id}`: one product — its photos, season, price, what it is, the workshop that makes it, and
//! the coming markets where it will be sold.

use jishi_core::{
    market::MarketStatus,
    product::{MarketRef, Product},
    when,
};
use leptos::prelude::*;

use crate::{i18n::*, paths, today::use_today};
/// Everything about one product.
#[component]
pub fn ProductDetails(product: Product) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let season = product.season_months;
    let in_season_now = season.contains(u8::from(use_today().month()));
    let category = product.category;
    let photos = product
        .photos
        .iter()
        .map(|photo| {
            let srcset = format!("{} 480w, {} 1280w", photo.small, photo.large);
            view! {
                <img class="photo" src=photo.large.clone() srcset=srcset sizes="(max-width: 40rem) 100vw, 40rem"
                    width=photo.width height=photo.height alt=product.name.clone() decoding="async"/>
            }
        })
        .collect_view();
    let markets = if product.markets.is_empty() {
        view! { <p class="muted">{t!(i18n, not_sold_soon)}</p> }.into_any()
    } else {
        product
            .markets
            .into_iter()
            .map(|market| view! { <MarketLine market/> })
            .collect_view()
            .into_any()
    };
    view! {
        <article class="card product-page">
            {photos}
            <h1>{product.name.clone()}</h1>
            <p>
                <span class="chip">{move || category_name(i18n, category)}</span>
                {in_season_now.then(|| view! { " " <span class="chip season">{move || t_string!(i18n, season_now)}</span> })}
            </p>
            <dl class="facts">
                <dt>{t!(i18n, season_label)}</dt>
                <dd>{move || when::season_label(season, lang.get())}</dd>
                <dt>{t!(i18n, price_label)}</dt>
                <dd>{product.price_text}</dd>
                {product.workshop.map(|workshop| view! {
                    <dt>{t!(i18n, workshop_label)}</dt>
                    <dd><a href=paths::workshop(&workshop.id)>{workshop.name}</a></dd>
                })}
            </dl>
            <p>{product.description}</p>
        </article>
        <section class="card list" aria-labelledby="where-sold">
            <h2 id="where-sold">{t!(i18n, where_sold)}</h2>
            {markets}
        </section>
    }
}

/// A coming market that carries the product: its day and hours, title and place, as a link.
#[component]
fn MarketLine(market: MarketRef) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let (start, end) = (market.starts_at, market.ends_at);
    let off = market.status != MarketStatus::Scheduled;
    view! {
        <a class="row-link" class:cancelled=off href=paths::market(&market.id)>
            <span class="muted">
                {move || when::day_label(start, lang.get())} " " {when::time_range(start, end)}
                {off.then(|| view! { " · " {move || t_string!(i18n, status_cancelled)} })}
            </span>
            <strong>{market.title}</strong>
            <span class="muted">
                {market.place}
                {market.stall.map(|code| view! { " · " {move || t_string!(i18n, stalls_label)} " " {code} })}
            </span>
        </a>
    }
}
