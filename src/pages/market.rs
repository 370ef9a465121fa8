//! `/m/{id}`: one market, as opened from a link in a WeChat group, drawn by `jishi_views::market`.
//! This page loads it, names the browser tab after it, and copies the share text.

use jishi_core::ErrorCode;
use jishi_views::{
    market::{MarketDetails, MarketFrame, MarketMissing},
    markets::ScheduleFailed,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::{
    api::{self, ApiError},
    app::{use_page_title, Loading},
};

/// The market page.
#[component]
pub fn MarketPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let market = LocalResource::new(move || {
        let id = id();
        async move { api::market(&id).await }
    });
    let title = RwSignal::new(String::new());
    use_page_title(move || title.get());
    let copied = RwSignal::new(None::<bool>);
    let on_copy = Callback::new(move |text: String| {
        leptos::task::spawn_local(async move {
            let clipboard = window().navigator().clipboard();
            let done = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text)).await;
            copied.set(Some(done.is_ok()));
        });
    });
    let content = move || {
        Suspend::new(async move {
            match market.await {
                Ok(market) => {
                    title.set(market.title.clone());
                    let origin = window().location().origin().unwrap_or_default();
                    view! { <MarketDetails market origin on_copy copied/> }.into_any()
                }
                Err(ApiError::Server {
                    code: ErrorCode::NotFound,
                    ..
                }) => view! { <MarketMissing/> }.into_any(),
                Err(_) => view! { <ScheduleFailed/> }.into_any(),
            }
        })
    };
    view! {
        <MarketFrame>
            <Suspense fallback=Loading>{content}</Suspense>
        </MarketFrame>
    }
}
