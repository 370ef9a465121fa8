//! 好物: products and workshops, drawn by `jishi_views::products`. These pages load them, name the
//! browser tab (and the share card inside WeChat), and make the search answer as the user types (after a pause, not per key).

use std::time::Duration;

use jishi_core::ErrorCode;
use jishi_views::{
    products::{
        page_name, DetailFrame, DetailMissing, ProductDetails, ProductList, ProductsFailed,
        ProductsFrame, ProductsQuery, WorkshopDetails,
    },
    share::{self, ShareCard},
};
use leptos::{leptos_dom::helpers::TimeoutHandle, prelude::*};

use crate::{
    api,
    app::{origin, use_page_title, Loading},
    fetch::Fetch,
    router::{use_navigate, use_params_map, use_query_map, NavigateOptions},
    wechat::use_share_card,
};

/// How long typing must pause before searching.
const PAUSE: Duration = Duration::from_millis(350);

/// Local products.
#[component]
pub fn ProductsPage() -> impl IntoView {
    use_page_title(page_name);
    let query_map = use_query_map();
    let query = Memo::new(move |_| ProductsQuery::read(|key| query_map.read().get(key)));
    // While the next answer loads the last list stays: a villager typing sees it narrow, not blink.
    let products = Fetch::keeping_last(move || {
        let for_api = query.get().api_query();
        async move { api::products(&for_api).await }
    });
    let list = move || match products.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(products)) => view! { <ProductList products/> }.into_any(),
        Some(Err(_)) => view! { <ProductsFailed/> }.into_any(),
    };
    view! { <ProductsFrame query on_type=search_as_typed(query)>{list}</ProductsFrame> }
}

/// Puts what was typed into the URL once typing pauses (replacing the history entry, so the back
/// button leaves the tab rather than undoing letters); the list follows the URL.
fn search_as_typed(query: Memo<ProductsQuery>) -> Callback<String> {
    let navigate = use_navigate();
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    Callback::new(move |q: String| {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let navigate = navigate.clone();
        let target = ProductsQuery {
            q,
            ..query.get_untracked()
        }
        .href();
        let handle = set_timeout_with_handle(
            move || {
                let options = NavigateOptions {
                    replace: true,
                    scroll: false,
                };
                navigate(&target, options)
            },
            PAUSE,
        )
        .ok();
        pending.set_value(handle);
    })
}

/// `/p/{id}`: one product.
#[component]
pub fn ProductPage() -> impl IntoView {
    detail_page(
        |id| async move { api::product(&id).await },
        share::product_card,
        |product| view! { <ProductDetails product/> }.into_any(),
    )
}

/// `/w/{id}`: one workshop.
#[component]
pub fn WorkshopPage() -> impl IntoView {
    detail_page(
        |id| async move { api::workshop(&id).await },
        share::workshop_card,
        |workshop| view! { <WorkshopDetails workshop/> }.into_any(),
    )
}

/// A page of 好物 that shows one thing by the `id` in its path: `render` of what `load` answers
/// (its `card`'s title becomes the tab's title, and inside WeChat the card is the page's share
/// card), or why there is none.
fn detail_page<T, F>(
    load: impl Fn(String) -> F + 'static,
    card: fn(&T, &str) -> ShareCard,
    render: fn(T) -> AnyView,
) -> AnyView
where
    T: Clone + 'static,
    F: std::future::Future<Output = Result<T, api::ApiError>> + 'static,
{
    let params = use_params_map();
    let item = Fetch::new(move || load(params.read().get("id").unwrap_or_default()));
    let shown = RwSignal::new(None::<ShareCard>);
    use_page_title(move || {
        shown.with(|card| card.as_ref().map(|c| c.title.clone()).unwrap_or_default())
    });
    use_share_card(move || shown.get());
    let content = move || match item.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(item)) => {
            shown.set(Some(card(&item, &origin())));
            render(item)
        }
        Some(Err(error)) if error.code() == Some(ErrorCode::NotFound) => {
            view! { <DetailMissing/> }.into_any()
        }
        Some(Err(_)) => view! { <ProductsFailed/> }.into_any(),
    };
    view! { <DetailFrame>{content}</DetailFrame> }.into_any()
}
