//! Where WeChat's browser cannot do something (save a file, print, open the camera on some phones):
//! one line saying so, a picture of the way out (the top-right ··· menu, 在浏览器打开), and the
//! page's link to copy, instead of a button that does nothing.

use leptos::prelude::*;

use crate::i18n::*;

/// The way out of WeChat's browser for `why` (a translated line: what cannot be done here).
#[component]
pub fn OpenInBrowser(
    /// What WeChat cannot do here, in a line.
    #[prop(into)]
    why: Signal<String>,
    /// The address to open in the phone's browser.
    link: String,
    /// Copies the link (the app's; the clipboard is the app's to use).
    #[prop(optional)]
    on_copy: Option<Callback<String>>,
    /// Whether the last copy worked: when not, the link is there to long-press.
    #[prop(into, default = Signal::stored(None))]
    copied: Signal<Option<bool>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let link_for_copy = link.clone();
    let copy = move |_| {
        if let Some(on_copy) = on_copy {
            on_copy.run(link_for_copy.clone());
        }
    };
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

/// WeChat's top bar with its ··· button ringed, and the menu it opens with 在浏览器打开 marked:
/// drawn inline (no image to fetch on 3G), its words in the reader's language.
#[component]
fn MenuPicture() -> impl IntoView {
    let i18n = use_i18n();
    let item = move || t_string!(i18n, wechat_menu_item).to_string();
    view! {
        <svg class="menu-picture" viewBox="0 0 320 150" role="img" aria-label=item>
            <rect x="0" y="0" width="320" height="44" rx="6" fill="#ededed"/>
            <text x="16" y="28" font-size="16" fill="#1c1917">"✕"</text>
            <text x="130" y="28" font-size="15" fill="#1c1917">"集市通"</text>
            <circle cx="292" cy="22" r="17" fill="none" stroke="#b93d0c" stroke-width="3"/>
            <circle cx="284" cy="22" r="2.5" fill="#1c1917"/>
            <circle cx="292" cy="22" r="2.5" fill="#1c1917"/>
            <circle cx="300" cy="22" r="2.5" fill="#1c1917"/>
            <path d="M292 44 L292 62" stroke="#b93d0c" stroke-width="3"/>
            <path d="M286 56 L292 64 L298 56" fill="none" stroke="#b93d0c" stroke-width="3"/>
            <rect x="150" y="68" width="166" height="76" rx="8" fill="#ffffff" stroke="#d6d3d1"/>
            <text x="166" y="96" font-size="15" fill="#57534e">"…"</text>
            <rect x="156" y="108" width="154" height="30" rx="6" fill="#fff3ec" stroke="#b93d0c" stroke-width="2"/>
            <text x="166" y="129" font-size="16" font-weight="bold" fill="#8a2c06">{item}</text>
        </svg>
    }
}
