/* Page tools for families: Share and Print (overrides/partials/actions.html), checklists that can be
 * ticked on screen, and a phone menu that opens at the top level.
 *
 * - Share opens the device's share sheet (Web Share API) where there is one; elsewhere, or if the
 *   sheet cannot open, a small menu offers: copy the link, email, text message. The result of copying
 *   is announced (role="status"). Escape or a tap elsewhere closes the menu.
 * - Print prints the page (site.css has the print layout).
 * - Checklist boxes (pymdownx.tasklist writes them disabled) can be ticked. The ticks stay in the page
 *   only: nothing is stored, and a reload clears them.
 * - On a phone, the menu opens on the main sections, not inside the current one; each section label
 *   and the back arrow (named "Main menu") can be reached and opened with the keyboard.
 * - A table too wide for its column (site.css shows each row as a card on phones, so this is for
 *   tables of many columns on wider screens) scrolls in a labelled frame that the keyboard reaches.
 * Runs on every page view (document$). MIT licence.
 */
(function () {
  "use strict";

  var PHONE = "(max-width: 76.234375em)"; // where Material's menu is a drawer

  var site = window.iepSite; // site.js: word, announce, copy

  function tools(box) {
    if (box.hasAttribute("data-ready")) return;
    box.setAttribute("data-ready", "");
    var url = box.getAttribute("data-url") || location.href.split("#")[0];
    var title = box.getAttribute("data-title") || document.title;
    var share = box.querySelector("[data-iep-share]");
    var menu = box.querySelector(".iep-share-menu");
    var status = menu.querySelector("[role=status]");

    menu.querySelector("[data-iep-via=email]").href =
      "mailto:?subject=" + encodeURIComponent(title) + "&body=" + encodeURIComponent(title + "\n" + url);
    menu.querySelector("[data-iep-via=sms]").href = "sms:?&body=" + encodeURIComponent(title + " " + url);

    function show(open) {
      menu.hidden = !open;
      share.setAttribute("aria-expanded", String(open));
      if (open) {
        status.textContent = "";
        menu.querySelector(".iep-share-menu__item").focus();
      }
    }

    share.addEventListener("click", function () {
      if (!menu.hidden) return show(false);
      if (typeof navigator.share === "function") {
        navigator.share({title: title, url: url}).catch(function (error) {
          if (!error || error.name !== "AbortError") show(true);
        });
      } else {
        show(true);
      }
    });
    menu.querySelector("[data-iep-copy]").addEventListener("click", function () {
      // Where the link cannot be copied, it stays in a selected field for the reader to copy.
      site.copy(url, function () {
        var field = document.createElement("input");
        field.value = url;
        field.className = "iep-share-menu__url";
        field.setAttribute("aria-label", site.word("iep.link_label"));
        field.readOnly = true;
        menu.insertBefore(field, status);
        field.select();
      }).then(function (ok) {
        site.announce(status, site.word(ok ? "iep.link_copied" : "iep.link_selected"));
      });
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !menu.hidden) {
        event.stopPropagation();
        show(false);
        share.focus();
      }
    });
    document.addEventListener("pointerdown", function (event) {
      if (!menu.hidden && !box.contains(event.target)) show(false);
    });
    box.querySelector("[data-iep-print]").addEventListener("click", function () { window.print(); });
    box.hidden = false;
  }

  function checklists() {
    Array.prototype.forEach.call(document.querySelectorAll(".task-list-item > input[type=checkbox][disabled]"), function (box) {
      var item = box.parentNode.cloneNode(true);
      Array.prototype.forEach.call(item.querySelectorAll("ul, ol"), function (list) { list.remove(); });
      box.disabled = false;
      box.setAttribute("aria-label", item.textContent.replace(/\s+/g, " ").trim());
      box.parentNode.classList.add("iep-task");
    });
  }

  function menu() {
    var drawer = document.getElementById("__drawer");
    if (!drawer || drawer.hasAttribute("data-iep-menu")) return;
    drawer.setAttribute("data-iep-menu", "");
    var labels = document.querySelectorAll(".md-nav--primary label.md-nav__link[for], .md-nav--primary .md-nav .md-nav__title[for]");
    function press(event) {
      // Material opens a focused label on Enter; Space does it too, as on a button.
      if (event.key === " ") {
        event.preventDefault();
        event.currentTarget.click();
      }
    }
    drawer.addEventListener("change", function () {
      if (!drawer.checked || !matchMedia(PHONE).matches) return;
      // Open on the main sections: close the current section's layer (its toggle is __nav_<n>).
      Array.prototype.forEach.call(document.querySelectorAll(".md-nav--primary input.md-nav__toggle:checked"), function (toggle) {
        if (/^__nav_\d+$/.test(toggle.id)) toggle.checked = false;
      });
      Array.prototype.forEach.call(labels, function (label) {
        if (label.getAttribute("tabindex") !== "0") {
          label.setAttribute("tabindex", "0");
          label.addEventListener("keydown", press);
        }
      });
    });
  }

  // A table wider than its column scrolls inside Material's frame: name the frame and make it a Tab stop,
  // so keyboard users can scroll it too (and take that back when the table fits again).
  function scroller(frame) {
    var wide = frame.scrollWidth > frame.clientWidth + 1;
    if (wide === frame.hasAttribute("data-iep-scroll")) return;
    if (wide) {
      var heading = frame.previousElementSibling;
      while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
      frame.setAttribute("data-iep-scroll", "");
      frame.setAttribute("tabindex", "0");
      frame.setAttribute("role", "region");
      frame.setAttribute("aria-label", site.word("iep.table") + (heading ? ": " + heading.textContent.replace(/\u00b6/g, "").trim() : "") + " " + site.word("iep.scrolls"));
    } else {
      ["data-iep-scroll", "tabindex", "role", "aria-label"].forEach(function (name) { frame.removeAttribute(name); });
    }
  }

  // The frames are measured when the browser has laid them out (a ResizeObserver reports each one then,
  // and again when its width changes), so measuring adds no layout of its own to the page's start-up.
  var frames = window.ResizeObserver && new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { scroller(entry.target); });
  });

  function scrollers() {
    Array.prototype.forEach.call(document.querySelectorAll("article .md-typeset__scrollwrap"), function (frame) {
      if (frames) frames.observe(frame); else scroller(frame);
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-iep-tools]"), tools);
    checklists();
    menu();
    scrollers();
  }

  if (!frames) {
    var resizing = 0;
    addEventListener("resize", function () {
      cancelAnimationFrame(resizing);
      resizing = requestAnimationFrame(scrollers);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else {
    init();
  }
})();
