//! What a page fetches: nothing until its answer is there, then the answer, fetched again
//! whenever a signal the fetch closure read before its `async` block changes (the month, 重试;
//! signals read inside the future are not followed). An answer the page already carries
//! (the server's drawing, see `api::read`) is there for the first render, so the app draws the
//! server's page again at once.
//!
//! It stands in for Leptos' `LocalResource` with `Suspense`: one signal and one effect per fetch,
//! where those build an async state machine and its suspense boundary per page, which weighed about
//! 18 KB brotli of the villagers' app and 12 KB of the check-in's (BENCHMARKS.md). A page says
//! itself what it shows while it waits (`Loading`, `form_page::Waiting`).

use std::{
    cell::Cell,
    future::Future,
    rc::Rc,
    task::{Context, Poll, Waker},
};

use leptos::{prelude::*, reactive::effect::RenderEffect};

/// A fetch's answer, as a signal.
pub struct Fetch<T: 'static> {
    answer: RwSignal<Option<T>, LocalStorage>,
    again: Trigger,
}

impl<T: 'static> Clone for Fetch<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Fetch<T> {}

impl<T: Clone + 'static> Fetch<T> {
    /// Starts `fetch` now, and again when what it reads changes; while the next answer loads there
    /// is none (the page shows that it loads). An older fetch answering late is ignored.
    pub fn new<F>(fetch: impl Fn() -> F + 'static) -> Self
    where
        F: Future<Output = T> + 'static,
    {
        Self::start(fetch, false)
    }

    /// Like [`Fetch::new`], but the last answer stays while the next one loads (a list following
    /// what is typed narrows instead of blinking).
    pub fn keeping_last<F>(fetch: impl Fn() -> F + 'static) -> Self
    where
        F: Future<Output = T> + 'static,
    {
        Self::start(fetch, true)
    }

    fn start<F>(fetch: impl Fn() -> F + 'static, keep_last: bool) -> Self
    where
        F: Future<Output = T> + 'static,
    {
        let answer = RwSignal::new_local(None);
        let again = Trigger::new();
        let latest = Rc::new(Cell::new(0u32));
        let effect = RenderEffect::new(move |_| {
            again.track();
            let mut future = Box::pin(fetch());
            let this = latest.get().wrapping_add(1);
            latest.set(this);
            // A carried answer is ready at the first poll: taken now, it is drawn in this render.
            let first = untrack(|| {
                future
                    .as_mut()
                    .poll(&mut Context::from_waker(Waker::noop()))
            });
            match first {
                Poll::Ready(value) => answer.set(Some(value)),
                Poll::Pending => {
                    if !keep_last {
                        answer.set(None);
                    }
                    let latest = Rc::clone(&latest);
                    leptos::task::spawn_local(async move {
                        let value = future.await;
                        if latest.get() == this {
                            answer.set(Some(value));
                        }
                    });
                }
            }
        });
        StoredValue::new_local(effect);
        Self { answer, again }
    }

    /// The answer, once there is one (tracked).
    pub fn get(&self) -> Option<T> {
        self.answer.get()
    }

    /// Fetches again (重试).
    pub fn refetch(&self) {
        self.again.notify();
    }
}
