/* Letters: fill a letter in from its form, then copy, email or print it. Loaded only by pages that show
 * a letter (macros/render/letters.py writes the markup and this script's tag).
 *
 * Everything happens in this page: nothing typed is sent anywhere or stored (no cookies, no storage, no
 * requests). Without this script the page shows the letter with its blanks in [brackets] and a link to
 * its Word file; the form and the Copy, Email and Print buttons ship hidden and are shown here.
 * In a translated edition the page holds the letter twice, in its language and in English (for a school
 * that reads English): the form fills both, and a choice shows one; Copy, Email and Print take the one shown.
 * Runs on DOMContentLoaded, and on every page view Material's instant navigation would swap in
 * (document$). MIT licence.
 */
(function () {
  "use strict";

  // Longer mailto: addresses are cut or refused by some mail programs; then the letter is copied instead.
  var EMAIL_MAX = 1800;
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  // "2026-11-30" as a letter in that language writes it: "November 30, 2026", "30 de noviembre de 2026"
  // (read as a calendar day, in no time zone).
  function longDate(value, lang) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m) return value;
    var day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return new Intl.DateTimeFormat(lang === "en" ? "en-US" : lang, {year: "numeric", month: "long", day: "numeric", timeZone: "UTC"}).format(day);
  }

  // The text of an element as shown: hidden parts left out, <br> as a line break, spaces collapsed.
  function shownText(node) {
    var out = "";
    each(node.childNodes, function (child) {
      if (child.nodeType === 3) out += child.nodeValue.replace(/\s+/g, " ");
      else if (child.nodeType === 1 && !child.hidden) out += child.tagName === "BR" ? "\n" : shownText(child);
    });
    return out.split("\n").map(function (line) { return line.trim(); }).join("\n");
  }

  // The letter as plain text: a blank line between paragraphs, one line per list item, and a list right
  // under the line that leads into it (as the page shows it).
  function letterText(sheet) {
    var text = "";
    each(sheet.children, function (el) {
      if (el.hidden) return;
      if (el.tagName === "UL" || el.tagName === "OL") {
        text += (text ? "\n" : "") + Array.prototype.map.call(el.children, function (li, i) {
          return (el.tagName === "OL" ? (i + 1) + ". " : "- ") + shownText(li);
        }).join("\n");
      } else {
        text += (text ? "\n\n" : "") + shownText(el);
      }
    });
    return text;
  }

  // Copy (site.js), by way of a hidden text box where the Clipboard API cannot; the box then goes, and
  // the focus goes back where it was. This script sits in the article, so it runs before site.js: it
  // reaches window.iepSite only from its handlers, never as it loads.
  function copyText(root, text) {
    var box = null, focused = document.activeElement;
    return window.iepSite.copy(text, function () {
      box = document.createElement("textarea");
      box.value = text;
      box.setAttribute("readonly", "");
      box.className = "letter__copy-box";
      root.appendChild(box);
      box.select();
    }).then(function (ok) {
      if (box) {
        root.removeChild(box);
        if (focused && focused.focus) focused.focus();
      }
      return ok;
    });
  }

  function setup(root) {
    var form = root.querySelector("[data-letter-form]");
    var sheets = root.querySelectorAll("[data-letter-sheet]");
    var status = root.querySelector("[data-letter-status]");
    var email = root.querySelector("[data-letter-action=email]");
    if (!form || !sheets.length || !status || !email || root.hasAttribute("data-ready")) return;
    root.setAttribute("data-ready", "");
    var inputs = form.querySelectorAll("[data-letter-input]");
    var choices = form.querySelectorAll("[data-letter-language]");
    var parts = Array.prototype.map.call(sheets, function (sheet) {
      var spans = sheet.querySelectorAll("[data-field]");
      each(spans, function (span) { span.setAttribute("data-blank", span.textContent); });
      var lists = [];
      each(sheet.querySelectorAll("[data-lines]"), function (list) {
        lists.push({ el: list, field: list.getAttribute("data-lines"), blank: Array.prototype.slice.call(list.children) });
      });
      return {sheet: sheet, lang: sheet.getAttribute("lang") || "en", spans: spans, lists: lists,
        optional: sheet.querySelectorAll("[data-optional]")};
    });
    var emailTooLong = false;

    // The letter shown: the one the language choice names (the first, without a choice).
    function shown() {
      var chosen = form.querySelector("[data-letter-language]:checked");
      return parts.filter(function (p) { return !chosen || p.lang === chosen.value; })[0] || parts[0];
    }

    function values(lang) {
      var v = {};
      each(inputs, function (input) {
        var id = input.getAttribute("data-letter-input");
        if (input.type === "checkbox") v[id] = input.checked;
        else if (input.type === "date") v[id] = longDate(input.value, lang);
        else v[id] = input.value;
      });
      return v;
    }

    function fill(part) {
      var v = values(part.lang);
      each(part.spans, function (span) {
        var id = span.getAttribute("data-field");
        var value = typeof v[id] === "string" ? v[id].replace(/\s+/g, " ").trim() : "";
        span.textContent = value || span.getAttribute("data-blank");
        span.classList.toggle("letter__blank--filled", value !== "");
      });
      part.lists.forEach(function (list) {
        var lines = String(v[list.field] || "").split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
        var items = lines.length ? lines.map(function (line) {
          var li = document.createElement("li");
          li.textContent = line;
          return li;
        }) : list.blank;
        while (list.el.firstChild) list.el.removeChild(list.el.firstChild);
        items.forEach(function (li) { list.el.appendChild(li); });
      });
      each(part.optional, function (p) {
        var when = p.getAttribute("data-when");
        var on = when ? v[when] === true : Array.prototype.every.call(p.querySelectorAll("[data-field]"), function (span) {
          return span.classList.contains("letter__blank--filled");
        });
        p.hidden = !on;
      });
    }

    function update() {
      parts.forEach(fill);
      var current = shown();
      if (choices.length) {
        parts.forEach(function (p) { p.sheet.hidden = p !== current; });
      }
      var base = "mailto:?subject=" + encodeURIComponent(current.sheet.getAttribute("data-subject"));
      var full = base + "&body=" + encodeURIComponent(letterText(current.sheet));
      emailTooLong = full.length > EMAIL_MAX;
      email.href = emailTooLong ? base : full;
      status.textContent = "";
    }

    function copy() {
      copyText(root, letterText(shown().sheet)).then(function (ok) {
        window.iepSite.announce(status, window.iepSite.word(ok ? "iep.letter_copied" : "iep.letter_not_copied"));
      });
    }

    function print() {
      var html = document.documentElement;
      function done() {
        html.classList.remove("letter-printing");
        root.classList.remove("letter--printing");
        window.removeEventListener("afterprint", done);
        document.removeEventListener("pointerdown", done);
      }
      html.classList.add("letter-printing");
      root.classList.add("letter--printing");
      window.addEventListener("afterprint", done);
      document.addEventListener("pointerdown", done);  // in case a browser never says printing is over
      window.print();
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    root.querySelector("[data-letter-action=copy]").addEventListener("click", copy);
    root.querySelector("[data-letter-action=print]").addEventListener("click", print);
    email.addEventListener("click", function () {
      if (!emailTooLong) return;
      // The mail program opens with the subject only; the letter waits on the clipboard.
      copyText(root, letterText(shown().sheet)).then(function (ok) {
        window.iepSite.announce(status, window.iepSite.word(ok ? "iep.letter_long_copied" : "iep.letter_long"));
      });
    });
    each(inputs, function (input) {
      if (input.getAttribute("data-default") === "today" && !input.value) input.value = today();
    });
    each(root.querySelectorAll("[data-lead], [data-letter-which]"), function (lead) { lead.hidden = true; });
    each(root.querySelectorAll("[data-letter-action]"), function (button) { button.hidden = false; });
    root.querySelector("[data-letter-nojs]").hidden = true;
    form.hidden = false;
    update();
  }

  function init() {
    each(document.querySelectorAll("[data-letter]"), setup);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
