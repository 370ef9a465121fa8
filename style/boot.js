// Inlined into index.html and organise.html by trunk: runs before the first paint.
// Apply the saved elder mode and language so the skeleton already
// has the right size, and tell old browsers plainly that they cannot run the app.
(function () {
  var html = document.documentElement;
  // Controls that need a script show only where scripts run (see `.needs-script`).
  html.setAttribute('data-scripted', '');
  try {
    if (localStorage.getItem('jishi.elder') === '1') html.classList.add('elder');
    var lang = localStorage.getItem('jishi.lang');
    if (lang) html.lang = lang;
  } catch (e) { /* storage blocked: defaults apply */ }
  // A module with an externref parameter validates only where wasm reference types exist
  // (Chrome 96, iOS 15): the floor of the app.
  var supported = typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function' &&
    WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 1, 111, 0]));
  if (!supported) html.setAttribute('data-unsupported', '');
  function show(id) {
    var skeleton = document.getElementById('boot-skeleton');
    var note = document.getElementById(id);
    if (skeleton && note) { skeleton.hidden = true; note.hidden = false; }
  }
  document.addEventListener('DOMContentLoaded', function () {
    if (!supported) show('boot-unsupported');
    var reload = document.getElementById('boot-reload');
    if (reload) reload.addEventListener('click', function () { location.reload(); });
  });
  // The wasm did not arrive or did not start (a dropped 3G connection, usually): the loader
  // script fails with an uncaught error or rejection while the skeleton is still up.
  function failed() {
    if (supported && document.getElementById('boot-skeleton')) show('boot-failed');
  }
  window.addEventListener('error', failed);
  window.addEventListener('unhandledrejection', failed);
})();
