/*
 * Runs before Material's bundle (see overrides/main.html).
 * - Over HTTP, the search index of this page's language (data-index) and the search worker are
 *   fetched only when the reader starts a search, not on page load. From file:// (the offline
 *   bundle) Material reads the index from a script instead and this part stays off.
 * - Quoted phrases narrow the results to sections with the words in that order, and
 *   search-rank.js (fetched with the first query) orders them.
 * - Words of a page opened from a search result are highlighted without regard to diacritics
 *   (by search-rank.js, fetched for it).
 * - Material's look-up of "sitemap.xml" next to each alternate-language link is answered with
 *   an error at once, without a request: with per-page alternates those files do not exist.
 *   Links to the other language are followed as written (the twin page), keeping the #anchor.
 * - Abbreviations take the focus on a tap (Material's tooltip shows), wide tables are named
 *   scroll regions, and ?q=words opens the search with those words.
 * The files it names (data-worker, data-rank) carry a content hash in their names.
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
    settings.search = new URL(script.getAttribute("data-worker"), location.href).href +
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

  /* The worker's results pass through here before Material shows them: quoted phrases narrow
     them to the sections where the words follow one another (compared without diacritics),
     search-rank.js orders them, and an English query that found nothing is asked again with
     one typo allowed. Works over HTTP and from file://. */
  var RealWorker = window.Worker
  if (RealWorker) {
    window.Worker = function (url, options) {
      var worker = new RealWorker(url, options)
      var post = worker.postMessage.bind(worker)
      var add = worker.addEventListener.bind(worker)
      var listeners = []
      var sent = []  /* queries in the order the worker answers them */
      var latest = 0
      worker.postMessage = function (message) {
        if (message && message.type === 2) {
          loadRanker()
          sent.push({ query: String(message.data), id: ++latest, typos: false })
        }
        return post(message)
      }
      function deliver(event, data) {
        var copy = new MessageEvent("message", { data: data })
        listeners.forEach(function (listener) { listener.call(worker, data ? copy : event) })
      }
      function answer(event) {
        var data = event.data
        if (data && data.type === 1) setTimeout(askPending)  /* the index is ready */
        if (!data || data.type !== 3) return deliver(event)
        var asked = sent.shift() || { query: "", id: latest, typos: false }
        if (asked.id !== latest) return  /* the reader has typed on since */
        whenRanker(function () {
          var rank = self.HandbookRank
          var items = rank.narrow(data.data.items, asked.query)
          var english = document.documentElement.lang === "en"
          var retry = !items.length && english && !asked.typos &&
            !rank.looksVietnamese(asked.query) && rank.fuzzy(asked.query)
          if (retry) {
            sent.push({ query: asked.query, id: asked.id, typos: true })
            return post({ type: 2, data: retry })
          }
          items = rank.rank(asked.query, items, asked.typos)
          deliver(event, Object.assign({}, data, { data: Object.assign({}, data.data, { items: items }) }))
          rank.offerVietnamese(asked.query)
        })
      }
      worker.addEventListener = function (type, listener, options) {
        if (type !== "message") return add(type, listener, options)
        if (!listeners.length) add("message", answer)
        listeners.push(listener)
      }
      return worker
    }
  }

  /* search-rank.js, fetched once: with the first query, or to mark a result's words. */
  var ranker = null
  function loadRanker() {
    if (ranker) return
    ranker = []
    var tag = document.createElement("script")
    tag.src = new URL(script.getAttribute("data-rank"), location.href).href
    tag.onload = function () { ranker.splice(0).forEach(function (run) { run() }) }
    document.head.appendChild(tag)
  }
  function whenRanker(run) {
    loadRanker()
    if (self.HandbookRank) run()
    else ranker.push(run)
  }

  /* A page opened from a search result (?h=terms): Material would mark only the words spelt
     like the folded terms, and would need the index for it. search-rank.js marks them instead,
     compared without diacritics, and the index is not loaded. */
  var terms = new URL(location.href).searchParams.get("h")
  if (terms !== null) {
    var url = new URL(location.href)
    url.searchParams.delete("h")
    try {
      history.replaceState(history.state, "", url.href)
    } catch (error) {
      /* some browsers refuse it from file://; the address keeps its terms */
    }
    if (terms.trim()) {
      document.addEventListener("DOMContentLoaded", function () {
        whenRanker(function () { self.HandbookRank.mark(terms) })
      })
    }
  }

  /* Abbreviations: a tap (or click) gives them the focus, and Material's tooltip shows on
     focus as on hover; -1 keeps them out of the Tab order. */
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".md-typeset abbr[title]").forEach(function (abbr) {
      abbr.tabIndex = -1
    })
  })

  /* A table wider than the screen: its scroll area (shaded at the hidden edge by the page's
     CSS) is named and reachable with the keyboard. */
  var SCROLLS = { vi: "Bảng rộng, cuộn ngang để xem hết", en: "Wide table, scroll sideways" }
  function markScrolling() {
    var name = SCROLLS[document.documentElement.lang] || SCROLLS.en
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1
      wrap.classList.toggle("handbook-scrolls", scrolls)
      if (scrolls) {
        wrap.tabIndex = 0
        wrap.setAttribute("role", "region")
        wrap.setAttribute("aria-label", name)
      } else {
        wrap.removeAttribute("tabindex")
        wrap.removeAttribute("role")
        wrap.removeAttribute("aria-label")
      }
    })
  }
  window.addEventListener("load", markScrolling)
  window.addEventListener("resize", markScrolling)

  /* The language switch keeps the place: the twin page has the same heading ids. Links to the
     other language are followed as written (with the anchor, or the offer's ?q=); Material
     would go to the alternate page without them. */
  window.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".md-select a[hreflang], a[lang]")
    if (!link) return
    event.stopPropagation()
    if (!location.hash || !link.closest(".md-select")) return
    var url = new URL(link.href, location.href)
    url.hash = location.hash
    link.href = url.href
  }, true)

  /* ?q=words (the English pages' offer of a Vietnamese search, the 404 page): the search opens
     with those words, and they are searched once the index is ready. */
  var pending = new URL(location.href).searchParams.get("q")
  function askPending() {
    var field = document.querySelector("[data-md-component=search-query]")
    if (pending === null || !field) return
    field.value = pending
    field.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "End" }))
  }
  if (pending !== null) {
    window.addEventListener("load", function () {
      var url = new URL(location.href)
      url.searchParams.delete("q")
      try {
        history.replaceState(history.state, "", url.href)
      } catch (error) {
        /* some browsers refuse it from file:// */
      }
      var toggle = document.getElementById("__search")
      var field = document.querySelector("[data-md-component=search-query]")
      if (!toggle || !field) return
      toggle.checked = true
      toggle.dispatchEvent(new Event("change", { bubbles: true }))
      field.focus()
      start()
      askPending()
    })
  }
})()
