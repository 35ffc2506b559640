/*
 * Runs before Material's bundle (see overrides/main.html).
 * - Over HTTP, the search index of this page's language (data-index) and the search worker are
 *   fetched only when the reader starts a search, not on page load. From file:// (the offline
 *   bundle) Material reads the index from a script instead and this part stays off.
 * - Quoted phrases narrow the results to sections with the words in that order.
 * - Words of a page opened from a search result are highlighted without regard to diacritics.
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

  /* Quoted phrases: Material only requires each quoted word. The worker's results are
     narrowed here to the sections where the words of each phrase follow one another (compared
     without diacritics), before Material shows them. Works over HTTP and from file://. */
  var RealWorker = window.Worker
  if (RealWorker) {
    window.Worker = function (url, options) {
      var worker = new RealWorker(url, options)
      var post = worker.postMessage.bind(worker)
      var add = worker.addEventListener.bind(worker)
      var query = ""
      worker.postMessage = function (message) {
        if (message && message.type === 2) query = String(message.data)
        return post(message)
      }
      worker.addEventListener = function (type, listener, options) {
        if (type !== "message") return add(type, listener, options)
        return add(type, function (event) {
          var data = event.data
          var phrases = phrasesOf(query)
          if (!data || data.type !== 3 || !phrases.length) return listener.call(this, event)
          var items = data.data.items.map(function (group) {
            var found = group.filter(function (doc) { return hasPhrases(doc, phrases) })
            if (!found.length) return null
            return group.filter(function (doc) {
              return found.indexOf(doc) >= 0 || doc.location.indexOf("#") < 0
            })
          }).filter(Boolean)
          var result = Object.assign({}, data.data, { items: items })
          return listener.call(this, new MessageEvent("message", {
            data: Object.assign({}, data, { data: result })
          }))
        }, options)
      }
      return worker
    }
  }

  function words(text) {
    return fold(text.replace(/<[^>]*>/g, " ")).match(/[\p{L}\p{N}]+/gu) || []
  }

  function phrasesOf(query) {
    var phrases = []
    query.replace(/"([^"]+)"/g, function (all, phrase) {
      var list = words(phrase)
      if (list.length > 1) phrases.push(" " + list.join(" ") + " ")
      return all
    })
    return phrases
  }

  function hasPhrases(doc, phrases) {
    var title = " " + words(doc.title || "").join(" ") + " "
    var text = " " + words(doc.text || "").join(" ") + " "
    return phrases.every(function (phrase) {
      return title.indexOf(phrase) >= 0 || text.indexOf(phrase) >= 0
    })
  }

  /* A page opened from a search result (?h=terms): Material would mark only the words spelt
     like the folded terms, and would need the index for it. The words are marked here instead,
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
    terms = fold(terms).split(/\s+/).filter(Boolean)
    if (terms.length) document.addEventListener("DOMContentLoaded", function () { mark(terms) })
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase()
  }

  function mark(terms) {
    var content = document.querySelector("[data-md-component=content]")
    if (!content) return
    var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT)
    var nodes = []
    for (var node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node)
    var word = /[\p{L}\p{M}\p{N}]+/gu
    nodes.forEach(function (node) {
      var text = node.textContent
      var parts = []
      var last = 0
      text.replace(word, function (found, at) {
        var folded = fold(found)
        if (!terms.some(function (term) { return folded.indexOf(term) === 0 })) return found
        parts.push(document.createTextNode(text.slice(last, at)))
        var highlight = document.createElement("mark")
        highlight.setAttribute("data-md-highlight", "")
        highlight.textContent = found
        parts.push(highlight)
        last = at + found.length
        return found
      })
      if (!parts.length) return
      parts.push(document.createTextNode(text.slice(last)))
      node.replaceWith.apply(node, parts)
    })
  }
})()
