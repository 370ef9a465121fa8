//! One product in a list: its photo (small, loaded lazily, space kept so the list does not jump),
//! name, workshop, category, price, and whether it is in season now.

use jishi_core::product::{Photo, ProductSummary};
use leptos::prelude::*;

use crate::{i18n::*, paths, today::use_today};

/// The card, a link to the product's page.
#[component]
pub fn ProductCard(product: ProductSummary) -> impl IntoView {
    let i18n = use_i18n();
    let category = product.category;
    let in_season = product
        .season_months
        .contains(u8::from(use_today().month()));
    let first_letter = product
        .name
        .chars()
        .next()
        .map(String::from)
        .unwrap_or_default();
    view! {
        <a class="card product" href=paths::product(&product.id)>
            <Thumb photo=product.photo.clone() fallback=first_letter alt=product.name.clone()/>
            <span class="product-text">
                <strong class="product-name">{product.name}</strong>
                {product.workshop.map(|w| view! { <span class="muted">{w.name}</span> })}
                <span class="product-meta">
                    <span class="chip">{move || category_name(i18n, category)}</span>
                    " "
                    {product.price_text}
                    {in_season.then(|| view! { <span class="chip season">{move || t_string!(i18n, season_now)}</span> })}
                </span>
            </span>
        </a>
    }
}

/// The small photo, or a tile with the name's first character when there is none.
#[component]
pub fn Thumb(photo: Option<Photo>, fallback: String, alt: String) -> impl IntoView {
    match photo {
        Some(photo) => view! {
            <img class="thumb" src=photo.small alt=alt width="96" height="96" loading="lazy" decoding="async"/>
        }
        .into_any(),
        None => view! { <span class="thumb placeholder" aria-hidden="true">{fallback}</span> }.into_any(),
    }
}
