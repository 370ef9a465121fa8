//! Today's date in China, for what depends on it (in season now, the month calendar). The app reads
//! the phone's clock, the server its own: given once through the context rather than read inside
//! components, so the server's page and the app's first render agree.

use leptos::prelude::*;
use time::Date;

/// The day the page is drawn for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Today(pub Date);

/// Gives every component below today's date.
pub fn provide_today(date: Date) {
    provide_context(Today(date));
}

/// The date [`provide_today`] gave.
pub fn use_today() -> Date {
    expect_context::<Today>().0
}
