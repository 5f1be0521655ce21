"use strict";
// The receipt's QR code opens /check#CODE. The code stays in the fragment, which a browser never
// sends to a server, a proxy or a log; this script puts it into the form, removes it from the
// address bar and history, and sends the form by POST. Without script the family types the code.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("check-form");
  var input = document.getElementById("code");
  var code = "";
  try {
    code = decodeURIComponent(window.location.hash.slice(1));
  } catch (e) {
    code = "";
  }
  if (window.location.hash) {
    history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  if (!form || !input || !code) {
    return;
  }
  input.value = code.slice(0, 64);
  form.submit();
});
