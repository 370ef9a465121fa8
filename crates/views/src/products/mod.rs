//! 好物: what the markets sell and the workshops that make it. The search, category and season
//! filters live in the URL ([`ProductsQuery`], `?q=…&category=…&season=now`); a product's page
//! (`/p/{id}`) and a workshop's (`/w/{id}`).

mod product;
mod search_box;
mod workshop;

use jishi_core::{
    product::{Category, ProductSummary},
    url::{decode, query_string},
};
use leptos::prelude::*;

use self::search_box::SearchBox;
pub use self::{product::ProductDetails, workshop::WorkshopDetails};
use crate::{
    empty_state::EmptyState,
    filter_chips::{Choice, FilterChips},
    i18n::*,
    icons::BasketIcon,
    paths,
    product_card::ProductCard,
};

/// What the 好物 tab shows, all in the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductsQuery {
    /// What was typed.
    pub q: String,
    /// Only this category.
    pub category: Option<Category>,
    /// Only what is in season now.
    pub in_season: bool,
}

impl ProductsQuery {
    /// Reads the query string, given as its value for a key; what does not parse is left out.
    pub fn read(query: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            q: query("q").map(|q| decode(&q)).unwrap_or_default(),
            category: query("category").and_then(|c| Category::parse(&c)),
            in_season: query("season").as_deref() == Some("now"),
        }
    }

    /// The API's query string for this search (`?q=…&category=…&in_season=true`, or nothing).
    pub fn api_query(&self) -> String {
        self.pairs(true)
    }

    /// The link to this state of the tab.
    pub fn href(&self) -> String {
        format!("{}{}", paths::PRODUCTS, self.pairs(false))
    }

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
}

/// The tab's name (its heading, and the browser tab's title with [`tab_title`]).
pub fn page_name() -> String {
    t_string!(use_i18n(), products_title).to_string()
}

/// The tab's frame: its heading, the search and the filters, then `children` (the
/// [`ProductList`], or what stands in for it).
#[component]
pub fn ProductsFrame(
    /// What the URL asks for.
    #[prop(into)]
    query: Signal<ProductsQuery>,
    /// The app's live search (see [`SearchBox`]).
    #[prop(optional)]
    on_type: Option<Callback<String>>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page">
            <h1>{t!(i18n, products_title)}</h1>
            <SearchBox query=query.get_untracked() on_type/>
            {move || view! { <Filters query=query.get()/> }}
            {children()}
        </div>
    }
}

/// The products found, or a friendly word when there are none.
#[component]
pub fn ProductList(products: Vec<ProductSummary>) -> impl IntoView {
    let i18n = use_i18n();
    if products.is_empty() {
        return view! {
            <EmptyState
                title=Signal::derive(move || t_string!(i18n, products_none).to_string())
                body=Signal::derive(move || t_string!(i18n, products_none_hint).to_string())
            >
                <BasketIcon/>
            </EmptyState>
        }
        .into_any();
    }
    view! {
        <div class="list">
            {products.into_iter().map(|product| view! { <ProductCard product/> }).collect_view()}
        </div>
    }
    .into_any()
}

/// What is missing when products did not load (the connection banner says why).
#[component]
pub fn ProductsFailed() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="card muted">{t!(i18n, products_load_failed)}</p> }
}

/// The frame of a product's or a workshop's page: the way back to the list, then `children`.
#[component]
pub fn DetailFrame(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page">
            <a class="back" href=paths::PRODUCTS>{t!(i18n, back_to_products)}</a>
            {children()}
        </div>
    }
}

/// The page of an id no product or workshop has.
#[component]
pub fn DetailMissing() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <EmptyState
            title=Signal::derive(move || t_string!(i18n, not_found_title).to_string())
            body=Signal::derive(move || t_string!(i18n, not_found_body).to_string())
        >
            <BasketIcon/>
        </EmptyState>
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
