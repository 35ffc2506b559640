// The busy login page: count down to the time the server gave, keep the button disabled
// until then, and send the form once at zero if the password is filled in again.
(function () {
  "use strict";
  var counter = document.querySelector("[data-countdown]");
  var form = document.querySelector("form.form");
  if (!counter || !form) return;
  var button = form.querySelector("button[type=submit]");
  var password = form.querySelector("input[type=password]");
  var left = parseInt(counter.textContent, 10) || 1;
  button.disabled = true;
  var timer = window.setInterval(function () {
    left -= 1;
    counter.textContent = String(Math.max(left, 0));
    if (left > 0) return;
    window.clearInterval(timer);
    button.disabled = false;
    if (password && password.value) form.submit();
    else if (password) password.focus();
  }, 1000);
})();
