// Inlined into each app's page by trunk; trunk's loader (Trunk.toml) calls jishiStart with a way to
// load the app's hashed script, and its wasm, once the first frame is painted.
//
// A page the server drew (`<html data-drawn>`) is whole without the app: it reads, its links load
// the next drawn page, its search is a form. Starting the app costs a cheap phone half a second of
// its main thread (V8 compiles each wasm function on its first call, and the app draws the page
// again), which would land just as the villager starts to read or scroll. So on such a page the
// app's files download after the paint, and the app starts at the first act that needs it: a key,
// a tap on a field or a button. The tapped field gets the focus back with what was typed, and the
// tapped button its click. A page only the app can draw (the boot skeleton) starts it at once.
window.jishiStart = function (glue, wasm) {
  var html = document.documentElement;
  function run(module) {
    return glue().then(function (app) { return app['default']({ module_or_path: module }); });
  }
  function fetched() { window.dispatchEvent(new Event('jishi:fetched')); }
  function idle(then) {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(then, { timeout: 1000 });
    else setTimeout(then, 200);
  }
  if (!html.hasAttribute('data-drawn')) {
    return run(wasm).then(fetched);
  }

  // Download and compile (off the main thread) once the page is on the screen and the phone idle, so
  // the first act waits for no network and the page's own paint shares the line with nothing.
  var module = new Promise(function (resolve) {
    requestAnimationFrame(function () { requestAnimationFrame(function () { idle(resolve); }); });
  }).then(function () {
    return typeof WebAssembly === 'object' && typeof WebAssembly.compileStreaming === 'function'
      ? WebAssembly.compileStreaming(fetch(wasm)).catch(function () { return wasm; })
      : wasm;
  });
  module.then(fetched);

  var ACTS = ['keydown', 'focusin', 'click'];
  var CONTROLS = 'input, select, textarea, button';
  var act = null;
  function onAct(event) {
    var control = event.target.closest ? event.target.closest(CONTROLS) : null;
    if (!control && event.type !== 'keydown') return;
    if (control && control.id) {
      // A button's click comes again once the app has drawn its own button.
      if (event.type === 'click' && control.type === 'button') {
        event.preventDefault();
        act = { id: control.id, click: true };
      } else if (!act) {
        act = { id: control.id, old: control };
      }
    }
    if (started) return;
    started = true;
    module.then(run).then(whenRunning).then(replay);
  }
  var started = false;
  ACTS.forEach(function (type) { document.addEventListener(type, onAct, true); });

  // The app marks `<html data-app=running>` once it has drawn the page.
  function whenRunning() {
    return new Promise(function (resolve) {
      if (html.getAttribute('data-app') === 'running') return resolve();
      new MutationObserver(function (changes, observer) {
        if (html.getAttribute('data-app') !== 'running') return;
        observer.disconnect();
        resolve();
      }).observe(html, { attributes: true, attributeFilter: ['data-app'] });
    });
  }
  function replay() {
    ACTS.forEach(function (type) { document.removeEventListener(type, onAct, true); });
    var now = act && document.getElementById(act.id);
    if (!now) return;
    if (act.click) return now.click();
    var old = act.old;
    // The app's drawing took the old field away, and with it the focus, unless it went elsewhere.
    if (old.isConnected || (document.activeElement && document.activeElement !== document.body)) return;
    if ('value' in old && old.value !== now.value) {
      now.value = old.value;
      now.dispatchEvent(new Event('input', { bubbles: true }));
    }
    now.focus();
    if (old.selectionStart != null && now.setSelectionRange) {
      try { now.setSelectionRange(old.selectionStart, old.selectionEnd); } catch (e) { /* not a text field */ }
    }
  }
};
