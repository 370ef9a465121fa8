//! `/p/{id}`: one product — its photos, season, price, what it is, the workshop that makes it, and
//! the coming markets where it will be sold.

use jishi_core::{
    market::MarketStatus,
    product::{MarketRef, Product},
    when,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::missing_or_failed;
use crate::{
    api,
    app::{paths, use_page_title},
    clock,
    i18n::*,
    prefs::use_prefs,
};

/// The product page.
#[component]
pub fn ProductPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let product = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { api::product(&id).await }
    });
    let title = RwSignal::new(String::new());
    use_page_title(move || title.get());
    let content = move || {
        Suspend::new(async move {
            match product.await {
                Ok(product) => {
                    title.set(product.name.clone());
                    view! { <ProductDetails product/> }.into_any()
                }
                Err(error) => missing_or_failed(error),
            }
        })
    };
    view! {
        <div class="page">
            <a class="back" href=paths::PRODUCTS>{t!(i18n, back_to_products)}</a>
            <Suspense fallback=|| view! { <div class="skeleton" aria-busy="true"><div class="bone"></div></div> }>
                {content}
            </Suspense>
        </div>
    }
    .into_any()
}

#[component]
fn ProductDetails(product: Product) -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    let season = product.season_months;
    let in_season_now = season.contains(u8::from(clock::today().month()));
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
                <dd>{move || when::season_label(season, prefs.lang.get())}</dd>
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
    let prefs = use_prefs();
    let (start, end) = (market.starts_at, market.ends_at);
    let off = market.status != MarketStatus::Scheduled;
    view! {
        <a class="row-link" class:cancelled=off href=paths::market(&market.id)>
            <span class="muted">
                {move || when::day_label(start, prefs.lang.get())} " " {when::time_range(start, end)}
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
