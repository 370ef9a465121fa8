//! `/w/{id}`: a workshop (共富工坊) — where it is, what it does, how many people it employs, whom to
//! call, and its products.

use jishi_core::product::Workshop;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::missing_or_failed;
use crate::{
    api,
    app::{paths, use_page_title},
    components::product_card::ProductCard,
    i18n::*,
};

/// The workshop page.
#[component]
pub fn WorkshopPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let workshop = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { api::workshop(&id).await }
    });
    let title = RwSignal::new(String::new());
    use_page_title(move || title.get());
    let content = move || {
        Suspend::new(async move {
            match workshop.await {
                Ok(workshop) => {
                    title.set(workshop.name.clone());
                    view! { <WorkshopDetails workshop/> }.into_any()
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
fn WorkshopDetails(workshop: Workshop) -> impl IntoView {
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
