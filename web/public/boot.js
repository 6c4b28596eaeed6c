/* global window, location, navigator, fetch */
// Starts the session check the app makes on every start (POST /api/auth/refresh with the httpOnly
// cookie) while the app's code is still downloading; the app takes this answer instead of asking
// again (web/src/api/client.ts, docs/WEB.md "Speed"). It takes the same Web Lock as the app, so two
// tabs never present one refresh token twice.
(function () {
  if (window.__camketAppStarted) return; // the app came first and asks itself
  if (location.pathname.indexOf('/dang-nhap') === 0) return; // the login page asks nothing
  var refresh = function () {
    return fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      credentials: 'same-origin',
    });
  };
  var started = navigator.locks ? navigator.locks.request('camket-refresh', refresh) : refresh();
  // Handled here so an offline start is not an unhandled rejection; the app sees the failure itself.
  started.catch(function () {});
  window.__camketBootRefresh = started;
})();
