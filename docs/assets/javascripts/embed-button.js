/* "Embed this": open the dialog, keep its code in step with the options, and copy it.
 *
 * The button ships hidden and is shown only here, so without JavaScript nothing broken is offered.
 * Copying uses the Clipboard API, or selects the code and asks the browser to copy it; the result is
 * announced in the dialog's status line (role="status"). Runs on every page view, including pages that
 * Material's instant navigation swaps in (document$). MIT licence.
 */
(function () {
  "use strict";

  // Material reads every <link rel="alternate"> as the home of another language version of the site and
  // fetches a sitemap.xml beside it. The oEmbed link and each page's hreflang links (this page in the
  // other language, at its absolute address) are for other websites' servers and search engines, which
  // read the HTML as sent; take them out of Material's way in the browser before Material looks (on
  // DOMContentLoaded, after this script has run). The site's language switch is its own link.
  Array.prototype.forEach.call(document.querySelectorAll('link[rel="alternate"]:is([type="application/json+oembed"], [hreflang])'), function (link) {
    link.rel = link.hasAttribute("hreflang") ? "alternate language" : "alternate oembed";
  });

  var site = window.iepSite; // site.js: word, announce, copy

  function setup(box) {
    var open = box.querySelector(".iep-embed-share__open");
    var dialog = box.querySelector("dialog");
    if (!open || !dialog || box.hasAttribute("data-ready") || typeof dialog.showModal !== "function") return;
    box.setAttribute("data-ready", "");
    var code = dialog.querySelector("textarea");
    var loader = dialog.querySelector("[data-iep-embed-loader]");
    var status = dialog.querySelector("[role=status]");

    function update() {
      var view = dialog.querySelector("input[name=iep-embed-view]:checked") || code;
      code.value = view.getAttribute("data-snippet") + (loader.checked ? "\n" + code.getAttribute("data-loader") : "");
      status.textContent = "";
    }

    function copied(ok) {
      site.announce(status, site.word(ok ? "iep.code_copied" : "iep.code_selected"));
    }

    dialog.addEventListener("change", update);
    dialog.querySelector("[data-iep-embed-copy]").addEventListener("click", function () {
      site.copy(code.value, function () { code.focus(); code.select(); }).then(copied);
    });
    dialog.querySelector("[data-iep-embed-close]").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) {
      // A click on the backdrop (outside the dialog's box) closes it, as Escape does.
      var box = dialog.getBoundingClientRect();
      if (event.target === dialog && (event.clientX < box.left || event.clientX > box.right ||
          event.clientY < box.top || event.clientY > box.bottom)) dialog.close();
    });
    dialog.addEventListener("close", function () { open.focus(); });
    open.addEventListener("click", function () {
      status.textContent = "";
      dialog.showModal();
    });
    update();
    open.hidden = false;
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".iep-embed-share"), setup);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else {
    init();
  }
})();
