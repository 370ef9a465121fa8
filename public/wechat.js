// Inside WeChat's browser, on a server that signs WeChat's JS-SDK (the page carries
// <meta name="jishi-wechat">), style/start.js loads this file; no other browser downloads it, and
// none of it is in the apps' wasm (BENCHMARKS.md, "Inside WeChat"). It asks the server to sign
// wx.config for the page (GET /api/v1/wechat/js-config), loads WeChat's JS-SDK, and then:
// - hands WeChat the page's share card: the app's (window.jishiShareCard, set again with each
//   'jishi:share' event as the app moves between pages), else the og: tags the server drew, else
//   the page's title and the site's picture;
// - on 'jishi:scan' opens WeChat's scanner and answers 'jishi:scanned' with what it read (the gate).
// It says 'jishi:wechat-ready' (and <html data-wechat=ready>) once WeChat took the configuration.
(function () {
  'use strict';
  var SDK = 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js';
  var CALLS = ['updateAppMessageShareData', 'updateTimelineShareData', 'scanQRCode'];
  // On iPhone WeChat checks the signature against the address the visit started at, on Android
  // against the current one (which the app changes as it moves between pages).
  var onIphone = /iPhone|iPad/.test(navigator.userAgent);
  var landing = pageUrl();
  var signedFor = null;
  var configured = null;

  function pageUrl() {
    return location.href.split('#')[0];
  }

  function loadSdk() {
    if (window.wx) return Promise.resolve();
    return new Promise(function (loaded, failed) {
      var script = document.createElement('script');
      script.src = SDK;
      script.onload = loaded;
      script.onerror = failed;
      document.head.appendChild(script);
    });
  }

  function configure() {
    var url = onIphone ? landing : pageUrl();
    if (url === signedFor) return configured;
    signedFor = url;
    configured = fetch('/api/v1/wechat/js-config?url=' + encodeURIComponent(url))
      .then(function (answer) {
        if (!answer.ok) throw new Error('js-config ' + answer.status);
        return answer.json();
      })
      .then(function (config) {
        return loadSdk().then(function () {
          return new Promise(function (ready, refused) {
            wx.config({
              debug: false,
              appId: config.appId,
              timestamp: config.timestamp,
              nonceStr: config.nonceStr,
              signature: config.signature,
              jsApiList: CALLS,
            });
            wx.ready(ready);
            wx.error(refused);
          });
        });
      });
    configured.then(function () {
      document.documentElement.setAttribute('data-wechat', 'ready');
      window.dispatchEvent(new Event('jishi:wechat-ready'));
    }, function () {
      // No network, or WeChat refused: the next page's card asks again.
      signedFor = null;
    });
    return configured;
  }

  function meta(selector) {
    var element = document.querySelector(selector);
    return element ? element.getAttribute('content') : null;
  }

  function card() {
    return window.jishiShareCard || {
      title: meta('meta[property="og:title"]') || document.title,
      desc: meta('meta[property="og:description"]') || meta('meta[name=description]') || '',
      imgUrl: meta('meta[property="og:image"]') || location.origin + '/api/v1/share.png',
    };
  }

  function share() {
    configure().then(function () {
      var shown = card();
      var link = pageUrl();
      wx.updateAppMessageShareData({ title: shown.title, desc: shown.desc, link: link, imgUrl: shown.imgUrl });
      wx.updateTimelineShareData({ title: shown.title, link: link, imgUrl: shown.imgUrl });
    }, function () {});
  }

  function scan() {
    configure().then(function () {
      wx.scanQRCode({
        needResult: 1,
        scanType: ['qrCode'],
        success: function (answer) {
          window.dispatchEvent(new CustomEvent('jishi:scanned', { detail: answer.resultStr }));
        },
      });
    }, function () {});
  }

  window.addEventListener('jishi:share', share);
  window.addEventListener('jishi:scan', scan);
  share();
})();
