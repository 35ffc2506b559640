/*
 * Search results, loaded by handbook.js with the first query (not on page load): quoted
 * phrases, the order of the results, and the words marked on a page opened from a result.
 * lunr scores a prefix in a title ("so" in "sóng") a thousand times a word of the text, so
 * "thong tin co so" put chapter 6 above chapter 8 "Thông tin cơ sở". Here each section is
 * scored again from the words the reader typed:
 * - a title or heading counts ten times the text;
 * - a word spelt as typed, diacritics included, counts more than the same word without them
 *   ("tin giả" above "đánh giá"), a whole word more than a word it only begins, and the words
 *   next to each other in the order typed more than scattered;
 * - a page is ranked by its best section, then by how many other sections match.
 * English search retries once with one typo allowed (`crisys`) when nothing matches, and on
 * English pages a Vietnamese query is told it searches English pages, with a link to the
 * Vietnamese search.
 */
(function () {
  "use strict"

  var WORD = /[\p{L}\p{M}\p{N}]+/gu
  var EXACT = 4, FOLDED = 3, PREFIX = 1, TYPO = 1

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase()
  }

  function tokens(html) {
    var text = String(html || "").replace(/<[^>]*>/g, " ").normalize("NFC").toLowerCase()
    return (text.match(WORD) || []).map(function (word) {
      return { word: word, folded: fold(word) }
    })
  }

  function queryWords(query) {
    return tokens(query.replace(/[~^*+\-]\d*/g, " "))
  }

  /* One edit (insert, delete or replace a letter) turns a into b. */
  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false
    var i = 0
    while (i < a.length && a[i] === b[i]) i++
    return a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) ||
      a.slice(i + 1) === b.slice(i)
  }

  function level(term, word, typos) {
    if (word.word === term.word) return EXACT
    if (word.folded === term.folded) return FOLDED
    if (word.folded.indexOf(term.folded) === 0) return PREFIX
    if (typos && term.folded.length >= 4 && oneEdit(term.folded, word.folded)) return TYPO
    return 0
  }

  /* Score of one field: each term's best match, its repetitions, and runs of terms in order. */
  function fieldScore(terms, words, typos) {
    var score = 0
    terms.forEach(function (term) {
      var best = 0, count = 0
      words.forEach(function (word) {
        var found = level(term, word, typos)
        if (found > best) { best = found; count = 0 }
        if (found && found === best) count++
      })
      if (best) score += best * (1 + Math.log(count) / 4)
    })
    if (terms.length > 1) {
      var runs = 0
      for (var i = 0; i + terms.length <= words.length; i++) {
        var all = terms.every(function (term, k) {
          return level(term, words[i + k], typos) >= (k === terms.length - 1 ? PREFIX : FOLDED)
        })
        if (all) runs++
      }
      if (runs) score += terms.length * FOLDED * (1 + Math.log(runs))
    }
    return score
  }

  function sectionScore(terms, doc, typos) {
    return 10 * fieldScore(terms, tokens(doc.title), typos) +
      fieldScore(terms, tokens(doc.text), typos) + doc.score * 1e-6
  }

  /* Material's result items (one group of sections per page), in the new order. */
  function rank(query, items, typos) {
    var terms = queryWords(query)
    if (!terms.length) return items
    return items.map(function (group) {
      var docs = group.map(function (doc) {
        return Object.assign({}, doc, { score: sectionScore(terms, doc, typos) })
      }).sort(function (a, b) { return b.score - a.score })
      var rest = docs.slice(1).reduce(function (sum, doc) { return sum + doc.score }, 0)
      return { docs: docs, score: docs[0].score + Math.min(rest, docs[0].score) / 20 }
    }).sort(function (a, b) { return b.score - a.score })
      .map(function (group) { return group.docs })
  }

  /* The query again with one typo allowed in each word of four letters or more (lunr's ~1). */
  function fuzzy(query) {
    if (/["~]/.test(query)) return null
    var words = query.trim().split(/\s+/)
    var changed = false
    var out = words.map(function (word) {
      if (!/^[a-z]{4,}$/i.test(word)) return word
      changed = true
      return word + "~1"
    })
    return changed ? out.join(" ") : null
  }

  /* Vietnamese typed on an English page: diacritics, or every word a Vietnamese syllable with
     at least one spelling English words hardly have (ng-, nh, tr-, ph-, uo, uye, ...). */
  var SYLLABLE = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?(uye|uya|uyu|oai|oay|uoi|uou|ieu|yeu|uay|uoc|ua|uo|uy|ie|ye|oa|oe|ai|ao|au|ay|eo|eu|ia|iu|oi|ui|ưu|[aeiouy])(ch|ng|nh|[cmnpt]|[iouy])?$/
  var MARKED = /^(ng|nh|tr|ph|kh|gi|th)|uo|uye|ie|ong$|ang$|anh$|inh$|ung$|ac$|oc$|uc$/

  function looksVietnamese(query) {
    var words = query.normalize("NFC").toLowerCase().match(WORD) || []
    if (!words.length) return false
    if (words.some(function (word) { return fold(word) !== word && /[a-z]/.test(fold(word)) })) {
      return true
    }
    return words.every(function (word) { return SYLLABLE.test(word) }) &&
      words.some(function (word) { return MARKED.test(word) && !/^(the|then|this|that|thin|ping|phone|trip|king|song|long|strong)$/.test(word) })
  }

  /* Words without diacritics, for phrases. */
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

  /* The words of a page opened from a result (?h=terms), compared without diacritics. */
  function mark(query) {
    var terms = fold(query).split(/\s+/).filter(Boolean)
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

  /* Quoted phrases: Material only requires each quoted word; only the sections where the
     words of each phrase follow one another (compared without diacritics) are kept. */
  function narrow(items, query) {
    var phrases = phrasesOf(query)
    if (!phrases.length) return items
    return items.map(function (group) {
      var found = group.filter(function (doc) { return hasPhrases(doc, phrases) })
      if (!found.length) return null
      return group.filter(function (doc) {
        return found.indexOf(doc) >= 0 || doc.location.indexOf("#") < 0
      })
    }).filter(Boolean)
  }

  var OFFER = {
    text: "These results are from the English pages only.",
    link: "Search the Vietnamese pages for “{q}”"
  }

  /* A note above the results of an English page, for a Vietnamese query; removed otherwise. */
  function offerVietnamese(query) {
    var meta = document.querySelector(".md-search-result__meta")
    var old = document.getElementById("handbook-search-vi")
    if (old) old.remove()
    if (!meta || document.documentElement.lang !== "en" || !looksVietnamese(query)) return
    var twin = document.querySelector(".md-select a[hreflang=vi]")
    var url = new URL(twin ? twin.href : "../", location.href)
    url.hash = ""
    url.searchParams.set("q", query)
    var note = document.createElement("p")
    note.id = "handbook-search-vi"
    note.className = "handbook-search-offer"
    note.style.cssText = "margin:0;padding:.4rem .8rem;font-size:.64rem;" +
      "border-bottom:.05rem solid var(--md-default-fg-color--lightest)"
    note.textContent = OFFER.text + " "
    var link = document.createElement("a")
    link.href = url.href
    link.lang = "vi"
    link.textContent = OFFER.link.replace("{q}", query)
    link.style.cssText = "color:var(--md-typeset-a-color);text-decoration:underline"
    note.appendChild(link)
    meta.after(note)
  }

  self.HandbookRank = { rank: rank, fuzzy: fuzzy, narrow: narrow, mark: mark,
    offerVietnamese: offerVietnamese, looksVietnamese: looksVietnamese }
})()
