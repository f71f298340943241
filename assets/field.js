/* The field page keeps the phone's latest GPS fix in a store; reports carry it when there is one. */
(function () {
  "use strict";
  let watching = false;
  window.setInterval(function () {
    if (watching || !document.querySelector(".field") || !navigator.geolocation || !window.dash_clientside) return;
    watching = true;
    navigator.geolocation.watchPosition(function (fix) {
      window.dash_clientside.set_props("field-position",
        { data: { lon: fix.coords.longitude, lat: fix.coords.latitude, accuracy: fix.coords.accuracy } });
    }, function () { /* no permission or no fix: reports go without a position */ }, { enableHighAccuracy: true });
  }, 1000);
})();
