//! Translations: `locales/zh-CN.json` and `locales/en.json`, compiled in by leptos_i18n, which checks
//! every key at build time, for every screen of the apps and the pages the server writes. The
//! language itself is the app's preference (or, on the server, the request's); this module maps it
//! to leptos_i18n's locale and back.

// leptos_i18n 0.6 prefers a build script, but its build crate drags in ICU's data exporter (with
// networking) to do the same work this macro does for plain JSON strings.
#[expect(
    deprecated,
    reason = "load_locales! still works and avoids the heavy build-script crate"
)]
mod generated {
    leptos_i18n::load_locales!();
}

pub use generated::i18n::*;
use jishi_core::{market::MarketKind, product::Category, Lang};
use leptos::prelude::*;

/// The leptos_i18n locale for one of our languages.
pub fn locale_of(lang: Lang) -> Locale {
    match lang {
        Lang::ZhCn => Locale::zh_CN,
        Lang::En => Locale::en,
    }
}

/// One of our languages for a leptos_i18n locale.
pub fn lang_of(locale: Locale) -> Lang {
    match locale {
        Locale::zh_CN => Lang::ZhCn,
        Locale::en => Lang::En,
    }
}

/// The language the page is shown in now, for dates and other words written in core.
pub fn use_lang() -> Signal<Lang> {
    let i18n = use_i18n();
    Signal::derive(move || lang_of(i18n.get_locale()))
}

/// A market kind's name in the current language.
pub fn kind_name(i18n: leptos_i18n::I18nContext<Locale>, kind: MarketKind) -> String {
    match kind {
        MarketKind::ProduceFair => t_string!(i18n, kind_produce_fair),
        MarketKind::TrunkMarket => t_string!(i18n, kind_trunk_market),
        MarketKind::Festival => t_string!(i18n, kind_festival),
        MarketKind::NightMarket => t_string!(i18n, kind_night_market),
        MarketKind::Other => t_string!(i18n, kind_other),
    }
    .to_string()
}

/// A product category's name in the current language.
pub fn category_name(i18n: leptos_i18n::I18nContext<Locale>, category: Category) -> String {
    match category {
        Category::Produce => t_string!(i18n, cat_produce),
        Category::Specialty => t_string!(i18n, cat_specialty),
        Category::Handicraft => t_string!(i18n, cat_handicraft),
        Category::Food => t_string!(i18n, cat_food),
        Category::Nursery => t_string!(i18n, cat_nursery),
    }
    .to_string()
}

/// The browser tab's title for a page called `page` (what a shared link and the history list show).
/// Called where the translations are provided.
pub fn tab_title(page: &str) -> String {
    let i18n = use_i18n();
    format!("{page} · {}", t_string!(i18n, app_name))
}

/// Provides the translations in `lang` under the current owner, where no app provides them: the
/// server, drawing a page for one request.
pub fn provide_lang(lang: Lang) {
    let locale = Signal::stored(locale_of(lang));
    provide_context(leptos_i18n::context::init_i18n_subcontext::<Locale>(Some(
        locale,
    )));
}
