// kbgen serve only: live reload and the build-error overlay.
// Injected by the dev server into HTML responses; never part of `kbgen build` output.
// No inline code and no HTML strings: error messages are inserted as text.
(function () {
  "use strict";

  var EVENTS_URL = "/__kbgen__/events";
  var CSS_URL = "/__kbgen__/overlay.css";
  var OVERLAY_ID = "kbgen-overlay";
  var shown = null; // the build version this page shows

  function addStyles() {
    if (document.querySelector('link[href="' + CSS_URL + '"]')) {
      return;
    }
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = CSS_URL;
    document.head.appendChild(link);
  }

  function removeOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) {
      old.parentNode.removeChild(old);
    }
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function showOverlay(errors) {
    addStyles();
    removeOverlay();
    var overlay = element("div", "kbgen-overlay");
    overlay.id = OVERLAY_ID;
    overlay.setAttribute("role", "alert");
    var box = element("div", "kbgen-overlay__box");
    var count = errors.length === 1 ? "1 error" : errors.length + " errors";
    box.appendChild(element("h2", "kbgen-overlay__title", "kbgen: the build failed with " + count));
    box.appendChild(
      element(
        "p",
        "kbgen-overlay__note",
        "The last good version of the site is still served underneath. " +
          "Fix the files below and save: this page reloads by itself."
      )
    );
    var list = element("ol", "kbgen-overlay__list");
    errors.forEach(function (message) {
      var item = element("li");
      var match = /^(.*?:\d+): ([\s\S]*)$/.exec(message);
      if (match) {
        item.appendChild(element("code", "kbgen-overlay__where", match[1] + ":"));
        item.appendChild(document.createTextNode(" " + match[2]));
      } else {
        item.textContent = message;
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    var hide = element("button", "kbgen-overlay__hide", "Hide");
    hide.type = "button";
    hide.addEventListener("click", removeOverlay);
    box.appendChild(hide);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
  }

  function onState(state) {
    if (!state.ok) {
      if (shown === null) {
        shown = state.version;
      }
      showOverlay(state.errors);
      return;
    }
    if (shown === null) {
      shown = state.version;
      return;
    }
    if (state.version === shown) {
      return;
    }
    // the whole build after a first look this page shows, which wrote this page byte for byte: nothing to reload
    if (state.after === shown && (state.kept || []).indexOf(window.location.pathname) >= 0) {
      shown = state.version;
      return;
    }
    window.location.reload();
  }

  if (!window.EventSource) {
    return;
  }
  var source = new EventSource(EVENTS_URL);
  source.addEventListener("message", function (event) {
    onState(JSON.parse(event.data));
  });
  window.__kbgenLiveReload = true;
})();
