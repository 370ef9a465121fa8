//! The pages a villager opens from a shared link — `/`, `/m/{id}`, `/products`, `/p/{id}`, `/w/{id}`
//! — come complete in the HTML: drawn here by the app's own components (`jishi_views`, rendered with
//! Leptos' ssr), in the phone's language and mode, readable and tappable before the wasm arrives or
//! with scripts off. Each page asks the API for its data exactly as the app would (same path, same
//! handler, same bytes) and carries those answers for the app, which then takes the page over
//! without a visible change.

mod document;

use axum::{
    body::Body,
    extract::{Path, Query, State},
    http::{header, HeaderMap, HeaderValue, Request, StatusCode},
    response::Response,
    routing::get,
    Extension, Router,
};
use jishi_core::{
    api::{path, Items},
    market::Market,
    prefs::PagePrefs,
    product::ProductSummary,
    Lang,
};
use jishi_views::{
    i18n::{provide_lang, tab_title},
    market::{MarketDetails, MarketFrame, MarketMissing},
    markets::{self, Schedule, ScheduleFailed, ScheduleFrame, ScheduleQuery},
    paths,
    products::{
        self, DetailFrame, DetailMissing, ProductDetails, ProductList, ProductsFailed,
        ProductsFrame, ProductsQuery, WorkshopDetails,
    },
    share::{self, ShareCard},
    shell::{Shell, Tab},
    today::provide_today,
};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use tower::ServiceExt;

use self::document::{answer_element, Document};
use crate::{state::AppState, static_files};

/// The biggest API answer a page carries (the schedule of a busy month is ~20 KB).
const MAX_ANSWER: usize = 1 << 20;

/// The pages drawn here, as the apps' routers name them.
const DRAWN: [paths::Pattern; 5] = [
    paths::MARKETS,
    paths::MARKET,
    paths::PRODUCTS,
    paths::PRODUCT,
    paths::WORKSHOP,
];

/// Whether `path` is one of the pages drawn here (whose answers `reads` keeps).
pub fn is_drawn(path: &str) -> bool {
    DRAWN
        .iter()
        .any(|pattern| paths::matched(pattern, path).is_some())
}

/// The pages' routes; `api` answers their reads.
pub fn router(api: Router) -> Router<AppState> {
    // Err only when already set, by an earlier router of this process (tests build many).
    let _ = any_spawner::Executor::init_tokio();
    let [schedule_path, market_path, product_list_path, product_path, workshop_path] =
        DRAWN.map(|pattern| pattern.replace(":id", "{id}"));
    Router::new()
        .route(&schedule_path, get(schedule))
        .route(&market_path, get(market))
        .route(&product_list_path, get(product_list))
        .route(&product_path, get(product))
        .route(&workshop_path, get(workshop))
        .layer(Extension(Api(api)))
}

/// The API, called in-process.
#[derive(Clone)]
struct Api(Router);

/// What the API answered to one read.
struct Answer {
    path: String,
    status: StatusCode,
    body: axum::body::Bytes,
}

/// What a page does with an answer.
enum Loaded<T> {
    Found(T),
    Missing,
    Failed,
}

impl Api {
    async fn read(&self, path: String, lang: Lang) -> Answer {
        let request = Request::get(format!("/v1{path}"))
            .header(header::ACCEPT_LANGUAGE, lang.tag())
            .body(Body::empty());
        let answered = match request {
            Ok(request) => self.0.clone().oneshot(request).await.ok(),
            Err(_) => None,
        };
        let Some(response) = answered else {
            return Answer::failed(path);
        };
        let status = response.status();
        match axum::body::to_bytes(response.into_body(), MAX_ANSWER).await {
            Ok(body) => Answer { path, status, body },
            Err(_) => Answer::failed(path),
        }
    }
}

impl Answer {
    fn failed(path: String) -> Self {
        Self {
            path,
            status: StatusCode::INTERNAL_SERVER_ERROR,
            body: Default::default(),
        }
    }

    fn parse<T: DeserializeOwned>(&self) -> Loaded<T> {
        match self.status {
            StatusCode::OK => serde_json::from_slice(&self.body)
                .map(Loaded::Found)
                .unwrap_or(Loaded::Failed),
            StatusCode::NOT_FOUND => Loaded::Missing,
            _ => Loaded::Failed,
        }
    }

    /// The element the page carries this answer in, when the app can use it.
    fn element(&self) -> String {
        match self.status {
            StatusCode::OK | StatusCode::NOT_FOUND => {
                answer_element(&self.path, self.status.as_u16(), &self.body)
            }
            // A failure is not kept: the app asks again and shows its own words for what it gets.
            _ => String::new(),
        }
    }

    /// The page's own status: 404 for what does not exist, 200 otherwise (a failed read still
    /// gives a page that says so, and the app retries).
    fn page_status(&self) -> StatusCode {
        match self.status {
            StatusCode::NOT_FOUND => StatusCode::NOT_FOUND,
            _ => StatusCode::OK,
        }
    }
}

/// One request's page: its preferences and the moment it is drawn for.
struct Page {
    prefs: PagePrefs,
    now: i64,
}

impl Page {
    fn of(state: &AppState, headers: &HeaderMap) -> Self {
        let header = |name| {
            headers
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
        };
        Self {
            prefs: PagePrefs::from_request(header(header::COOKIE), header(header::ACCEPT_LANGUAGE)),
            now: state.clock.now(),
        }
    }

    /// Draws `tab`'s page: `content` gives the browser tab's title, the share card and the view,
    /// all inside the translations and the date the components read.
    fn draw<V: IntoView + 'static>(
        &self,
        tab: Tab,
        content: impl FnOnce() -> (String, Option<ShareCard>, V),
    ) -> (String, Option<ShareCard>, String) {
        let owner = Owner::new();
        owner.with(|| {
            provide_lang(self.prefs.lang);
            provide_today(self.now);
            let (title, card, view) = content();
            let html = view! { <Shell tab=Some(tab)><main>{view}</main></Shell> }.to_html();
            (title, card, html)
        })
    }

    /// The page as an answer: `index.html` with the drawing in it, under the page's policy.
    async fn respond(
        self,
        state: &AppState,
        headers: &HeaderMap,
        drawn: (String, Option<ShareCard>, String),
        answer: Answer,
    ) -> Response {
        let (title, card, body) = drawn;
        let document = Document {
            prefs: self.prefs,
            title,
            card,
            body,
            answers: answer.element(),
        };
        let mut response = static_files::serve_index_with(
            &state.index_html,
            headers,
            state.wechat.is_some(),
            |index| document.write_into(&index),
        )
        .await;
        if response.status() == StatusCode::OK {
            *response.status_mut() = answer.page_status();
        }
        // The same URL is drawn in another language or mode for another phone.
        response.headers_mut().insert(
            header::VARY,
            HeaderValue::from_static("Cookie, Accept-Language"),
        );
        response
    }
}

/// The value of `key` in a query string's pairs.
fn lookup(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

type Pairs = Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>;

fn pairs_of(query: Pairs) -> Vec<(String, String)> {
    query.map(|Query(pairs)| pairs).unwrap_or_default()
}

/// `/`: the coming markets, or a month.
async fn schedule(
    State(state): State<AppState>,
    Extension(api): Extension<Api>,
    query: Pairs,
    headers: HeaderMap,
) -> Response {
    let page = Page::of(&state, &headers);
    let origin = state.proxies.origin().to_owned();
    let pairs = pairs_of(query);
    let query = ScheduleQuery::read(|key| lookup(&pairs, key));
    let answer = api.read(path::schedule(query.month), page.prefs.lang).await;
    let loaded = answer.parse::<Items<Market>>();
    let drawn = page.draw(Tab::Markets, move || {
        let content = match loaded {
            Loaded::Found(list) => {
                view! { <Schedule query=query.clone() markets=list.items/> }.into_any()
            }
            _ => view! { <ScheduleFailed/> }.into_any(),
        };
        let view = view! { <ScheduleFrame query>{content}</ScheduleFrame> };
        let card = share::schedule_card(&origin);
        (tab_title(&markets::page_name()), Some(card), view)
    });
    page.respond(&state, &headers, drawn, answer).await
}

/// `/m/{id}`: one market, with its share card.
async fn market(
    State(state): State<AppState>,
    Extension(api): Extension<Api>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let page = Page::of(&state, &headers);
    let answer = api.read(path::market(&id), page.prefs.lang).await;
    let loaded = answer.parse::<Market>();
    // The page says whether booking is open: it holds until that changes.
    let changes = match &loaded {
        Loaded::Found(market) => market.booking.next_change(page.now),
        _ => None,
    };
    let origin = state.proxies.origin().to_owned();
    let drawn = page.draw(Tab::Markets, move || match loaded {
        Loaded::Found(market) => {
            let card = share::market_card(&market, &origin);
            let title = tab_title(&card.title);
            let view =
                view! { <MarketFrame><MarketDetails market origin/></MarketFrame> }.into_any();
            (title, Some(card), view)
        }
        Loaded::Missing => {
            let view = view! { <MarketFrame><MarketMissing/></MarketFrame> }.into_any();
            (tab_title(&markets::page_name()), None, view)
        }
        Loaded::Failed => {
            let view = view! { <MarketFrame><ScheduleFailed/></MarketFrame> }.into_any();
            (tab_title(&markets::page_name()), None, view)
        }
    });
    let response = page.respond(&state, &headers, drawn, answer).await;
    match changes {
        Some(at) => crate::reads::valid_until(response, at),
        None => response,
    }
}

/// `/products`: the products found for the URL's search and filters.
async fn product_list(
    State(state): State<AppState>,
    Extension(api): Extension<Api>,
    query: Pairs,
    headers: HeaderMap,
) -> Response {
    let page = Page::of(&state, &headers);
    let pairs = pairs_of(query);
    let query = ProductsQuery::read(|key| lookup(&pairs, key));
    let answer = api
        .read(path::products(&query.api_query()), page.prefs.lang)
        .await;
    let loaded = answer.parse::<Items<ProductSummary>>();
    let drawn = page.draw(Tab::Products, move || {
        let content = match loaded {
            Loaded::Found(list) => view! { <ProductList products=list.items/> }.into_any(),
            _ => view! { <ProductsFailed/> }.into_any(),
        };
        let view = view! { <ProductsFrame query>{content}</ProductsFrame> };
        (tab_title(&products::page_name()), None, view)
    });
    page.respond(&state, &headers, drawn, answer).await
}

/// `/p/{id}`: one product.
async fn product(
    State(state): State<AppState>,
    Extension(api): Extension<Api>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let card = share::product_card;
    let render = |product| view! { <ProductDetails product/> }.into_any();
    detail(&state, &api, &headers, path::product(&id), card, render).await
}

/// `/w/{id}`: one workshop.
async fn workshop(
    State(state): State<AppState>,
    Extension(api): Extension<Api>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let card = share::workshop_card;
    let render = |workshop| view! { <WorkshopDetails workshop/> }.into_any();
    detail(&state, &api, &headers, path::workshop(&id), card, render).await
}

/// A page of 好物 showing the one thing at `api_path`: `render` of it under the way back, titled
/// and shared by its `card`; or why there is none.
async fn detail<T: DeserializeOwned + 'static>(
    state: &AppState,
    api: &Api,
    headers: &HeaderMap,
    api_path: String,
    card: fn(&T, &str) -> ShareCard,
    render: fn(T) -> AnyView,
) -> Response {
    let page = Page::of(state, headers);
    let origin = state.proxies.origin().to_owned();
    let answer = api.read(api_path, page.prefs.lang).await;
    let loaded = answer.parse::<T>();
    let drawn = page.draw(Tab::Products, move || {
        let (name, card, content) = match loaded {
            Loaded::Found(item) => {
                let card = card(&item, &origin);
                (card.title.clone(), Some(card), render(item))
            }
            missing_or_failed => (products::page_name(), None, missing(missing_or_failed)),
        };
        (
            tab_title(&name),
            card,
            view! { <DetailFrame>{content}</DetailFrame> },
        )
    });
    page.respond(state, headers, drawn, answer).await
}

/// A product's or workshop's page when there is none to show.
fn missing<T>(loaded: Loaded<T>) -> AnyView {
    match loaded {
        Loaded::Missing => view! { <DetailMissing/> }.into_any(),
        _ => view! { <ProductsFailed/> }.into_any(),
    }
}
