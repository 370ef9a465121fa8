//! `/w/{id}`: a workshop (共富工坊) — where it is, what it does, how many people it employs, whom to
//! call, and its products.

use jishi_core::product::Workshop;
use leptos::prelude::*;

use crate::{i18n::*, product_card::ProductCard};

/// Everything about one workshop.
#[component]
pub fn WorkshopDetails(workshop: Workshop) -> impl IntoView {
    let i18n = use_i18n();
    let employs = workshop.employs;
    let tel = format!("tel:{}", workshop.contact.phone.replace([' ', '-'], ""));
    view! {
        <article class="card">
            <h1>{workshop.name}</h1>
            <p class="muted">{workshop.town} " · " {workshop.village}</p>
            <p>{workshop.summary}</p>
            <p><strong>{t!(i18n, employs, count = move || employs)}</strong></p>
            <dl class="facts">
                <dt>{t!(i18n, contact_label)}</dt>
                <dd><a href=tel>{workshop.contact.name} " " {workshop.contact.phone}</a></dd>
            </dl>
        </article>
        <section class="list" aria-labelledby="workshop-products">
            <h2 id="workshop-products">{t!(i18n, workshop_products)}</h2>
            {workshop.products.into_iter().map(|product| view! { <ProductCard product/> }).collect_view()}
        </section>
    }
}
