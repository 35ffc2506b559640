/*
 * Stands in for Material's search worker until the first message, which carries the search
 * index and is sent only when the reader starts a search: then it imports the real worker
 * (named in ?worker=) and hands the message on, so lunr is not downloaded on page load.
 */
addEventListener("message", function setup(event) {
  removeEventListener("message", setup)
  importScripts(new URL(location.href).searchParams.get("worker"))
  dispatchEvent(new MessageEvent("message", { data: event.data }))
})
