//! Where WeChat's browser cannot do something (save a file, print, open the camera on some phones):
//! one line saying so, a picture of the way out (the top-right ··· menu, 在浏览器打开), and the
//! page's link to copy, instead of a button that does nothing.

use leptos::prelude::*;

use crate::i18n::*;

/// A copy button's action and whether its last copy worked: the app's (views cannot reach the
/// clipboard), one per thing copied so each says its own outcome.
#[derive(Debug, Clone, Copy)]
pub struct Copier {
    /// Copies the text it is given.
    pub copy: Callback<String>,
    /// Whether the last copy worked (`None` before the first).
    pub copied: Signal<Option<bool>>,
}

/// The way out of WeChat's browser for `why` (a translated line: what cannot be done here).
#[component]
pub fn OpenInBrowser(
    /// What WeChat cannot do here, in a line.
    #[prop(into)]
    why: Signal<String>,
    /// The address to open in the phone's browser.
    link: String,
    /// Copies the link; when a copy fails, the link is there to long-press.
    copier: Copier,
) -> impl IntoView {
    let i18n = use_i18n();
    let link_for_copy = link.clone();
    let copy = move |_| copier.copy.run(link_for_copy.clone());
    let copied = copier.copied;
    view! {
        <section class="card open-in-browser" role="note">
            <p><strong>{why}</strong></p>
            <p>{t!(i18n, wechat_open_in_browser)}</p>
            <MenuPicture/>
            <button type="button" class="button" on:click=copy>{t!(i18n, wechat_copy_link)}</button>
            {move || match copied.get() {
                Some(true) => Some(view! { <p class="muted" role="status">{t!(i18n, copied)}</p> }.into_any()),
                Some(false) => Some(view! { <p class="muted" role="status">{t!(i18n, copy_failed)}</p> }.into_any()),
                None => None,
            }}
            <p class="share-text">{link}</p>
        </section>
    }
}

/// WeChat's top bar with its ··· button ringed, and the menu it opens with 在浏览器打开 marked: a
/// picture in the reader's language (`public/wechat-menu-*.svg`), fetched only where it is shown.
#[component]
fn MenuPicture() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <img class="menu-picture" width="320" height="150"
            src=move || format!("/wechat-menu-{}.svg", lang.get().tag())
            alt=move || t_string!(i18n, wechat_menu_item)/>
    }
}
