//! `/organise/products…`: the goods a user keeps — a stallholder's own, an organiser's workshops' —
//! to add and change, with photos taken on the phone. Open to every logged-in user; the server
//! decides what each may change.

use jishi_core::{
    auth::Role,
    product::{Category, Photo, Product, ProductDraft, SeasonMonths, WorkshopSummary},
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::fields::{label, Input, Select, TextArea};
use crate::components::problems::{api_error_text, problem_text, ErrorView, ProblemLine};
use crate::form_page::Back;
use crate::form_page::{FormPage, Waiting};
use crate::router::use_params_map;
use jishi_views::product_card::{ProductCard, Thumb};

use crate::{api, app::paths, fetch::Fetch, i18n::*, session::use_session};

/// The products the user keeps, each a link to its form.
#[component]
pub fn MyProductsPage() -> impl IntoView {
    let i18n = use_i18n();
    let products = Fetch::new(api::my_products);
    let list = move || {
        match products.get() {
            None => view! { <Waiting/> }.into_any(),
            Some(answer) => match answer {
                Ok(list) if list.is_empty() => {
                    view! { <p class="muted">{t!(i18n, no_my_products)}</p> }.into_any()
                }
                Ok(list) => list
                    .into_iter()
                    .map(|product| {
                        let href = paths::my_product(&product.id);
                        // The card links to the public page; this list edits, so it gets its own link.
                        view! { <a class="edit-link" href=href>{t!(i18n, edit_product)} " ›"</a><ProductCard product/> }
                    })
                    .collect_view()
                    .into_any(),
                Err(error) => view! { <ErrorView error retry=Callback::new(move |()| products.refetch())/> }.into_any(),
            },
    }
    };
    view! {
        <FormPage title=label(|i| t_string!(i, my_products).to_string()) back=Back::Me anyone=true>
            <a class="button primary" href=paths::MY_PRODUCTS_NEW>{t!(i18n, add_product)}</a>
            <div class="list">{list}</div>
        </FormPage>
    }
}

/// Add a product.
#[component]
pub fn NewProductPage() -> impl IntoView {
    let workshops = Fetch::new(api::workshops);
    let form = move || match workshops.get() {
        None => view! { <Waiting/> }.into_any(),
        Some(answer) => match answer {
            Ok(workshops) => view! { <ProductForm workshops existing=None/> }.into_any(),
            Err(error) => {
                view! { <ErrorView error retry=Callback::new(move |()| workshops.refetch())/> }
                    .into_any()
            }
        },
    };
    view! { <FormPage title=label(|i| t_string!(i, add_product).to_string()) back=Back::MyProducts anyone=true>{form}</FormPage> }
}

/// Change a product and its photos.
#[component]
pub fn EditProductPage() -> impl IntoView {
    let params = use_params_map();
    let loaded = Fetch::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { (api::product(&id).await, api::workshops().await) }
    });
    let form = move || match loaded.get() {
        None => view! { <Waiting/> }.into_any(),
        Some(answer) => match answer {
            (Ok(product), Ok(workshops)) => {
                let photos = product.clone();
                view! {
                    <ProductForm workshops existing=Some(product)/>
                    <PhotosPanel product=photos/>
                }
                .into_any()
            }
            (Err(error), _) | (_, Err(error)) => {
                view! { <ErrorView error retry=Callback::new(move |()| loaded.refetch())/> }
                    .into_any()
            }
        },
    };
    view! { <FormPage title=label(|i| t_string!(i, edit_product).to_string()) back=Back::MyProducts anyone=true>{form}</FormPage> }
}

#[component]
fn ProductForm(workshops: Vec<WorkshopSummary>, existing: Option<Product>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let text = |value: &str| RwSignal::new(value.to_owned());
    let name = text(existing.as_ref().map_or("", |p| p.name.as_str()));
    let category = text(
        existing
            .as_ref()
            .map_or(Category::Produce, |p| p.category)
            .as_str(),
    );
    let workshop = text(
        existing
            .as_ref()
            .and_then(|p| p.workshop.as_ref())
            .map_or("", |w| w.id.as_str()),
    );
    let season = RwSignal::new(
        existing
            .as_ref()
            .map_or(SeasonMonths::ALL_YEAR, |p| p.season_months),
    );
    let price = text(existing.as_ref().map_or("", |p| p.price_text.as_str()));
    let description = text(existing.as_ref().map_or("", |p| p.description.as_str()));
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let existing_id = existing.as_ref().map(|p| p.id.clone());

    // A user may file goods under the workshops of their host units (an admin under any).
    let user = session.user.get_untracked();
    let may_file_under = |w: &WorkshopSummary| {
        user.as_ref().is_some_and(|u| {
            u.roles.contains(&Role::Admin)
                || w.host_unit_id
                    .as_ref()
                    .is_some_and(|unit| u.host_units.iter().any(|h| &h.id == unit))
        })
    };
    let mut choices = vec![(String::new(), t_string!(i18n, own_goods).to_string())];
    choices.extend(
        workshops
            .iter()
            .filter(|w| may_file_under(w) || workshop.get_untracked() == w.id)
            .map(|w| (w.id.clone(), w.name.clone())),
    );
    let categories = Signal::derive(move || {
        Category::ALL
            .iter()
            .map(|c| (c.as_str().to_owned(), category_name(i18n, *c)))
            .collect()
    });

    let submit = Action::new_local(move |draft: &ProductDraft| {
        let (draft, id) = (draft.clone(), existing_id.clone());
        async move {
            match id {
                Some(id) => api::update_product(&id, &draft).await,
                None => api::create_product(&draft).await,
            }
        }
    });
    let is_new = existing.is_none();
    Effect::new(move |_| match submit.value().get() {
        // Added: on to its own form, where photos can join it.
        Some(Ok(product)) if is_new => {
            let _ = window()
                .location()
                .set_href(&paths::my_product(&product.id));
        }
        Some(Ok(_)) => saved.set(true),
        Some(Err(error)) => problem.set(Some(api_error_text(&error))),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let draft = ProductDraft {
            name: name.get(),
            category: Category::parse(&category.get()).unwrap_or(Category::Produce),
            workshop_id: Some(workshop.get()).filter(|w| !w.is_empty()),
            season_months: season.get(),
            price_text: price.get(),
            description: description.get(),
        };
        match draft.checked() {
            Ok(draft) => {
                problem.set(None);
                submit.dispatch(draft);
            }
            Err(p) => problem.set(Some(problem_text(p))),
        }
    };
    let months = (1..=12u8)
        .map(|month| {
            let on = move || season.get().contains(month);
            view! {
                <button
                    type="button"
                    class="chip-button month"
                    aria-pressed=move || on().to_string()
                    on:click=move |_| season.update(|s| *s = SeasonMonths::from_bits(s.bits() ^ (1 << (month - 1))))
                >
                    {format!("{month}月")}
                </button>
            }
        })
        .collect_view();

    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <Input label=label(|i| t_string!(i, f_name).to_string()) value=name name="name" max=30/>
            <Select label=label(|i| t_string!(i, f_kind).to_string()) value=category name="category" options=categories/>
            <Select label=label(|i| t_string!(i, f_workshop).to_string()) value=workshop name="workshop" options=Signal::stored(choices)/>
            <fieldset class="field">
                <legend>{t!(i18n, season_label)}</legend>
                <div class="months">{months}</div>
                <button type="button" class="button" on:click=move |_| season.set(SeasonMonths::ALL_YEAR)>{t!(i18n, all_year)}</button>
            </fieldset>
            <Input label=label(|i| t_string!(i, price_label).to_string()) value=price name="price" max=30/>
            <TextArea label=label(|i| t_string!(i, f_description).to_string()) value=description name="description"/>
            <ProblemLine text=problem/>
            {move || saved.get().then(|| view! { <p class="notice" role="status">{t!(i18n, saved)}</p> })}
            <button type="submit" class="button primary" disabled=move || submit.pending().get()>{t!(i18n, save)}</button>
        </form>
    }
}

/// The product's photos, and a button that takes or picks another (uploaded at once).
#[component]
fn PhotosPanel(product: Product) -> impl IntoView {
    let i18n = use_i18n();
    let photos = RwSignal::new(product.photos.clone());
    let problem = RwSignal::new(None::<String>);
    let id = product.id.clone();
    let upload = Action::new_local(move |file: &SendFile| {
        let (id, file) = (id.clone(), file.0.clone());
        async move { api::upload_photo(&id, file).await }
    });
    Effect::new(move |_| match upload.value().get() {
        Some(Ok(updated)) => {
            problem.set(None);
            photos.set(updated.photos);
        }
        Some(Err(error)) => problem.set(Some(api_error_text(&error))),
        None => {}
    });
    let on_pick = move |ev: leptos::ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(file) = input
            .as_ref()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        {
            upload.dispatch(SendFile(file));
        }
        // The same photo picked again after an error should upload again.
        if let Some(input) = input {
            input.set_value("");
        }
    };
    let name = product.name.clone();
    view! {
        <section class="card form" aria-labelledby="photos-heading">
            <h2 id="photos-heading">{t!(i18n, photos)}</h2>
            <div class="photo-row">
                {move || photos.get().into_iter().map(|photo: Photo| view! { <Thumb photo=Some(photo) fallback=String::new() alt=name.clone()/> }).collect_view()}
            </div>
            <label class="button primary file-button">
                {move || if upload.pending().get() { t_string!(i18n, uploading) } else { t_string!(i18n, add_photo) }}
                <input type="file" accept="image/*" name="photo" class="visually-hidden" on:change=on_pick/>
            </label>
            <ProblemLine text=problem/>
            <a rel="external" href=paths::product(&product.id)>{t!(i18n, view_public)} " ›"</a>
        </section>
    }
}

/// A picked file, handed to the upload action (browser objects live on this one thread).
#[derive(Clone)]
struct SendFile(web_sys::File);
