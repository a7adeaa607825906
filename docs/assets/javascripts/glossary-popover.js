/* The glossary popover: one gesture for every marked term, first mention (a link) or repeat (<abbr>).
 *
 * Hover, keyboard focus or a tap opens the same box under the line (above it when there is no room
 * below, never over it): the term, its short definition and "More about this word". A tap never leaves
 * the page: the first tap opens the box, a second tap, a tap elsewhere or Escape closes it. With the
 * keyboard, Enter on a term link still follows it; on an abbreviation, Enter or Space opens the box and
 * moves to its link (which is not a Tab stop of its own: one stop per term). Screen readers hear the definition once, as the description of the focused term
 * (the title attributes are taken out, so nothing is read or shown twice).
 *
 * The data comes from the page (data-term, data-name, data-short: macros/render/blocks.term_data; the
 * build keeps a term's name and definition on its first mark only, macros/outputs/marks.py), so
 * nothing is fetched. Without JavaScript, terms stay plain links and abbreviations with their title.
 * MIT licence.
 */
(function () {
  "use strict";

  var MARK = "[data-term]";
  var GAP = 8; // px between the line and the box
  var pop, text, more, current = null, pinned = false, hoverTimer = 0, lineRect = null, quiet = false;

  function base() {
    return new URL((window.iepSite.config().base || ".") + "/", location.href);
  }

  function build() {
    pop = document.createElement("span");
    pop.className = "iep-pop";
    pop.hidden = true;
    text = document.createElement("span");
    text.className = "iep-pop__text";
    text.id = "iep-pop-text";
    text.setAttribute("aria-hidden", "true"); // read once, as the term's description
    more = document.createElement("a");
    more.className = "iep-pop__more";
    more.tabIndex = -1;
    pop.appendChild(text);
    pop.appendChild(more);
    pop.addEventListener("focusout", onFocusOut);
    pop.addEventListener("pointerenter", function () { clearTimeout(hoverTimer); });
    pop.addEventListener("pointerleave", function (event) { if (event.pointerType === "mouse") later(); });
  }

  // A mark's data, or that of the first mark of the same term, which carries it for the whole page.
  function data(mark, key) {
    if (mark.hasAttribute(key)) return mark.getAttribute(key);
    var first = document.querySelector('[data-term="' + mark.getAttribute("data-term") + '"][' + key + "]");
    return first ? first.getAttribute(key) : null;
  }

  function fill(mark) {
    var name = data(mark, "data-name") || mark.textContent;
    text.textContent = "";
    var strong = document.createElement("strong");
    strong.className = "iep-pop__name";
    strong.textContent = name;
    var short = document.createElement("span");
    short.className = "iep-pop__short";
    short.textContent = data(mark, "data-short");
    text.appendChild(strong);
    text.appendChild(short);
    more.href = mark.tagName === "A" ? mark.href : new URL("glossary/" + mark.getAttribute("data-term") + "/", base()).href;
    more.textContent = window.iepSite.word("iep.more");
    var hidden = document.createElement("span");
    hidden.className = "iep-visually-hidden";
    hidden.textContent = ": " + name;
    more.appendChild(hidden);
  }

  // The line the reader is on: the box of the mark on the line that was tapped (a mark may wrap).
  function lineOf(mark, y) {
    var rects = mark.getClientRects();
    if (!rects.length) return mark.getBoundingClientRect();
    if (y !== undefined) {
      for (var i = 0; i < rects.length; i++) {
        if (y >= rects[i].top - 4 && y <= rects[i].bottom + 4) return rects[i];
      }
    }
    return rects[0];
  }

  function place() {
    if (!current) return;
    var line = lineRect ? current.getClientRects()[lineRect.index] || current.getBoundingClientRect() : current.getBoundingClientRect();
    var width = Math.min(pop.offsetWidth, innerWidth - 2 * GAP);
    var height = pop.offsetHeight;
    var header = document.querySelector(".md-header");
    var top0 = header ? header.getBoundingClientRect().bottom : 0;
    var style = getComputedStyle(current.parentNode);
    var lead = Math.max(0, (parseFloat(style.lineHeight) - line.height) / 2) || 0; // half-leading: the whole line box
    var below = line.bottom + lead + GAP;
    var above = line.top - lead - GAP - height;
    var top = below + height <= innerHeight || above < top0 ? below : above;
    var left = Math.max(GAP, Math.min(line.left, innerWidth - width - GAP));
    pop.style.top = Math.round(top) + "px"; // CSSOM, which the Content Security Policy allows
    pop.style.left = Math.round(left) + "px";
    pop.classList.toggle("iep-pop--above", top !== below);
  }

  function open(mark, pin, y) {
    clearTimeout(hoverTimer);
    if (current !== mark) {
      close();
      current = mark;
      fill(mark);
      mark.after(pop); // next in reading order: its link follows the term
    }
    var rects = Array.prototype.slice.call(mark.getClientRects());
    var line = lineOf(mark, y);
    lineRect = {index: Math.max(0, rects.indexOf(line))};
    pinned = pinned || !!pin;
    mark.setAttribute("aria-describedby", text.id);
    if (mark.tagName !== "A") mark.setAttribute("aria-expanded", "true");
    pop.hidden = false;
    place();
  }

  function close() {
    clearTimeout(hoverTimer);
    if (!current) return;
    current.removeAttribute("aria-describedby");
    if (current.tagName !== "A") current.setAttribute("aria-expanded", "false");
    pop.hidden = true;
    current = null;
    pinned = false;
    lineRect = null;
  }

  function later() {
    clearTimeout(hoverTimer);
    hoverTimer = setTimeout(function () { if (!pinned) close(); }, 250);
  }

  function onFocusOut(event) {
    if (!current) return;
    var to = event.relatedTarget;
    if (to && (to === current || pop.contains(to))) return;
    if (!pinned || (to && to !== document.body)) close();
  }

  function setup(root) {
    Array.prototype.forEach.call(root.querySelectorAll(MARK), function (mark) {
      if (mark.hasAttribute("data-iep-pop") || !data(mark, "data-short")) return;
      if (mark.closest("a:not([data-term]), button, summary, label, .md-nav, .md-search")) return;
      mark.setAttribute("data-iep-pop", "");
      if (mark.tagName !== "A") {
        if (mark.title) mark.setAttribute("data-title", mark.title);
        mark.removeAttribute("title"); // the popover names it; no second, native tip
        mark.tabIndex = 0;
        mark.setAttribute("role", "button");
        mark.setAttribute("aria-expanded", "false");
      }
      mark.addEventListener("pointerenter", function (event) {
        if (event.pointerType === "mouse") open(mark, false, event.clientY);
      });
      mark.addEventListener("pointerleave", function (event) {
        if (event.pointerType === "mouse" && !pinned) later();
      });
      mark.addEventListener("focus", function () { if (!quiet && current !== mark) open(mark, false); });
      mark.addEventListener("blur", onFocusOut);
      mark.addEventListener("click", function (event) {
        // Enter on a link (a click without a pointer) follows it; a tap or click opens or closes the box.
        if (mark.tagName === "A" && event.detail === 0) return;
        event.preventDefault();
        if (current === mark && pinned) {
          close();
        } else {
          open(mark, true, event.clientY || undefined);
        }
      });
      if (mark.tagName !== "A") {
        mark.addEventListener("keydown", function (event) {
          if (event.key !== "Enter" && event.key !== " ") return;
          event.preventDefault();
          open(mark, true);
          more.focus();
        });
      }
    });
  }

  function init() {
    if (!pop) {
      build();
      document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape" || !current) return;
        var mark = current, inside = pop.contains(document.activeElement);
        close();
        if (inside) {
          quiet = true; // back on the term, without opening the box again
          mark.focus();
          quiet = false;
        }
      });
      document.addEventListener("pointerdown", function (event) {
        if (current && event.target !== current && !current.contains(event.target) && !pop.contains(event.target)) close();
      }, true);
      addEventListener("scroll", function () { if (current) requestAnimationFrame(place); }, {passive: true, capture: true});
      addEventListener("resize", function () { if (current) requestAnimationFrame(place); });
    }
    setup(document);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else {
    init();
  }
})();
