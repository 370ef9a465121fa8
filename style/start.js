// Inlined into each app's page by trunk; trunk's loader (Trunk.toml) calls jishiStart with a way to
// load the app's hashed script, and its wasm, once the first frame is painted.
//
// A page the server drew (`<html data-drawn>`) is whole without the app: it reads, its links load
// the next drawn page, its search is a form. Starting the app costs a cheap phone half a second of
// its main thread (V8 compiles each wasm function on its first call, and the app draws the page
// again), which would land just as the villager starts to read or scroll. So on such a page the
// app's files download after the paint, and the app starts at the first act that needs it: a tap
// on a button or a choice, a key outside a text field. The tapped button gets its click again from
// the app. Typing is left to the page: the app's drawing would replace the field mid-word (a
// pinyin composition, the phone's keyboard), and the drawn search form answers Enter itself.
// A page only the app can draw (the boot skeleton) starts it at once.
window.jishiStart = function (glue, wasm) {
  var html = document.documentElement;
  // boot.js found no WebAssembly this app can run: a drawn page stays as drawn, a skeleton says so.
  if (html.hasAttribute('data-unsupported')) return;
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

  // Download and compile (off the main thread) once the page is on the screen and the phone idle, or
  // at once when the villager acts first, so the page's own paint shares the line with nothing.
  var hurry;
  var module = new Promise(function (resolve) {
    hurry = resolve;
    requestAnimationFrame(function () { requestAnimationFrame(function () { idle(resolve); }); });
  }).then(function () {
    return typeof WebAssembly === 'object' && typeof WebAssembly.compileStreaming === 'function'
      ? WebAssembly.compileStreaming(fetch(wasm)).catch(function () { return wasm; })
      : wasm;
  });
  module.then(fetched);

  var ACTS = ['keydown', 'click'];
  // WeChat's browser saves no files: there a download link's tap starts the app too, which shows
  // the way out instead (crates/views/src/open_in_browser.rs).
  var CONTROLS = /MicroMessenger/.test(navigator.userAgent)
    ? 'button, select, input, a[download]'
    : 'button, select, input';
  var TYPED = 'textarea, input:not([type=button]):not([type=checkbox]):not([type=radio]):not([type=submit])';
  var started = false;
  var click = null;
  function onAct(event) {
    var target = event.target.closest ? event.target : null;
    if (!target || target.closest(TYPED)) return;
    var control = target.closest(CONTROLS);
    if (event.type === 'click') {
      if (!control) return;
      // A button's (or that link's) click comes again once the app has drawn its own.
      if ((control.type === 'button' || control.tagName === 'A') && control.id) {
        event.preventDefault();
        click = control.id;
      }
    }
    if (started) return;
    started = true;
    hurry();
    module.then(run).then(whenRunning).then(replay, function () {
      // No script or wasm arrived (3G dropped): the page still works as drawn; the next act tries again.
      started = false;
      click = null;
    });
  }
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
    var button = click && document.getElementById(click);
    if (button) button.click();
  }
};

// Inside WeChat's browser, on a server that signs WeChat's JS-SDK (the mark the server puts in the
// page): the share card and WeChat's scanner, from a file no other browser downloads.
(function () {
  if (!/MicroMessenger/.test(navigator.userAgent)) return;
  if (!document.querySelector('meta[name=jishi-wechat]')) return;
  var script = document.createElement('script');
  script.src = '/wechat.js';
  document.head.appendChild(script);
})();
