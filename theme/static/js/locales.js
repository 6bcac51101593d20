/* kbgen default theme, on a site with several locales: a search result that this locale shows from another
 * language (a question not translated yet, listed under `fallback` in the locale's search/index.json by its
 * URL) says which language it is in, and its title carries that `lang`.
 * An entry module of the pages of a site with several locales only; it imports nothing. */

const body = document.body;
let fallback = null;
let asked = false;

function localePath(link) {
  const home = new URL(body.getAttribute("data-root") || "./", document.baseURI).pathname;
  const path = new URL(link.getAttribute("href"), document.baseURI).pathname;
  return path.startsWith(home) ? path.slice(home.length) : "";
}

function mark(link) {
  const tag = fallback[localePath(link)];
  if (!tag) return;
  link.classList.add("search-hit-fallback");
  const title = link.querySelector(".search-hit-title");
  const label = document.createElement("span");
  label.className = "search-hit-lang";
  label.textContent = tag;
  if (title) {
    title.setAttribute("lang", tag);
    title.insertAdjacentElement("afterend", label);
  } else {
    link.appendChild(label);
  }
}

function markResults() {
  const links = document.querySelectorAll(".search-hit a:not(.search-hit-fallback)");
  if (!links.length) return;
  if (fallback === null) {
    if (!asked) {
      asked = true; // the index the search has just fetched: from the browser's cache
      fetch(body.getAttribute("data-search-index"))
        .then((response) => response.json())
        .then((index) => { fallback = index.fallback || {}; markResults(); })
        .catch(() => { asked = false; });
    }
    return;
  }
  links.forEach(mark);
}

new MutationObserver(markResults).observe(body, { childList: true, subtree: true });
