// Saves each answer as soon as it is chosen, and counts down the server's time limit.
// Without JavaScript the same form posts everything with the Save and Submit buttons.
// Every save carries a sequence: the server's clock when the page was made (data-clock)
// plus the time since, so the server keeps the newest answer whatever order requests
// arrive in, across tabs too. The same sequence goes into the form's seq- field, so the
// full form (Submit, or the timer) never replaces an answer saved later elsewhere.
(function () {
  "use strict";
  var form = document.getElementById("quiz-form");
  if (!form) { return; }
  var token = form.querySelector("input[name=csrf_token]").value;
  var help = document.getElementById("save-help");
  if (help && help.dataset.jsText) { help.textContent = help.dataset.jsText; }
  var lang = document.documentElement.lang;
  var clock = parseInt(form.dataset.clock, 10) || 0;
  var loadedAt = Date.now();
  var lastSeq = 0;
  var newest = {};  // question id -> sequence of the latest save sent from this page
  function nextSeq() {
    lastSeq = Math.max(lastSeq + 1, clock + (Date.now() - loadedAt));
    return lastSeq;
  }
  var text = lang === "en"
    ? { saving: "Saving…", saved: "Saved", failed: "Not saved: ", offline: "Not saved (no connection). It will be sent with the form.", minutes: " minutes left", minute: "1 minute left", up: "Time is up", login: "Log in again" }
    : { saving: "Đang lưu…", saved: "Đã lưu", failed: "Chưa lưu: ", offline: "Chưa lưu (mất kết nối). Câu trả lời sẽ được gửi cùng biểu mẫu.", minutes: " phút còn lại", minute: "Còn 1 phút", up: "Hết giờ", login: "Đăng nhập lại" };

  function save(fieldset) {
    var status = fieldset.querySelector(".save-status");
    var questionId = fieldset.dataset.questionId;
    var seq = nextSeq();
    newest[questionId] = seq;
    form.querySelector("input[name='seq-" + questionId + "']").value = seq;
    var data = new FormData();
    data.append("csrf_token", token);
    data.append("question_id", questionId);
    data.append("seq", seq);
    fieldset.querySelectorAll("input:checked").forEach(function (input) {
      data.append("choice", input.value);
    });
    status.textContent = text.saving;
    fetch(form.dataset.answerUrl, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) {
        if (newest[questionId] !== seq) { return; }  // a later change of this answer was sent
        if (response.ok) {
          status.textContent = text.saved;
        } else {
          status.textContent = text.failed + body.message;
          if (body.error === "time_is_up" || body.error === "already_submitted") {
            window.location.reload();
          } else if (body.error === "session_expired") {
            // Reloading shows the login page, which comes back here with the saved answers.
            var again = document.createElement("a");
            again.href = window.location.pathname;
            again.textContent = text.login;
            status.appendChild(document.createTextNode(" "));
            status.appendChild(again);
          }
        }
      });
    }).catch(function () {
      if (newest[questionId] === seq) { status.textContent = text.offline; }
    });
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset.question");
    if (fieldset) { save(fieldset); }
  });

  var timer = document.getElementById("timer");
  if (!timer) { return; }
  var deadline = Date.now() + parseInt(timer.dataset.secondsLeft, 10) * 1000;
  var value = document.getElementById("timer-value");
  var announce = document.getElementById("timer-announce");
  // Screen readers hear the time once at load, then only when it crosses one of these marks
  // (in seconds), never every second; a late or skipped tick still crosses the mark.
  var marks = [3600, 1800, 900, 600, 300, 60, 0];
  function markOf(left) {
    var passed = marks.filter(function (m) { return left <= m; });
    return passed.length ? passed[passed.length - 1] : null;
  }
  function spoken(left) {
    if (left === 0) { return text.up; }
    var minutes = Math.ceil(left / 60);
    return minutes === 1 ? text.minute : minutes + text.minutes;
  }
  var lastMark = markOf(parseInt(timer.dataset.secondsLeft, 10));
  announce.textContent = spoken(parseInt(timer.dataset.secondsLeft, 10));
  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    var minutes = Math.floor(left / 60);
    value.textContent = minutes + ":" + String(left % 60).padStart(2, "0");
    var mark = markOf(left);
    if (mark !== lastMark) {
      lastMark = mark;
      announce.textContent = spoken(left);
    }
    if (left === 0) {
      var submit = document.createElement("input");
      submit.type = "hidden"; submit.name = "submit"; submit.value = "1";
      form.appendChild(submit);
      form.submit();
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();
}());
