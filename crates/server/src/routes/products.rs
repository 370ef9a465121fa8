//! Products: the searchable list, one product with its coming markets, and for their keepers entering products and their photos. Photos themselves are served under `/media`.

use axum::{
    body::Bytes,
    extract::{rejection::BytesRejection, rejection::QueryRejection, Path, Query, State},
    http::{header, StatusCode},
    response::IntoResponse,
    Json,
};
use jishi_core::api::ErrorBody;
use jishi_core::{
    api::Items,
    product::{Category, Product, ProductDraft, ProductSummary},
    when,
};
use serde::Deserialize;

use crate::{
    error::{AppError, AppJson},
    extract::CurrentUser,
    search,
    services::products,
    state::AppState,
    store::products::{self as store, ProductFilter},
};

/// `?q=&category=&workshop=&in_season=true`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Characters (枇杷), toneless pinyin (`pipalu`) or initials (`ppl`).
    q: Option<String>,
    /// Only this category.
    #[param(value_type = Option<Category>)]
    category: Option<String>,
    /// Only this workshop's products.
    workshop: Option<String>,
    /// Only products in season this month.
    in_season: Option<bool>,
    /// Only the goods sold at this market.
    market: Option<String>,
}

/// Products: ranked by the search when `q` is given, else in season first.
#[utoipa::path(
    get,
    path = "/products",
    tag = "products",
    params(ListParams),
    responses((status = 200, description = "Products, best match first", body = Items<ProductSummary>), (status = 422, description = "`invalid_input`: an unknown category", body = ErrorBody))
)]
pub async fn list(
    State(state): State<AppState>,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Json<Items<ProductSummary>>, AppError> {
    let Query(params) = params.map_err(|e| AppError::InvalidInput(e.body_text()))?;
    let category = super::filter("category", params.category.as_deref(), Category::parse)?;
    let this_month = u8::from(when::china_time(state.clock.now()).month());
    let filter = ProductFilter {
        search: params.q.as_deref().and_then(search::parse),
        category,
        workshop: params.workshop.filter(|w| !w.is_empty()),
        in_season: params.in_season.unwrap_or(false).then_some(this_month),
        market: params.market.filter(|m| !m.is_empty()),
        this_month,
    };
    Ok(Json(Items {
        items: store::list(&state.db, &filter).await?,
    }))
}

/// One product; 404 `not_found` for an unknown id.
#[utoipa::path(
    get,
    path = "/products/{id}",
    tag = "products",
    params(("id" = String, Path, description = "The product", example = "p-hongtang")),
    responses((status = 200, description = "The product with its coming markets", body = Product), (status = 404, description = "`not_found`", body = ErrorBody))
)]
pub async fn detail(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::response::Response, AppError> {
    let product = store::get(&state.db, &id, state.clock.now())
        .await?
        .ok_or(AppError::NotFound)?;
    // It lists the coming markets: the first to end leaves the list.
    let first_end = product.markets.iter().map(|m| m.ends_at).min();
    let answer = Json(product).into_response();
    Ok(match first_end {
        Some(end) => crate::reads::valid_until(answer, end),
        None => answer,
    })
}

/// `GET /me/products`: the products the caller keeps (their own, their units' workshops').
#[utoipa::path(
    get,
    path = "/me/products",
    tag = "products",
    responses((status = 200, description = "The products the caller keeps", body = Items<ProductSummary>)),
    security(("bearer" = []))
)]
pub async fn mine(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Items<ProductSummary>>, AppError> {
    Ok(Json(Items {
        items: store::kept_by(&state.db, &user).await?,
    }))
}

/// `POST /products`: 201 with the product.
#[utoipa::path(
    post,
    path = "/products",
    tag = "products",
    request_body = ProductDraft,
    responses((status = 201, description = "The product", body = Product), (status = 403, description = "`forbidden`: a workshop of another unit", body = ErrorBody), (status = 422, description = "`invalid_input` (with `field`)", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    AppJson(draft): AppJson<ProductDraft>,
) -> Result<(StatusCode, Json<Product>), AppError> {
    let product = products::create(&state.db, state.clock.now(), &user, draft).await?;
    Ok((StatusCode::CREATED, Json(product)))
}

/// `PUT /products/{id}`: the whole product as it should be.
#[utoipa::path(
    put,
    path = "/products/{id}",
    tag = "products",
    params(("id" = String, Path, description = "The product", example = "p-hongtang")),
    request_body = ProductDraft,
    responses((status = 200, description = "The product, changed", body = Product), (status = 403, description = "`forbidden`: not its keeper", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody), (status = 422, description = "`invalid_input` (with `field`)", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    AppJson(draft): AppJson<ProductDraft>,
) -> Result<Json<Product>, AppError> {
    Ok(Json(
        products::update(&state.db, state.clock.now(), &user, &id, draft).await?,
    ))
}

/// `POST /products/{id}/photos` with the image file as the body: 201 with the product.
#[utoipa::path(
    post,
    path = "/products/{id}/photos",
    tag = "products",
    params(("id" = String, Path, description = "The product", example = "p-hongtang")),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "A JPEG, PNG or WebP photo of at most 8 MB and 50 megapixels"),
    responses((status = 201, description = "The product with the photo", body = Product), (status = 403, description = "`forbidden`: not its keeper", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody), (status = 413, description = "`payload_too_large`: over 8 MB", body = ErrorBody), (status = 422, description = "`invalid_image`; `image_too_large`: over 50 megapixels; `invalid_input`: six photos already", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn add_photo(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Product>), AppError> {
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
        _ => AppError::InvalidImage(rejection.body_text()),
    })?;
    let product = products::add_photo(&state.db, &state.clock, &user, &id, body.to_vec()).await?;
    Ok((StatusCode::CREATED, Json(product)))
}

/// `/media/{photo}-s.jpg` or `-l.jpg`: never changes under its name, so cached for a year.
pub async fn media(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    let (id, large) = match name.strip_suffix(".jpg").and_then(|n| n.rsplit_once('-')) {
        Some((id, "s")) => (id, false),
        Some((id, "l")) => (id, true),
        _ => return Err(AppError::NotFound),
    };
    let bytes = store::photo_bytes(&state.db, id, large)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        bytes,
    ))
}
