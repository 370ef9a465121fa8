//! 好物: what the markets sell and the workshops that make it. A search that answers as the user
//! types (after a pause, not per key), category and season filters, all kept in the URL
//! (`?q=…&category=…&season=now`); a product's page (`/p/{id}`) and a workshop's (`/w/{id}`).

mod product;
mod search_box;
mod workshop;

use jishi_core::product::Category;
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_params_map, use_query_map},
    params::ParamsMap,
};

use self::search_box::SearchBox;
pub use self::{product::ProductPage, workshop::WorkshopPage};
use crate::{
    api,
    app::{paths, use_page_title},
    components::{
        empty_state::EmptyState,
        filter_chips::{decode, query_string, Choice, FilterChips},
        icons::BasketIcon,
        product_card::ProductCard,
    },
    i18n::*,
};

/// What the 好物 tab shows, all in the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct ProductsQuery {
    /// What was typed.
    q: String,
    /// Only this category.
    category: Option<Category>,
    /// Only what is in season now.
    in_season: bool,
}

impl ProductsQuery {
    fn read(query: &ParamsMap) -> Self {
        Self {
            q: query.get("q").map(|q| decode(&q)).unwrap_or_default(),
            category: query.get("category").and_then(|c| Category::parse(&c)),
            in_season: query.get("season").as_deref() == Some("now"),
        }
    }

    /// `?q=…&category=…&season=now` for this page, or the API's `q=…&category=…&in_season=true`.
    fn pairs(&self, for_api: bool) -> String {
        let q = Some(self.q.trim()).filter(|q| !q.is_empty());
        let season = self
            .in_season
            .then_some(if for_api { "true" } else { "now" });
        query_string(&[
            ("q", q),
            ("category", self.category.map(Category::as_str)),
            (if for_api { "in_season" } else { "season" }, season),
        ])
    }

    fn href(&self) -> String {
        format!("{}{}", paths::PRODUCTS, self.pairs(false))
    }
}

/// Local products.
#[component]
pub fn ProductsPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || t_string!(i18n, products_title).to_string());
    let query_map = use_query_map();
    let query = Memo::new(move |_| ProductsQuery::read(&query_map.read()));
    let products = LocalResource::new(move || {
        let for_api = query.get().pairs(true);
        async move { api::products(for_api.trim_start_matches('?')).await }
    });
    let list = move || {
        Suspend::new(async move {
            match products.await {
                Ok(list) if list.is_empty() => view! {
                    <EmptyState
                        title=Signal::derive(move || t_string!(i18n, products_none).to_string())
                        body=Signal::derive(move || t_string!(i18n, products_none_hint).to_string())
                    >
                        <BasketIcon/>
                    </EmptyState>
                }
                .into_any(),
                Ok(list) => view! {
                    <div class="list">
                        {list.into_iter().map(|product| view! { <ProductCard product/> }).collect_view()}
                    </div>
                }
                .into_any(),
                Err(_) => view! { <p class="card muted">{t!(i18n, products_load_failed)}</p> }.into_any(),
            }
        })
    };
    view! {
        <div class="page">
            <h1>{t!(i18n, products_title)}</h1>
            <SearchBox initial=query.get_untracked().q href=Callback::new(move |q: String| ProductsQuery { q, ..query.get_untracked() }.href())/>
            {move || view! { <Filters query=query.get()/> }}
            <Transition fallback=|| view! { <div class="skeleton" aria-busy="true"><div class="bone"></div><div class="bone"></div></div> }>
                {list}
            </Transition>
        </div>
    }
    .into_any()
}

/// A page of 好物 that shows one thing by the `id` in its path: the way back to the list, then
/// `render` of what `load` answers (its `name` becomes the tab's title), or why there is none.
fn detail_page<T, F>(
    load: impl Fn(String) -> F + 'static,
    name: fn(&T) -> String,
    render: fn(T) -> AnyView,
) -> AnyView
where
    T: Clone + 'static,
    F: std::future::Future<Output = Result<T, api::ApiError>> + 'static,
{
    let i18n = use_i18n();
    let params = use_params_map();
    let item = LocalResource::new(move || load(params.read().get("id").unwrap_or_default()));
    let title = RwSignal::new(String::new());
    use_page_title(move || title.get());
    let content = move || {
        Suspend::new(async move {
            match item.await {
                Ok(item) => {
                    title.set(name(&item));
                    render(item)
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

/// What a page shows when its product or workshop could not be loaded: "not found" for an unknown
/// id, else that loading failed (the connection banner says why).
fn missing_or_failed(error: api::ApiError) -> AnyView {
    let i18n = use_i18n();
    match error.code() {
        Some(jishi_core::ErrorCode::NotFound) => view! {
            <EmptyState
                title=Signal::derive(move || t_string!(i18n, not_found_title).to_string())
                body=Signal::derive(move || t_string!(i18n, not_found_body).to_string())
            >
                <BasketIcon/>
            </EmptyState>
        }
        .into_any(),
        _ => view! { <p class="card muted">{t!(i18n, products_load_failed)}</p> }.into_any(),
    }
}

/// The category and season chips; their links keep the search and the other filter.
#[component]
fn Filters(query: ProductsQuery) -> impl IntoView {
    let i18n = use_i18n();
    let all = move || Choice {
        value: None,
        label: t_string!(i18n, filter_all).to_string(),
    };
    let mut categories = vec![all()];
    categories.extend(Category::ALL.map(|c| Choice {
        value: Some(c.as_str().to_owned()),
        label: category_name(i18n, c),
    }));
    let seasons = vec![
        all(),
        Choice {
            value: Some("now".to_owned()),
            label: t_string!(i18n, season_now).to_string(),
        },
    ];
    let for_categories = query.clone();
    let for_seasons = query.clone();
    view! {
        <FilterChips
            label=t_string!(i18n, filter_category).to_string()
            choices=categories
            current=query.category.map(|c| c.as_str().to_owned())
            href=Callback::new(move |value: Option<String>| {
                ProductsQuery { category: value.as_deref().and_then(Category::parse), ..for_categories.clone() }.href()
            })
        />
        <FilterChips
            label=t_string!(i18n, filter_season).to_string()
            choices=seasons
            current=query.in_season.then(|| "now".to_owned())
            href=Callback::new(move |value: Option<String>| {
                ProductsQuery { in_season: value.is_some(), ..for_seasons.clone() }.href()
            })
        />
    }
}
