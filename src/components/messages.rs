//! Texts sent about a booking, each with how far it got; and the ready notices an organiser copies
//! into a WeChat group.

use jishi_core::message::{Message, MessageKind, MessageStatus, Notice};
use leptos::prelude::*;

use crate::{i18n::*, prefs::use_prefs};

/// What a message told, in a few words.
pub fn kind_word(i18n: leptos_i18n::I18nContext<Locale>, kind: MessageKind) -> String {
    match kind {
        MessageKind::Approved => t_string!(i18n, msg_approved),
        MessageKind::Rejected => t_string!(i18n, msg_rejected),
        MessageKind::Offered => t_string!(i18n, msg_offered),
        MessageKind::Cancelled => t_string!(i18n, msg_cancelled),
        MessageKind::Postponed => t_string!(i18n, msg_postponed),
        MessageKind::Reminder => t_string!(i18n, msg_reminder),
        MessageKind::NoShow => t_string!(i18n, msg_no_show),
        MessageKind::Drawn => t_string!(i18n, msg_drawn),
        MessageKind::Waitlisted => t_string!(i18n, msg_waitlisted),
    }
    .to_string()
}

fn status_word(i18n: leptos_i18n::I18nContext<Locale>, status: MessageStatus) -> String {
    match status {
        MessageStatus::Queued => t_string!(i18n, msg_queued),
        MessageStatus::Sending => t_string!(i18n, msg_sending),
        MessageStatus::Sent => t_string!(i18n, msg_sent),
        MessageStatus::Delivered => t_string!(i18n, msg_delivered),
        MessageStatus::Undelivered => t_string!(i18n, msg_undelivered),
        MessageStatus::Failed => t_string!(i18n, msg_failed),
        MessageStatus::OverLimit => t_string!(i18n, msg_over_limit),
    }
    .to_string()
}

/// The texts sent about one booking, oldest first: what each told, whether it went and when, and
/// (for organisers) why one failed.
#[component]
pub fn MessageList(
    /// The messages.
    messages: Vec<Message>,
    /// Whether to show the words sent and the providers' reasons (the organisers' view).
    #[prop(optional)]
    detailed: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    if messages.is_empty() {
        return view! { <p class="muted">{t!(i18n, no_messages)}</p> }.into_any();
    }
    let items = messages
        .into_iter()
        .map(|message| {
            let at = message.sent_at.unwrap_or(message.created_at).unix_timestamp();
            let bad = matches!(
                message.status,
                MessageStatus::Failed | MessageStatus::OverLimit | MessageStatus::Undelivered
            );
            let error = (detailed && !message.error.is_empty()).then(|| message.error.clone());
            view! {
                <li>
                    <strong>{kind_word(i18n, message.kind)}</strong> " "
                    <span class="chip" class:status-bad=bad>{status_word(i18n, message.status)}</span> " "
                    <span class="muted">{move || jishi_core::when::moment_label(at, prefs.lang.get())}</span>
                    {(!detailed).then(|| view! { <p class="message-text">{message.text.clone()}</p> })}
                    {error.map(|e| view! { <p class="error">{e}</p> })}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="messages">{items}</ul> }.into_any()
}

/// Ready notices for WeChat groups, each with a button that copies it (and the text itself to
/// long-press where the browser refuses the clipboard).
#[component]
pub fn GroupNotices(
    /// The notices that fit the market now.
    notices: Vec<Notice>,
) -> impl IntoView {
    let i18n = use_i18n();
    let items = notices
        .into_iter()
        .map(|notice| {
            let copier = crate::clipboard::copier();
            let copied = copier.copied;
            let text = notice.text.clone();
            let copy = move |_| copier.copy.run(text.clone());
            view! {
                <li class="card notice-item">
                    <p class="share-text">{notice.text}</p>
                    <button type="button" class="button primary" on:click=copy>{t!(i18n, copy)}</button>
                    {move || copied.get().map(|done| view! {
                        <p class="muted" role="status">
                            {if done { t!(i18n, copied).into_any() } else { t!(i18n, copy_failed_above).into_any() }}
                        </p>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="notices-heading">
            <h2 id="notices-heading">{t!(i18n, notices_title)}</h2>
            <ul class="list notices">{items}</ul>
        </section>
    }
}
