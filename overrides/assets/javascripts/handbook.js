/*
 * Runs before Material's bundle (see overrides/main.html).
 * - Over HTTP, the search index of this page's language (data-index) and the search worker are
 *   fetched only when the reader starts a search, not on page load. From file:// (the offline
 *   bundle) Material reads the index from a script instead and this part stays off.
 * - Material's look-up of "sitemap.xml" next to each alternate-language link is answered with
 *   an error at once, without a request: with per-page alternates those files do not exist, and
 *   Material then follows the language link as written, which is the twin page.
 */
(function () {
  "use strict"
  var online = location.protocol !== "file:"
  var script = document.currentScript
  var indexUrl = new URL(script.getAttribute("data-index"), location.href).href

  var config = document.getElementById("__config")
  if (online && config) {
    var settings = JSON.parse(config.textContent)
    var worker = new URL(settings.search, location.href).href
    settings.search = new URL("workers/search-on-demand.js", script.src).href +
      "?worker=" + encodeURIComponent(worker)
    config.textContent = JSON.stringify(settings)
  }

  var started = !online
  var waiting = []
  function start() {
    if (started) return
    started = true
    waiting.splice(0).forEach(function (send) { send() })
  }

  var open = XMLHttpRequest.prototype.open
  var send = XMLHttpRequest.prototype.send
  XMLHttpRequest.prototype.open = function (method, url) {
    var path = new URL(String(url), location.href).pathname
    var args = Array.prototype.slice.call(arguments)
    this._handbook = null
    if (online && /\/search\/search_index\.json$/.test(path)) {
      this._handbook = "index"
      args[1] = indexUrl
    } else if (/\/sitemap\.xml$/.test(path)) {
      this._handbook = "skip"
    }
    return open.apply(this, args)
  }
  XMLHttpRequest.prototype.send = function () {
    var xhr = this
    var args = arguments
    if (xhr._handbook === "skip") {
      setTimeout(function () { xhr.dispatchEvent(new ProgressEvent("error")) })
      return
    }
    if (xhr._handbook === "index" && !started) {
      waiting.push(function () { send.apply(xhr, args) })
      return
    }
    return send.apply(xhr, args)
  }

  /* A search starts when the search field gets the focus or the search dialog opens. */
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-md-component=search-query]")) start()
  })
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) start()
  })
  document.addEventListener("keydown", function (event) {
    if (!event.ctrlKey && !event.metaKey && /^[sf/]$/.test(event.key)) start()
  })
})()
